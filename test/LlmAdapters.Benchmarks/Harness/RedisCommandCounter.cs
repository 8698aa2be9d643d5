using System.Diagnostics;
using System.Globalization;
using StackExchange.Redis;
using StackExchange.Redis.Profiling;

namespace LlmAdapters.Benchmarks.Harness;

/// <summary>
/// Counts the Redis commands a number of calls cost, two ways that must agree: StackExchange.Redis profiling of the calls
/// (every command the client sent, and which of them it did not wait for), and the server's own <c>INFO commandstats</c>
/// before and after (every command it executed, by name, including those its scripts ran).
/// </summary>
internal sealed class RedisCommandCounter
{
    // Commands the client library sends for itself (heartbeats, handshakes) and the counter's own INFO.
    private static readonly HashSet<string> s_upkeep = new(StringComparer.OrdinalIgnoreCase)
    {
        "info", "ping", "echo", "hello", "select", "subscribe", "unsubscribe", "role", "time",
    };

    private readonly IConnectionMultiplexer _connection;
    private ProfilingSession? _session;

    /// <summary>Initializes a new instance over the connection the stores use (it must allow admin commands for INFO).</summary>
    public RedisCommandCounter(IConnectionMultiplexer connection)
    {
        _connection = connection;
        _connection.RegisterProfiler(() => Volatile.Read(ref _session));
    }

    /// <summary>Runs <paramref name="call"/> <paramref name="calls"/> times and counts the commands they cost.</summary>
    public async Task<RedisCommandCount> CountAsync(int calls, Func<CancellationToken, ValueTask<long>> call, CancellationToken cancellationToken)
    {
        var before = await ReadCommandStatsAsync();
        var session = new ProfilingSession();
        Volatile.Write(ref _session, session);
        for (var i = 0; i < calls; i++)
        {
            await call(cancellationToken);
        }

        // Settlements sent after a call returned (a stream's, or fire-and-forget ones) still belong to it: give them time
        // to leave, then flush the connection with one awaited command so everything before it has been executed.
        await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        Volatile.Write(ref _session, null);
        await _connection.GetDatabase().PingAsync();
        var after = await ReadCommandStatsAsync();

        var executed = after
            .Select(pair => (Command: pair.Key, Calls: pair.Value.Calls - before.GetValueOrDefault(pair.Key).Calls, Micros: pair.Value.Micros - before.GetValueOrDefault(pair.Key).Micros))
            .Where(entry => entry.Calls > 0 && !IsUpkeep(entry.Command))
            .ToList();
        var profiled = session.FinishProfiling().Where(c => !IsUpkeep(c.Command)).ToList();
        var fireAndForget = profiled.Count(c => (c.Flags & CommandFlags.FireAndForget) != 0);

        // The server's statistics also count what scripts call (redis.call): those never cross the network.
        var scripts = executed.Where(e => IsScriptCommand(e.Command)).ToList();
        return new RedisCommandCount(
            (double)profiled.Count / calls,
            (double)(profiled.Count - fireAndForget) / calls,
            (double)scripts.Sum(e => e.Calls) / calls,
            (double)executed.Where(e => !IsScriptCommand(e.Command)).Sum(e => e.Calls) / calls,
            (double)scripts.Sum(e => e.Micros) / calls,
            scripts.OrderBy(e => e.Command, StringComparer.Ordinal).ToDictionary(e => e.Command, e => (double)e.Calls / calls, StringComparer.Ordinal));
    }

    /// <summary>The median time of one awaited PING on the connection, in microseconds: the floor under every command
    /// the caller waits for, on this machine and at this load (the median, so a scheduling stall does not decide it).</summary>
    public async Task<double> PingMicrosecondsAsync(int count)
    {
        var database = _connection.GetDatabase();
        var times = new double[count];
        for (var i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await database.PingAsync();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }

        Array.Sort(times);
        return times[count / 2];
    }

    private static long Field(string[] fields, string name) =>
        fields.FirstOrDefault(f => f.StartsWith(name, StringComparison.Ordinal)) is { } field
            ? long.Parse(field[name.Length..], CultureInfo.InvariantCulture)
            : 0;

    private static bool IsScriptCommand(string command) =>
        command.StartsWith("eval", StringComparison.OrdinalIgnoreCase) || command.StartsWith("script", StringComparison.OrdinalIgnoreCase)
            || command.StartsWith("fcall", StringComparison.OrdinalIgnoreCase);

    private static bool IsUpkeep(string command) =>
        s_upkeep.Contains(command) || command.StartsWith("client", StringComparison.OrdinalIgnoreCase)
            || command.StartsWith("config", StringComparison.OrdinalIgnoreCase) || command.StartsWith("cluster", StringComparison.OrdinalIgnoreCase);

    private async Task<Dictionary<string, (long Calls, long Micros)>> ReadCommandStatsAsync()
    {
        var server = _connection.GetServer(_connection.GetEndPoints()[0]);
        var sections = await server.InfoAsync("commandstats");
        var stats = new Dictionary<string, (long Calls, long Micros)>(StringComparer.Ordinal);
        foreach (var entry in sections.SelectMany(section => section))
        {
            // cmdstat_evalsha:calls=12,usec=...,usec_per_call=...,rejected_calls=0,failed_calls=0
            if (entry.Key.StartsWith("cmdstat_", StringComparison.Ordinal))
            {
                var fields = entry.Value.Split(',');
                stats[entry.Key["cmdstat_".Length..]] = (Field(fields, "calls="), Field(fields, "usec="));
            }
        }

        return stats;
    }
}

/// <summary>Redis commands per call.</summary>
/// <param name="Sent">Commands per call the client sent (profiling): each one request and reply on the network.</param>
/// <param name="Awaited">Of those, the ones not sent fire-and-forget: the caller waits for their reply.</param>
/// <param name="ServerScripts">Script commands per call the server executed (<c>INFO commandstats</c>); equals
/// <paramref name="Sent"/> when every command of the stores is a script.</param>
/// <param name="InsideScripts">Commands per call the scripts ran inside the server (<c>redis.call</c>).</param>
/// <param name="ServerMicros">Microseconds per call the server spent running those scripts.</param>
/// <param name="ByCommand">The server's script commands per call, by name.</param>
internal sealed record RedisCommandCount(double Sent, double Awaited, double ServerScripts, double InsideScripts, double ServerMicros, IReadOnlyDictionary<string, double> ByCommand);
