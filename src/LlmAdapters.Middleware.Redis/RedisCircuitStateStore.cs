using System;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace LlmAdapters.Middleware.Redis;

/// <summary>
/// An <see cref="ICircuitStateStore"/> in Redis: a hash per circuit (open flag, open-until, the sampling window's attempts
/// and failures, by the Redis server's clock) and a probe key taken with <c>SET NX PX</c>, so exactly one process probes a
/// half-open circuit. Keys expire after four times the longer of the sampling and break durations without traffic.
/// </summary>
public sealed class RedisCircuitStateStore : ICircuitStateStore
{
    // KEYS: state hash, probe. ARGV: probe lease ms.
    private const string EnterScript = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        if redis.call('HGET', KEYS[1], 'open') ~= '1' then return {1, 0, 0} end
        local untilv = tonumber(redis.call('HGET', KEYS[1], 'until') or '0')
        if now < untilv then return {0, 0, untilv - now} end
        if redis.call('SET', KEYS[2], '1', 'NX', 'PX', ARGV[1]) then return {1, 1, 0} end
        return {0, 0, redis.call('PTTL', KEYS[2])}
        """;

    // KEYS: state hash, probe. ARGV: probe (1/0), outcome (0 success, 1 failure, 2 ignored), ratio, minimum throughput,
    // sampling ms, break ms, ttl ms.
    private const string ReportScript = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local outcome = ARGV[2]
        local ttl = tonumber(ARGV[7])
        if ARGV[1] == '1' then
          redis.call('DEL', KEYS[2])
          if outcome == '0' then
            redis.call('HSET', KEYS[1], 'open', '0', 'wstart', now, 'n', 0, 'f', 0)
          elseif outcome == '1' then
            redis.call('HSET', KEYS[1], 'open', '1', 'until', now + tonumber(ARGV[6]))
            redis.call('PEXPIRE', KEYS[1], ttl)
            return 1
          end
          redis.call('PEXPIRE', KEYS[1], ttl)
          return 0
        end
        if outcome == '2' or redis.call('HGET', KEYS[1], 'open') == '1' then return 0 end
        local ws = tonumber(redis.call('HGET', KEYS[1], 'wstart') or '0')
        if now - ws > tonumber(ARGV[5]) then redis.call('HSET', KEYS[1], 'wstart', now, 'n', 0, 'f', 0) end
        local n = redis.call('HINCRBY', KEYS[1], 'n', 1)
        local f = tonumber(redis.call('HGET', KEYS[1], 'f') or '0')
        if outcome == '1' then f = redis.call('HINCRBY', KEYS[1], 'f', 1) end
        redis.call('PEXPIRE', KEYS[1], ttl)
        if n >= tonumber(ARGV[4]) and f >= tonumber(ARGV[3]) * n then
          redis.call('HSET', KEYS[1], 'open', '1', 'until', now + tonumber(ARGV[6]), 'n', 0, 'f', 0)
          return 1
        end
        return 0
        """;

    private readonly RedisStateConnection _connection;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="connection">The connection and failure policy.</param>
    public RedisCircuitStateStore(RedisStateConnection connection)
    {
        _connection = connection ?? throw new ArgumentNullException(nameof(connection));
    }

    /// <inheritdoc />
    public async ValueTask<CircuitPermit> TryEnterAsync(string circuit, CircuitSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        ArgumentNullException.ThrowIfNull(settings);
        var result = await _connection.EvaluateAsync("circuit", EnterScript, Keys(circuit), [(long)settings.BreakDuration.TotalMilliseconds]);
        if (result is null)
        {
            return new CircuitPermit(true, false, null);
        }

        var parts = (RedisResult[])result!;
        return (long)parts[0] == 1
            ? new CircuitPermit(true, (long)parts[1] == 1, null)
            : new CircuitPermit(false, false, TimeSpan.FromMilliseconds(Math.Max(0, (long)parts[2])));
    }

    /// <inheritdoc />
    public async ValueTask<bool> ReportAsync(string circuit, CircuitSettings settings, CircuitPermit permit, CircuitOutcome outcome, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        ArgumentNullException.ThrowIfNull(settings);
        var ttl = (long)(Math.Max(settings.SamplingDuration.TotalMilliseconds, settings.BreakDuration.TotalMilliseconds) * 4);
        try
        {
            var result = await _connection.EvaluateAsync(
                "circuit",
                ReportScript,
                Keys(circuit),
                [permit.IsProbe ? 1 : 0, (int)outcome, settings.FailureRatio, settings.MinimumThroughput,
                 (long)settings.SamplingDuration.TotalMilliseconds, (long)settings.BreakDuration.TotalMilliseconds, ttl]);
            return result is not null && (long)result == 1;
        }
        catch (SharedStateUnavailableException)
        {
            // The attempt already ran; its outcome is lost to the shared state, not to the caller.
            return false;
        }
    }

    private RedisKey[] Keys(string circuit) => [_connection.Key("cb", circuit, "state"), _connection.Key("cb", circuit, "probe")];
}
