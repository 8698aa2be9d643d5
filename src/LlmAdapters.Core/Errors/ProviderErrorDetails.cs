using System;
using System.Net;

namespace LlmAdapters;

/// <summary>The facts carried by a <see cref="ProviderException"/>.</summary>
/// <param name="Provider">The provider name.</param>
/// <param name="StatusCode">The HTTP status, when a response arrived.</param>
/// <param name="ErrorType">The provider's error type.</param>
/// <param name="ErrorCode">The provider's error code.</param>
/// <param name="RequestId">The provider's request id.</param>
/// <param name="RetryAfter">How long to wait before retrying, when the provider said.</param>
/// <param name="IsRetryable">Whether repeating the request may succeed.</param>
/// <param name="RateLimits">Rate-limit headers of the response, when present.</param>
public sealed record ProviderErrorDetails(
    string Provider,
    HttpStatusCode? StatusCode = null,
    string? ErrorType = null,
    string? ErrorCode = null,
    string? RequestId = null,
    TimeSpan? RetryAfter = null,
    bool IsRetryable = false,
    RateLimitInfo? RateLimits = null);
