using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace LlmAdapters.Middleware;

/// <summary>
/// A process-local <see cref="IRateLimitStore"/> with exact sliding windows: a bucket admits a call when fewer than the
/// limit of requests (and of tokens) were admitted within the last window.
/// </summary>
public sealed class InMemoryRateLimitStore : IRateLimitStore
{
    private readonly Dictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly TimeProvider _timeProvider;
    private long _nextLease;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="timeProvider">The clock the windows are measured with; <see cref="TimeProvider.System"/> when
    /// <see langword="null"/>.</param>
    public InMemoryRateLimitStore(TimeProvider? timeProvider = null)
    {
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public ValueTask<RateLimitGrant> TryAcquireAsync(RateLimitBucket bucket, long tokens, bool honourPause, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bucket);
        cancellationToken.ThrowIfCancellationRequested();
        var now = _timeProvider.GetUtcNow();
        lock (_lock)
        {
            var state = Get(bucket.Key);
            if (honourPause && state.PausedUntil > now)
            {
                return new(new RateLimitGrant(false, null, 0, state.PausedUntil - now, Paused: true));
            }

            state.Expire(now - bucket.Window);
            var wait = TimeSpan.Zero;
            if (bucket.RequestsPerWindow is { } requests && state.Requests.Count >= requests)
            {
                wait = state.Requests.Peek().At + bucket.Window - now;
            }

            if (bucket.TokensPerWindow is { } limit && state.TokensUsed + tokens > limit)
            {
                var freed = state.TokensUsed + tokens - limit;
                foreach (var entry in state.Tokens)
                {
                    freed -= entry.Value.Tokens;
                    if (freed <= 0)
                    {
                        var tokenWait = entry.Value.At + bucket.Window - now;
                        wait = tokenWait > wait ? tokenWait : wait;
                        break;
                    }
                }
            }

            if (wait > TimeSpan.Zero)
            {
                return new(new RateLimitGrant(false, null, 0, wait));
            }

            var lease = (++_nextLease).ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (bucket.RequestsPerWindow is not null)
            {
                state.Requests.Enqueue((now, lease));
            }

            if (bucket.TokensPerWindow is not null)
            {
                state.Tokens.Add(lease, (now, tokens));
                state.TokensUsed += tokens;
            }

            return new(new RateLimitGrant(true, lease, tokens, TimeSpan.Zero));
        }
    }

    /// <inheritdoc />
    public ValueTask SettleAsync(RateLimitBucket bucket, RateLimitGrant grant, long? actualTokens, TimeSpan? pauseFor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bucket);
        var now = _timeProvider.GetUtcNow();
        lock (_lock)
        {
            var state = Get(bucket.Key);
            if (grant.LeaseId is { } lease && actualTokens is { } actual && state.Tokens.TryGetValue(lease, out var entry))
            {
                state.TokensUsed += actual - entry.Tokens;
                state.Tokens[lease] = (entry.At, actual);
            }

            if (pauseFor is { } pause && now + pause > state.PausedUntil)
            {
                state.PausedUntil = now + pause;
            }
        }

        return ValueTask.CompletedTask;
    }

    private Bucket Get(string key)
    {
        if (!_buckets.TryGetValue(key, out var state))
        {
            _buckets[key] = state = new Bucket();
        }

        return state;
    }

    private sealed class Bucket
    {
        public Queue<(DateTimeOffset At, string Lease)> Requests { get; } = new();

        // Insertion-ordered by time of admission, so the first entries are the oldest.
        public OrderedDictionary<string, (DateTimeOffset At, long Tokens)> Tokens { get; } = new(StringComparer.Ordinal);

        public long TokensUsed { get; set; }

        public DateTimeOffset PausedUntil { get; set; } = DateTimeOffset.MinValue;

        public void Expire(DateTimeOffset before)
        {
            while (Requests.Count > 0 && Requests.Peek().At <= before)
            {
                Requests.Dequeue();
            }

            while (Tokens.Count > 0 && Tokens.GetAt(0).Value.At <= before)
            {
                TokensUsed -= Tokens.GetAt(0).Value.Tokens;
                Tokens.RemoveAt(0);
            }
        }
    }
}
