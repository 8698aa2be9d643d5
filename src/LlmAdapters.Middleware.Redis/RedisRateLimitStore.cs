using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace LlmAdapters.Middleware.Redis;

/// <summary>
/// An <see cref="IRateLimitStore"/> in Redis: per bucket, a sorted set of admitted requests and one of admitted token
/// reservations (scored by the Redis server's clock, so every process measures the same window), the tokens in the window,
/// and the provider's pause. Each acquisition is one atomic script; keys expire two windows after the last call.
/// </summary>
public sealed class RedisRateLimitStore : IRateLimitStore
{
    // KEYS: requests zset, tokens zset, token weights hash (with the running sum in field '#'), pause.
    // ARGV: window ms, request limit (0 none), token limit (0 none), tokens, lease id, honour pause (1/0).
    private const string AcquireScript = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local w = tonumber(ARGV[1])
        if ARGV[6] == '1' then
          local p = tonumber(redis.call('GET', KEYS[4]) or '0')
          if p > now then return {0, p - now, 1} end
        end
        local rl = tonumber(ARGV[2])
        local tl = tonumber(ARGV[3])
        local n = tonumber(ARGV[4])
        local wait = 0
        if rl > 0 then
          redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - w)
          if redis.call('ZCARD', KEYS[1]) >= rl then
            local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
            wait = tonumber(oldest[2]) + w - now
          end
        end
        if tl > 0 then
          local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now - w)
          if #expired > 0 then
            local freed = 0
            for _, id in ipairs(expired) do
              freed = freed + tonumber(redis.call('HGET', KEYS[3], id) or '0')
              redis.call('HDEL', KEYS[3], id)
            end
            redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - w)
            redis.call('HINCRBY', KEYS[3], '#', -freed)
          end
          local used = tonumber(redis.call('HGET', KEYS[3], '#') or '0')
          if used + n > tl then
            local need = used + n - tl
            local entries = redis.call('ZRANGE', KEYS[2], 0, -1, 'WITHSCORES')
            local acc = 0
            local tw = w
            for i = 1, #entries, 2 do
              acc = acc + tonumber(redis.call('HGET', KEYS[3], entries[i]) or '0')
              if acc >= need then
                tw = tonumber(entries[i + 1]) + w - now
                break
              end
            end
            if tw > wait then wait = tw end
          end
        end
        if wait > 0 then return {0, wait, 0} end
        if rl > 0 then
          redis.call('ZADD', KEYS[1], now, ARGV[5])
          redis.call('PEXPIRE', KEYS[1], w * 2)
        end
        if tl > 0 then
          redis.call('ZADD', KEYS[2], now, ARGV[5])
          redis.call('HSET', KEYS[3], ARGV[5], n)
          redis.call('HINCRBY', KEYS[3], '#', n)
          redis.call('PEXPIRE', KEYS[2], w * 2)
          redis.call('PEXPIRE', KEYS[3], w * 2)
        end
        return {1, 0, 0}
        """;

    // KEYS: token weights hash, pause. ARGV: lease id ('' none), actual tokens (-1 keep), pause ms (0 none), window ms.
    private const string SettleScript = """
        if ARGV[1] ~= '' and ARGV[2] ~= '-1' then
          local old = redis.call('HGET', KEYS[1], ARGV[1])
          if old then
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
            redis.call('HINCRBY', KEYS[1], '#', tonumber(ARGV[2]) - tonumber(old))
          end
        end
        local pause = tonumber(ARGV[3])
        if pause > 0 then
          local t = redis.call('TIME')
          local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
          local current = tonumber(redis.call('GET', KEYS[2]) or '0')
          if now + pause > current then redis.call('SET', KEYS[2], now + pause, 'PX', pause) end
        end
        return 1
        """;

    private readonly RedisStateConnection _connection;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="connection">The connection and failure policy.</param>
    public RedisRateLimitStore(RedisStateConnection connection)
    {
        _connection = connection ?? throw new ArgumentNullException(nameof(connection));
    }

    /// <inheritdoc />
    public async ValueTask<RateLimitGrant> TryAcquireAsync(RateLimitBucket bucket, long tokens, bool honourPause, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bucket);
        cancellationToken.ThrowIfCancellationRequested();
        var lease = Guid.NewGuid().ToString("N");
        var result = await _connection.EvaluateAsync(
            "ratelimit",
            AcquireScript,
            [Key(bucket, "req"), Key(bucket, "tok"), Key(bucket, "tokw"), Key(bucket, "pause")],
            [(long)bucket.Window.TotalMilliseconds, bucket.RequestsPerWindow ?? 0, bucket.TokensPerWindow ?? 0, tokens, lease, honourPause ? 1 : 0]);
        if (result is null)
        {
            // Failing open: the call goes, nothing recorded to settle.
            return new RateLimitGrant(true, null, tokens, TimeSpan.Zero);
        }

        var parts = (RedisResult[])result!;
        return (long)parts[0] == 1
            ? new RateLimitGrant(true, lease, tokens, TimeSpan.Zero)
            : new RateLimitGrant(false, null, 0, TimeSpan.FromMilliseconds((long)parts[1]), Paused: (long)parts[2] == 1);
    }

    /// <inheritdoc />
    /// <remarks>Sent without waiting for the reply (fire and forget): it only corrects the window, and the acquisition
    /// after it on the same connection sees it.</remarks>
    public async ValueTask SettleAsync(RateLimitBucket bucket, RateLimitGrant grant, long? actualTokens, TimeSpan? pauseFor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bucket);
        var pause = pauseFor is { } p && p > TimeSpan.Zero ? (long)Math.Ceiling(p.TotalMilliseconds) : 0;
        if ((grant.LeaseId is null || actualTokens is null || bucket.TokensPerWindow is null) && pause == 0)
        {
            return;
        }

        try
        {
            await _connection.EvaluateAsync(
                "ratelimit",
                SettleScript,
                [Key(bucket, "tokw"), Key(bucket, "pause")],
                [grant.LeaseId ?? string.Empty, actualTokens ?? -1, pause, (long)bucket.Window.TotalMilliseconds],
                CommandFlags.FireAndForget);
        }
        catch (SharedStateUnavailableException)
        {
            // A settlement that cannot be written only leaves the estimate standing; the call itself already went.
        }
    }

    private RedisKey Key(RateLimitBucket bucket, string part) =>
        _connection.Key("rl", bucket.Key.ToLower(CultureInfo.InvariantCulture), part);
}
