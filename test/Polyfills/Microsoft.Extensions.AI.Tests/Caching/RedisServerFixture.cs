using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace LlmAdapters.Polyfills.Tests;

/// <summary>
/// A real Redis server for the distributed-cache tests: the one named by <c>LLMADAPTERS_TEST_REDIS</c>
/// (set by <c>eng/test.sh</c>), else a <c>redis-server</c> started here on a free loopback port.
/// </summary>
public sealed class RedisServerFixture : IAsyncLifetime
{
    public const string EndpointVariable = "LLMADAPTERS_TEST_REDIS";

    private Process? _process;

    public string Endpoint { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable(EndpointVariable) is { Length: > 0 } endpoint)
        {
            Endpoint = endpoint;
            return;
        }

        var binary = FindOnPath("redis-server") ?? throw new InvalidOperationException(
            $"The Redis tests need a Redis server: set {EndpointVariable}=host:port, install redis-server, or run 'bash eng/test.sh', which starts one.");

        var port = FreePort();
        _process = Process.Start(new ProcessStartInfo(binary)
        {
            ArgumentList = { "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("redis-server did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Endpoint = $"127.0.0.1:{port}";

        // Wait until it accepts connections (bounded by attempts, not by a timing assertion).
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (attempt < 100 && !_process.HasExited)
            {
                await Task.Delay(50);
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process?.Dispose();
        return ValueTask.CompletedTask;
    }

    private static string? FindOnPath(string name)
    {
        var directories = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Concat(["/usr/bin", "/usr/local/bin", "/usr/sbin"]);
        return directories.Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
