using System;
using System.Net;
using System.Threading;
using System.Threading.RateLimiting;
using System.Threading.Tasks;

namespace LlmAdapters.Middleware;

/// <summary>
/// The client-side rate-limit state of one provider endpoint: token buckets for requests and tokens per minute
/// (replenished from the injected <see cref="TimeProvider"/>, so fake clocks drive them in tests) and, in adaptive mode, the
/// provider's last reported remaining budget and reset times.
/// </summary>
internal sealed class ProviderRateLimiter : IDisposable
{
    private readonly RateLimitingOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ClockedTokenBucketRateLimiter? _requests;
    private readonly ClockedTokenBucketRateLimiter? _tokens;
    private readonly Lock _lock = new();
    private DateTimeOffset _blockedUntil = DateTimeOffset.MinValue;
    private long? _requestsRemaining;
    private DateTimeOffset? _requestsResetAt;
    private long? _tokensRemaining;
    private DateTimeOffset? _tokensResetAt;

    public ProviderRateLimiter(string provider, RateLimitingOptions options, TimeProvider timeProvider)
    {
        Provider = provider;
        _options = options;
        _timeProvider = timeProvider;
        if (options.RequestsPerMinute is { } rpm)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rpm, nameof(options.RequestsPerMinute));
            _requests = CreateBucket(rpm, options.Window / rpm, 1);
        }

        if (options.TokensPerMinute is { } tpm)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tpm, nameof(options.TokensPerMinute));
            var seconds = Math.Max(1, (int)Math.Ceiling(options.Window.TotalSeconds));
            _tokens = CreateBucket(tpm, options.Window / seconds, (tpm + seconds - 1) / seconds);
        }
    }

    public string Provider { get; }

    /// <summary>Waits until a call of <paramref name="tokens"/> estimated tokens may be sent.</summary>
    public async Task AcquireAsync(long tokens, CancellationToken cancellationToken)
    {
        if (_options.Adaptive)
        {
            var wait = AdaptiveWait(tokens);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, _timeProvider, cancellationToken);
            }
        }

        if (_requests is not null)
        {
            using var lease = await _requests.AcquireAsync(1, cancellationToken);
            ThrowIfRejected(lease, "requests");
        }

        if (_tokens is not null)
        {
            var permits = (int)Math.Clamp(tokens, 1, _options.TokensPerMinute!.Value);
            using var lease = await _tokens.AcquireAsync(permits, cancellationToken);
            ThrowIfRejected(lease, "tokens");
        }
    }

    /// <summary>Takes in the provider's reported state after a response.</summary>
    public void Observe(RateLimitInfo? info)
    {
        if (info is null || !_options.Adaptive)
        {
            return;
        }

        var now = _timeProvider.GetUtcNow();
        lock (_lock)
        {
            _requestsRemaining = info.RequestsRemaining;
            _requestsResetAt = RateLimitResetParser.ResetAt(info.RequestsReset, now);
            _tokensRemaining = info.TokensRemaining ?? info.InputTokensRemaining;
            _tokensResetAt = RateLimitResetParser.ResetAt(info.TokensReset, now);
        }
    }

    /// <summary>Takes in a failure: a 429 blocks every call until its Retry-After (or reported reset) has passed.</summary>
    public void Observe(ProviderException error)
    {
        if (!_options.Adaptive)
        {
            return;
        }

        Observe(error.RateLimits);
        if (error is not RateLimitedException && error.StatusCode != HttpStatusCode.TooManyRequests)
        {
            return;
        }

        var now = _timeProvider.GetUtcNow();
        var until = error.RetryAfter is { } retryAfter
            ? now + retryAfter
            : RateLimitResetParser.ResetAt(error.RateLimits?.RequestsReset ?? error.RateLimits?.TokensReset, now) ?? now + TimeSpan.FromSeconds(1);
        lock (_lock)
        {
            if (until > _blockedUntil)
            {
                _blockedUntil = until;
            }
        }
    }

    public void Dispose()
    {
        _requests?.Dispose();
        _tokens?.Dispose();
    }

    private TimeSpan AdaptiveWait(long tokens)
    {
        var now = _timeProvider.GetUtcNow();
        lock (_lock)
        {
            var until = _blockedUntil;
            if (_requestsRemaining is <= 0 && _requestsResetAt is { } requestsReset && requestsReset > until)
            {
                until = requestsReset;
            }

            if (_tokensRemaining is { } remaining && remaining < tokens && _tokensResetAt is { } tokensReset && tokensReset > until)
            {
                until = tokensReset;
            }

            // Count this call against the reported budget so concurrent callers do not all pass on the same snapshot.
            if (_requestsRemaining is { } requests)
            {
                _requestsRemaining = requests - 1;
            }

            if (_tokensRemaining is { } tokensLeft)
            {
                _tokensRemaining = tokensLeft - tokens;
            }

            var wait = until - now;
            return wait <= TimeSpan.Zero ? TimeSpan.Zero : wait > _options.MaxAdaptiveWait ? _options.MaxAdaptiveWait : wait;
        }
    }

    private ClockedTokenBucketRateLimiter CreateBucket(int limit, TimeSpan period, int perPeriod) =>
        new(limit, perPeriod, period, (int)Math.Min(int.MaxValue, (long)_options.QueueLimit * limit), _timeProvider);

    private void ThrowIfRejected(RateLimitLease lease, string what)
    {
        if (lease.IsAcquired)
        {
            return;
        }

        TimeSpan? retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : null;
        throw new RateLimitedException(
            $"The client-side {what} limit for '{Provider}' is exhausted and {_options.QueueLimit} calls are already waiting. Lower the call rate or raise RateLimitingOptions.QueueLimit.",
            new ProviderErrorDetails(Provider, ErrorType: "client_rate_limit", RetryAfter: retryAfter, IsRetryable: true));
    }
}
