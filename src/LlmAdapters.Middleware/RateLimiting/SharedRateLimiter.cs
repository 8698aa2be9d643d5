using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Middleware;

/// <summary>
/// Rate limiting over an <see cref="IRateLimitStore"/>: a call reserves one request and its estimated tokens in the
/// bucket of its provider, endpoint and credential, waits while the window is full or the provider asked for a pause, and
/// settles the tokens to the usage reported when it ends (a failed call refunds them).
/// </summary>
internal sealed class SharedRateLimiter
{
    private readonly IRateLimitStore _store;
    private readonly RateLimitingOptions _options;
    private readonly TimeProvider _timeProvider;
    private int _waiting;

    public SharedRateLimiter(IRateLimitStore store, RateLimitBucket bucket, RateLimitingOptions options, TimeProvider timeProvider)
    {
        _store = store;
        Bucket = bucket;
        _options = options;
        _timeProvider = timeProvider;
    }

    public RateLimitBucket Bucket { get; }

    /// <summary>The bucket for <paramref name="inner"/>: provider, endpoint and a short hash of its credential.</summary>
    public static RateLimitBucket BucketFor(IChatClient inner, RateLimitingOptions options)
    {
        var metadata = inner.GetService<ChatClientMetadata>();
        var key = $"{metadata?.ProviderName ?? "unknown"}|{metadata?.ProviderUri?.GetLeftPart(UriPartial.Path) ?? "-"}|{PipelineServices.CredentialHash(inner)}";
        return new RateLimitBucket(key, options.RequestsPerMinute, options.TokensPerMinute, options.Window);
    }

    /// <summary>Waits until the store grants the call, or throws when too many calls already wait.</summary>
    public async Task<RateLimitGrant> AcquireAsync(long tokens, CancellationToken cancellationToken)
    {
        var reserved = Bucket.TokensPerWindow is { } limit ? Math.Clamp(tokens, 1, limit) : tokens;
        var grant = await _store.TryAcquireAsync(Bucket, reserved, honourPause: _options.Adaptive, cancellationToken);
        if (grant.Acquired)
        {
            return grant;
        }

        if (Interlocked.Increment(ref _waiting) > _options.QueueLimit)
        {
            Interlocked.Decrement(ref _waiting);
            throw new RateLimitedException(
                $"The shared rate limit for '{Bucket.Key.Split('|')[0]}' is exhausted and {_options.QueueLimit} calls are already waiting. Lower the call rate or raise RateLimitingOptions.QueueLimit.",
                new ProviderErrorDetails(Bucket.Key.Split('|')[0], ErrorType: "client_rate_limit", RetryAfter: grant.RetryAfter, IsRetryable: true));
        }

        try
        {
            var paused = TimeSpan.Zero;
            while (!grant.Acquired)
            {
                var wait = grant.RetryAfter < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : grant.RetryAfter;
                if (grant.Paused)
                {
                    // A provider's pause is followed up to MaxAdaptiveWait; then the call goes anyway.
                    wait = wait > _options.MaxAdaptiveWait - paused ? _options.MaxAdaptiveWait - paused : wait;
                    paused += wait;
                }

                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, _timeProvider, cancellationToken);
                }

                grant = await _store.TryAcquireAsync(Bucket, reserved, _options.Adaptive && paused < _options.MaxAdaptiveWait, cancellationToken);
            }

            return grant;
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }

    /// <summary>Settles a grant: the tokens to the reported usage, and a pause when the provider reported its budget gone.</summary>
    public ValueTask SettleAsync(RateLimitGrant grant, UsageDetails? usage, RateLimitInfo? info, ProviderException? error)
    {
        long? actual = error is not null ? 0 : usage?.TotalTokenCount ?? SumOrNull(usage?.InputTokenCount, usage?.OutputTokenCount);
        var pause = _options.Adaptive ? PauseFor(info ?? error?.RateLimits, error) : null;
        return grant.LeaseId is null && pause is null ? ValueTask.CompletedTask : _store.SettleAsync(Bucket, grant, actual, pause, CancellationToken.None);
    }

    private static long? SumOrNull(long? input, long? output) => input is null && output is null ? null : (input ?? 0) + (output ?? 0);

    private TimeSpan? PauseFor(RateLimitInfo? info, ProviderException? error)
    {
        var now = _timeProvider.GetUtcNow();
        DateTimeOffset? until = null;
        if (error is RateLimitedException || error?.StatusCode == System.Net.HttpStatusCode.TooManyRequests)
        {
            until = error.RetryAfter is { } retryAfter ? now + retryAfter : now + TimeSpan.FromSeconds(1);
        }

        if (info?.RequestsRemaining is <= 0 && RateLimitResetParser.ResetAt(info.RequestsReset, now) is { } requestsReset && (until is null || requestsReset > until))
        {
            until = requestsReset;
        }

        if ((info?.TokensRemaining ?? info?.InputTokensRemaining) is <= 0 && RateLimitResetParser.ResetAt(info!.TokensReset, now) is { } tokensReset && (until is null || tokensReset > until))
        {
            until = tokensReset;
        }

        return until is { } at && at > now ? at - now : null;
    }
}
