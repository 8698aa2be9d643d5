using System.Diagnostics;
using System.Globalization;

namespace LlmAdapters.Middleware.Tests.SharedState;

/// <summary>
/// One running LlmAdapters.FleetWorker process: its output lines as they arrive, a line to its input, a kill, and the
/// parsed output once it ends.
/// </summary>
internal sealed class FleetWorkerProcess : IDisposable
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly Task _reading;
    private readonly Task<string> _errors;

    private FleetWorkerProcess(Process process)
    {
        _process = process;
        _reading = ReadAsync();
        _errors = process.StandardError.ReadToEndAsync();
    }

    /// <summary>Gets the call results printed so far ("ok", "budget", "error &lt;type&gt;").</summary>
    public IReadOnlyList<string> Results
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines.Where(IsResult)];
            }
        }
    }

    public static FleetWorkerProcess Start(IReadOnlyDictionary<string, string> settings)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(WorkerPath());
        foreach (var (name, value) in settings)
        {
            start.ArgumentList.Add($"{name}={value}");
        }

        return new FleetWorkerProcess(Process.Start(start)!);
    }

    /// <summary>Waits until the printed lines satisfy <paramref name="condition"/> (bounded: a stuck worker fails the test).</summary>
    public async Task WaitForAsync(Func<IReadOnlyList<string>, bool> condition, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            lock (_lines)
            {
                if (condition(_lines))
                {
                    return;
                }
            }

            if (_process.HasExited && _reading.IsCompleted)
            {
                Assert.Fail($"the worker ended early: {string.Join(" | ", _lines)} {await _errors}");
            }

            Assert.True(deadline.Elapsed < s_patience, $"the worker never got there: {string.Join(" | ", _lines)}");
            await Task.Delay(20, cancellationToken);
        }
    }

    public Task SendAsync(string line) => _process.StandardInput.WriteLineAsync(line);

    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>Waits for the worker to finish and checks it ended cleanly.</summary>
    public async Task<WorkerOutput> CompleteAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken);
        await _reading;
        var lines = _lines;
        if (_process.ExitCode != 0 || lines.LastOrDefault() != "done")
        {
            Assert.Fail($"worker failed ({_process.ExitCode}): {await _errors}");
        }

        return new WorkerOutput(
            [.. lines.Where(IsResult)],
            [.. lines.Where(l => l.StartsWith("warn ", StringComparison.Ordinal))],
            long.Parse(lines.Single(l => l.StartsWith("unavailable ", StringComparison.Ordinal))["unavailable ".Length..], CultureInfo.InvariantCulture));
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private static bool IsResult(string line) => line is "ok" or "budget" || line.StartsWith("error ", StringComparison.Ordinal);

    private async Task ReadAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            lock (_lines)
            {
                _lines.Add(line.Trim());
            }
        }
    }

    /// <summary>The worker is built beside this test project (a build-order reference), in the same configuration.</summary>
    private static string WorkerPath()
    {
        var path = AppContext.BaseDirectory.Replace("LlmAdapters.Middleware.Tests", "LlmAdapters.FleetWorker", StringComparison.Ordinal);
        var worker = Path.Combine(path, "LlmAdapters.FleetWorker.dll");
        return File.Exists(worker) ? worker : throw new InvalidOperationException($"Build test/LlmAdapters.FleetWorker first: {worker} is missing.");
    }
}

/// <summary>What a worker printed: its call results in the order they ended, its warnings, and the failure metric.</summary>
internal sealed record WorkerOutput(IReadOnlyList<string> Results, IReadOnlyList<string> Warnings, long Unavailable);
