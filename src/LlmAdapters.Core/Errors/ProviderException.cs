using System;
using System.Net;
using System.Text;

namespace LlmAdapters;

/// <summary>
/// A failure reported by, or while talking to, an LLM provider. Every error a caller can act on is one of
/// this type's subclasses; the properties carry what the provider said so callers branch on data, not text.
/// </summary>
/// <remarks>Messages never contain an API key, an authorization header or a whole request body.</remarks>
public class ProviderException : Exception
{
    /// <summary>Initializes a new instance with the facts of the failure.</summary>
    /// <param name="message">What went wrong and what to do about it.</param>
    /// <param name="details">The provider, status and error fields of the failure.</param>
    /// <param name="innerException">The exception that caused this one, if any.</param>
    public ProviderException(string message, ProviderErrorDetails details, Exception? innerException = null)
        : base(message, innerException)
    {
        ArgumentNullException.ThrowIfNull(details);
        Provider = details.Provider;
        StatusCode = details.StatusCode;
        ProviderErrorType = details.ErrorType;
        ProviderErrorCode = details.ErrorCode;
        RequestId = details.RequestId;
        RetryAfter = details.RetryAfter;
        IsRetryable = details.IsRetryable;
        RateLimits = details.RateLimits;
    }

    /// <summary>Gets the provider name, for example <c>openai</c>, <c>anthropic</c> or <c>gcp.gemini</c>.</summary>
    public string Provider { get; }

    /// <summary>Gets the HTTP status code, or <see langword="null"/> when no response was received
    /// or the error arrived inside a successful stream.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>Gets the provider's error type, for example <c>rate_limit_error</c> or <c>RESOURCE_EXHAUSTED</c>.</summary>
    public string? ProviderErrorType { get; }

    /// <summary>Gets the provider's error code, for example <c>context_length_exceeded</c>.</summary>
    public string? ProviderErrorCode { get; }

    /// <summary>Gets the provider's request id, for support tickets.</summary>
    public string? RequestId { get; }

    /// <summary>Gets how long the provider asked callers to wait before retrying, when it said.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>Gets a value indicating whether repeating the same request may succeed.</summary>
    public bool IsRetryable { get; }

    /// <summary>Gets the rate-limit headers that came with the failed response, when there were any.</summary>
    public RateLimitInfo? RateLimits { get; }

    /// <inheritdoc />
    public override string ToString()
    {
        var sb = new StringBuilder(base.ToString());
        sb.Append(" [provider=").Append(Provider);
        if (StatusCode is { } status)
        {
            sb.Append(", status=").Append((int)status);
        }

        if (ProviderErrorType is not null)
        {
            sb.Append(", type=").Append(ProviderErrorType);
        }

        if (ProviderErrorCode is not null)
        {
            sb.Append(", code=").Append(ProviderErrorCode);
        }

        if (RequestId is not null)
        {
            sb.Append(", request-id=").Append(RequestId);
        }

        return sb.Append(']').ToString();
    }
}
