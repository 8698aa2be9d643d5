using System;
using System.Threading;
using System.Threading.Tasks;

namespace LlmAdapters.Middleware;

/// <summary>
/// Where rate-limit windows live: a sliding window of requests and of tokens per bucket, and a pause the provider asked
/// for. <see cref="InMemoryRateLimitStore"/> keeps them in one process; a distributed store (the Redis one in
/// <c>LlmAdapters.Middleware.Redis</c>) shares them with every process that uses the same bucket key.
/// </summary>
/// <remarks>Implementations must be thread-safe and decide each acquisition atomically, so no two callers pass on the
/// same free slot.</remarks>
public interface IRateLimitStore
{
    /// <summary>Takes one request slot and <paramref name="tokens"/> token slots of <paramref name="bucket"/> when both
    /// are free (and no pause is in force while <paramref name="honourPause"/>); otherwise takes nothing and says how long
    /// to wait before trying again.</summary>
    /// <param name="bucket">The bucket and its limits.</param>
    /// <param name="tokens">The estimated tokens of the call (at most <see cref="RateLimitBucket.TokensPerWindow"/>).</param>
    /// <param name="honourPause">Whether a pause reported by the provider blocks this call.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The grant, or the wait.</returns>
    ValueTask<RateLimitGrant> TryAcquireAsync(RateLimitBucket bucket, long tokens, bool honourPause, CancellationToken cancellationToken);

    /// <summary>Settles a grant to what the call really used and records a pause the provider asked for.</summary>
    /// <param name="bucket">The bucket the grant came from.</param>
    /// <param name="grant">The grant.</param>
    /// <param name="actualTokens">The tokens the call used (input plus output); <see langword="null"/> keeps the estimate,
    /// 0 refunds it (a call that failed before the provider counted it).</param>
    /// <param name="pauseFor">How long the provider asked every caller of this bucket to wait, if it did.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the store has the settlement.</returns>
    ValueTask SettleAsync(RateLimitBucket bucket, RateLimitGrant grant, long? actualTokens, TimeSpan? pauseFor, CancellationToken cancellationToken);
}

/// <summary>One rate-limit bucket: a provider endpoint and credential, and its limits per window.</summary>
/// <param name="Key">The bucket key (provider, endpoint and a hash of the credential; never the credential itself).</param>
/// <param name="RequestsPerWindow">The requests allowed in any window; <see langword="null"/> for no request limit.</param>
/// <param name="TokensPerWindow">The tokens allowed in any window; <see langword="null"/> for no token limit.</param>
/// <param name="Window">The length of the sliding window.</param>
public sealed record RateLimitBucket(string Key, int? RequestsPerWindow, long? TokensPerWindow, TimeSpan Window);

/// <summary>The answer of <see cref="IRateLimitStore.TryAcquireAsync"/>.</summary>
/// <param name="Acquired">Whether the call may be sent now.</param>
/// <param name="LeaseId">The id that settles the grant; <see langword="null"/> when nothing was recorded (not acquired, or
/// the store was unreachable and fails open).</param>
/// <param name="Tokens">The tokens reserved.</param>
/// <param name="RetryAfter">When not acquired, how long to wait before trying again.</param>
/// <param name="Paused">Whether the wait comes from a pause the provider asked for rather than from the windows.</param>
public readonly record struct RateLimitGrant(bool Acquired, string? LeaseId, long Tokens, TimeSpan RetryAfter, bool Paused = false);
