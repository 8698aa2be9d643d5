using System;

namespace LlmAdapters.Middleware;

/// <summary>Settings of <see cref="RateLimitingChatClient"/>.</summary>
public sealed class RateLimitingOptions
{
    /// <summary>Gets or sets the requests allowed per <see cref="Window"/> (a minute unless changed);
    /// <see langword="null"/> for no client-side request limit.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public int? RequestsPerMinute { get; set; }

    /// <summary>Gets or sets the tokens (estimated input plus <c>MaxOutputTokens</c>) allowed per <see cref="Window"/>;
    /// <see langword="null"/> for no client-side token limit.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public int? TokensPerMinute { get; set; }

    /// <summary>Gets or sets a value indicating whether the client also follows the provider's own rate-limit state:
    /// the remaining requests/tokens and reset times reported with every response
    /// (<see cref="AdditionalPropertyKeys.RateLimits"/>), and the Retry-After of 429 errors. Calls then wait before the
    /// provider would answer 429.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool Adaptive { get; set; } = true;

    /// <summary>Gets or sets how many calls may wait for a permit at once; further calls fail with
    /// <see cref="RateLimitedException"/> without being sent.</summary>
    /// <value>The default is 1000.</value>
    public int QueueLimit { get; set; } = 1000;

    /// <summary>Gets or sets the longest the client waits on the provider's reported reset before sending anyway.</summary>
    /// <value>The default is 60 seconds.</value>
    public TimeSpan MaxAdaptiveWait { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets or sets the window <see cref="RequestsPerMinute"/> and <see cref="TokensPerMinute"/> are counted over.
    /// Providers publish per-minute limits; a shorter window with proportionally smaller limits smooths bursts.</summary>
    /// <value>The default is one minute.</value>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets or sets the store the limits are kept in. With a store, a call reserves its request and estimated tokens
    /// in a sliding window shared by everyone using the store and the same provider, endpoint and credential (the Redis
    /// store shares it across processes), and settles the tokens to the reported usage afterwards. When
    /// <see langword="null"/>, a registered <see cref="IRateLimitStore"/> is used, else process-local token buckets.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public IRateLimitStore? Store { get; set; }
}
