using System.Net;

namespace LlmAdapters.Middleware.Tests;

internal static class Errors
{
    public static RateLimitedException RateLimited(string provider = "openai", TimeSpan? retryAfter = null) =>
        new("Rate limited.", new ProviderErrorDetails(provider, HttpStatusCode.TooManyRequests, "rate_limit_error", RetryAfter: retryAfter, IsRetryable: true));

    public static ProviderOverloadedException Overloaded(string provider = "anthropic") =>
        new("Overloaded.", new ProviderErrorDetails(provider, (HttpStatusCode)529, "overloaded_error", IsRetryable: true));

    public static InvalidRequestException BadRequest(string provider = "openai", string message = "Bad request.") =>
        new(message, new ProviderErrorDetails(provider, HttpStatusCode.BadRequest, "invalid_request_error"));
}
