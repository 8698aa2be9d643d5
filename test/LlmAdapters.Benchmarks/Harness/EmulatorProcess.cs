using System.Diagnostics;

namespace LlmAdapters.Benchmarks.Harness;

/// <summary>Starts this executable again as <c>serve-emulator</c>, so server work never runs in the measured process.</summary>
internal sealed class EmulatorProcess : IAsyncDisposable
{
    private readonly Process _process;

    private EmulatorProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public int ProcessId => _process.Id;

    public static async Task<EmulatorProcess> StartAsync(CancellationToken cancellationToken)
    {
        var host = Environment.ProcessPath ?? throw new InvalidOperationException("The benchmark cannot find its own executable.");
        var start = new ProcessStartInfo(host)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (string.Equals(Path.GetFileNameWithoutExtension(host), "dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(typeof(EmulatorProcess).Assembly.Location);
        }

        start.ArgumentList.Add("serve-emulator");
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the emulator process.");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith(EmulatorServer.ReadyPrefix, StringComparison.Ordinal))
            {
                return new EmulatorProcess(process, new Uri(line[EmulatorServer.ReadyPrefix.Length..]));
            }
        }

        process.Kill();
        throw new InvalidOperationException("The emulator process exited before it was ready.");
    }

    public async ValueTask DisposeAsync()
    {
        // Closing its input is the stop signal; kill it if it does not stop promptly.
        _process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}
