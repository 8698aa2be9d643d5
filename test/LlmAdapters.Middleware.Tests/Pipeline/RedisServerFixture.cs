using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

[assembly: AssemblyFixture(typeof(LlmAdapters.Middleware.Tests.Pipeline.RedisServerFixture))]

namespace LlmAdapters.Middleware.Tests.Pipeline;

/// <summary>
/// The real Redis server the distributed-cache tests talk to: the one named by <c>LLMADAPTERS_TEST_REDIS</c>
/// (<c>host:port</c>, set by <c>eng/test.sh</c>), else a <c>redis-server</c> from the PATH started on a free loopback
/// port for this test run. With neither, every Redis test fails and says how to provide one; none is skipped.
/// Nothing happens until a Redis test asks, so the other tests never depend on Redis.
/// </summary>
public sealed class RedisServerFixture : IAsyncDisposable
{
    public const string EndpointVariable = "LLMADAPTERS_TEST_REDIS";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _endpoint;
    private Process? _process;

    /// <summary>Gets the <c>host:port</c> of a running Redis server, starting one on first use if needed.</summary>
    public async Task<string> GetEndpointAsync()
    {
        await _gate.WaitAsync();
        try
        {
            return _endpoint ??= Environment.GetEnvironmentVariable(EndpointVariable) is { Length: > 0 } configured
                ? configured
                : await StartLocalServerAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Deletes every key that starts with <paramref name="prefix"/> (one test's entries) and says how many there were.</summary>
    public async Task<int> RemoveKeysAsync(string prefix)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(await GetEndpointAsync());
        var server = connection.GetServer(connection.GetEndPoints().Single());
        var keys = new List<RedisKey>();
        await foreach (var key in server.KeysAsync(pattern: prefix + "*"))
        {
            keys.Add(key);
        }

        if (keys.Count > 0)
        {
            await connection.GetDatabase().KeyDeleteAsync([.. keys]);
        }

        return keys.Count;
    }

    public ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process?.Dispose();
        _gate.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<string> StartLocalServerAsync()
    {
        var binary = FindOnPath("redis-server") ?? throw new InvalidOperationException(
            $"The Redis tests need a Redis server: set {EndpointVariable}=host:port, install redis-server, or run 'bash eng/test.sh', which starts one.");

        var port = FreePort();
        _process = Process.Start(new ProcessStartInfo(binary)
        {
            ArgumentList = { "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("redis-server did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        // Wait until it accepts connections, bounded by attempts rather than by a timing assertion.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return $"127.0.0.1:{port}";
            }
            catch (SocketException) when (attempt < 100 && !_process.HasExited)
            {
                await Task.Delay(50);
            }
        }
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .Concat(["/usr/bin", "/usr/local/bin", "/usr/sbin"])
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
