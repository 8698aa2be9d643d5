using System;

namespace LlmAdapters;

/// <summary>The credentials were missing, wrong or expired (HTTP 401, or a token endpoint refused them).</summary>
public sealed class ProviderAuthenticationException(string message, ProviderErrorDetails details, Exception? innerException = null)
    : ProviderException(message, details, innerException);

/// <summary>The credentials are valid but may not do this (HTTP 403: region, role, project or organisation).</summary>
public sealed class ProviderPermissionException(string message, ProviderErrorDetails details, Exception? innerException = null)
    : ProviderException(message, details, innerException);

/// <summary>The model or resource does not exist or is not visible to these credentials (HTTP 404).</summary>
public sealed class ModelNotFoundException(string message, ProviderErrorDetails details, Exception? innerException = null)
    : ProviderException(message, details, innerException);

/// <summary>The provider rejected the request as malformed or unsupported (HTTP 400, 413, 422).</summary>
public class InvalidRequestException(string message, ProviderErrorDetails details, Exception? innerException = null)
    : ProviderException(message, details, innerException);

/// <summary>The prompt plus the requested output do not fit the model's context window.</summary>
public sealed class ContextLengthExceededException(string message, ProviderErrorDetails details, Exception? innerException = null)
    : InvalidRequestException(message, details, innerException);

/// <summary>The provider's safety system blocked the prompt or the output.</summary>
public sealed class ContentFilteredException(string message, ProviderErrorDetails details, Exception? innerException = null)
    : ProviderException(message, details, innerException);

/// <summary>
/// The context cache a request referenced (Gemini and Vertex AI <c>cachedContent</c>) no longer exists: it expired or was
/// deleted. Repeating the request unchanged fails again; create the cache again or send the request without it.
/// </summary>
/// <remarks>Raised by a provider's error handling from the response's status and error type together with the fact that the
/// request named a cache, never from the error's text: Gemini reports a missing cache as 403 <c>PERMISSION_DENIED</c>,
/// Vertex AI as 404 <c>NOT_FOUND</c>.</remarks>
public sealed class ContextCacheNotFoundException(string message, ProviderErrorDetails details, Exception? innerException = null)
    : ProviderException(message, details, innerException);

/// <summary>Too many requests or tokens for the current window (HTTP 429); see <see cref="ProviderException.RetryAfter"/>.</summary>
public class RateLimitedException(string message, ProviderErrorDetails details, Exception? innerException = null)
    : ProviderException(message, details, innerException);

/// <summary>The account's quota or credits are exhausted; waiting will not help (OpenAI <c>insufficient_quota</c>, HTTP 402).</summary>
public sealed class QuotaExceededException(string message, ProviderErrorDetails details, Exception? innerException = null)
    : RateLimitedException(message, details, innerException);

/// <summary>The provider is temporarily overloaded (Anthropic 529, HTTP 503, Gemini UNAVAILABLE); retry later.</summary>
public sealed class ProviderOverloadedException(string message, ProviderErrorDetails details, Exception? innerException = null)
    : ProviderException(message, details, innerException);

/// <summary>The provider failed internally (HTTP 5xx).</summary>
public sealed class ProviderServerException(string message, ProviderErrorDetails details, Exception? innerException = null)
    : ProviderException(message, details, innerException);

/// <summary>No usable response arrived: the connection failed, or the request timed out.</summary>
public class ProviderNetworkException(string message, ProviderErrorDetails details, Exception? innerException = null)
    : ProviderException(message, details, innerException);

/// <summary>The request timed out before the provider answered (client timeout or HTTP 408).</summary>
public sealed class ProviderTimeoutException(string message, ProviderErrorDetails details, Exception? innerException = null)
    : ProviderNetworkException(message, details, innerException);

/// <summary>
/// A streaming response broke after it started: the connection dropped, the stream ended without its
/// terminal event, a chunk could not be parsed, or the provider sent an error event mid-stream.
/// Updates yielded before this exception remain valid.
/// </summary>
public sealed class StreamInterruptedException(string message, ProviderErrorDetails details, Exception? innerException = null)
    : ProviderException(message, details, innerException);

/// <summary>
/// A whole response arrived but its bytes could not be turned into a result: the body was not the provider's JSON, held
/// values no mapping accepts, or exceeded <c>MaxResponseBytes</c>. <see cref="Exception.InnerException"/> keeps the
/// decoding failure; the message never quotes the body.
/// </summary>
/// <remarks>
/// <see cref="ProviderException.IsRetryable"/> is decided by the status: a successful status (2xx) is not retryable — the
/// provider answered, and asking again re-bills the generation for what is likely the same answer — while an error status
/// whose body was unreadable is classified by the status alone (a 429 stays <see cref="RateLimitedException"/>).
/// </remarks>
public sealed class ProviderResponseException(string message, ProviderErrorDetails details, Exception? innerException = null)
    : ProviderException(message, details, innerException);
