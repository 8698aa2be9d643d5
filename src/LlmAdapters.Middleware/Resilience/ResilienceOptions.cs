using System;

namespace LlmAdapters.Middleware;

/// <summary>Settings of <see cref="ResilienceChatClient"/>: retries, timeouts and the circuit breaker.</summary>
public sealed class ResilienceOptions
{
    /// <summary>Gets or sets how many times a failed call is repeated; 0 disables retries.</summary>
    /// <value>The default is 3.</value>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>Gets or sets the first backoff delay; each further retry doubles it, up to <see cref="MaxDelay"/>.</summary>
    /// <value>The default is 1 second.</value>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the longest backoff delay (a provider's Retry-After is not capped by it).</summary>
    /// <value>The default is 30 seconds.</value>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets a value indicating whether backoff delays are randomised (between half and all of the
    /// computed delay), so many clients do not retry in lockstep. A provider's Retry-After is never jittered.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool UseJitter { get; set; } = true;

    /// <summary>Gets or sets the longest Retry-After the client waits for; a provider asking for more fails the call at once
    /// (so a fallback can take over).</summary>
    /// <value>The default is 60 seconds.</value>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets or sets how long one attempt may take; for streams, the whole opening up to the first showable update
    /// (text, reasoning, a tool call, data), so a stream that stalls after a role-only start is cut and retried.
    /// <see langword="null"/> disables it.</summary>
    /// <value>The default is 100 seconds.</value>
    public TimeSpan? AttemptTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>Gets or sets the longest wait for each update of a stream after its first showable one; when it passes,
    /// the stream ends with a retryable <see cref="ProviderTimeoutException"/> and the caller keeps what was received (the
    /// stream is not repeated, as that would duplicate output). <see langword="null"/> leaves it to the adapter's own
    /// stream idle timeout.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public TimeSpan? StreamIdleTimeout { get; set; }

    /// <summary>Gets or sets the deadline for the whole call including retries and waits; for streams, until the first
    /// showable update. A retry whose wait would pass the deadline is not attempted. <see langword="null"/> disables it.</summary>
    /// <value>The default is 5 minutes.</value>
    public TimeSpan? TotalTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets a value indicating whether a circuit breaker stops calling a failing provider for
    /// <see cref="BreakDuration"/>.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool UseCircuitBreaker { get; set; } = true;

    /// <summary>Gets or sets the share of failed attempts within <see cref="SamplingDuration"/> that opens the circuit.</summary>
    /// <value>The default is 0.5.</value>
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>Gets or sets how many attempts must be seen within <see cref="SamplingDuration"/> before the circuit may open.</summary>
    /// <value>The default is 10.</value>
    public int MinimumThroughput { get; set; } = 10;

    /// <summary>Gets or sets the window over which failures are counted.</summary>
    /// <value>The default is 30 seconds.</value>
    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how long an open circuit rejects calls before letting one probe through.</summary>
    /// <value>The default is 30 seconds.</value>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets which failures are retried and counted by the circuit breaker.</summary>
    /// <value>The default retries <see cref="ProviderException"/>s whose <see cref="ProviderException.IsRetryable"/> is set.</value>
    public Func<Exception, bool> ShouldRetry { get; set; } = static ex => ex is ProviderException { IsRetryable: true };
}
