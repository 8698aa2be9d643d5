using System;

namespace LlmAdapters;

/// <summary>
/// Thrown without calling the provider while its circuit breaker is open after repeated failures. Retryable, so a
/// fallback moves on to the next provider; <see cref="ProviderException.RetryAfter"/> says when a probe call is allowed.
/// </summary>
public sealed class CircuitOpenException : ProviderException
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="message">What happened and what to do.</param>
    /// <param name="details">The provider and when to retry.</param>
    /// <param name="innerException">The circuit breaker's exception.</param>
    public CircuitOpenException(string message, ProviderErrorDetails details, Exception? innerException = null)
        : base(message, details, innerException)
    {
    }
}
