using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace LlmAdapters.Middleware.Tests.SharedState;

/// <summary>
/// <c>redis-cli monitor</c> on a Redis server: every command the server runs, including those inside scripts, with the
/// server's own arguments. Used to read the times the shared rate-limit window admitted calls at, on the clock that
/// enforces it.
/// </summary>
internal sealed partial class RedisMonitor : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private RedisMonitor(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            if (e.Data == "OK")
            {
                _ready.TrySetResult();
            }

            _lines.Enqueue(e.Data);
        };
        _process.BeginOutputReadLine();
    }

    public static async Task<RedisMonitor> StartAsync(string endpoint, CancellationToken cancellationToken)
    {
        var (host, port) = (endpoint[..endpoint.LastIndexOf(':')], endpoint[(endpoint.LastIndexOf(':') + 1)..]);
        var binary = new[] { "/usr/bin/redis-cli", "/usr/local/bin/redis-cli" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("The fleet test reads the server's commands with redis-cli: install redis-tools (redis-server brings it).");
        var monitor = new RedisMonitor(Process.Start(new ProcessStartInfo(binary)
        {
            ArgumentList = { "-h", host, "-p", port, "monitor" },
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!);
        await monitor._ready.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        return monitor;
    }

    /// <summary>The scores (the server's time in ms) of every member a script added to sorted sets whose key starts with
    /// <paramref name="keyStart"/> and ends with <paramref name="keyEnd"/>, in order.</summary>
    public IReadOnlyList<double> ScriptAdds(string keyStart, string keyEnd) =>
        [.. _lines
            .Where(line => line.Contains("[0 lua] \"ZADD\"", StringComparison.Ordinal))
            .Select(line => Quoted().Matches(line).Select(m => m.Groups[1].Value).ToList())
            .Where(args => args.Count == 4 && args[1].StartsWith(keyStart, StringComparison.Ordinal) && args[1].EndsWith(keyEnd, StringComparison.Ordinal))
            .Select(args => double.Parse(args[2], CultureInfo.InvariantCulture))
            .Order()];

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    [GeneratedRegex("\"((?:[^\"\\\\]|\\\\.)*)\"")]
    private static partial Regex Quoted();
}
