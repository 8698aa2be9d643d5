using System;
using System.Net;
using System.Text.Json;
using LlmAdapters.Gemini.Wire;

namespace LlmAdapters.Gemini;

/// <summary>Maps <c>google.rpc.Status</c> error bodies to the Core error kinds, keyed on the status enum (never the message).</summary>
internal static class GeminiErrors
{
    public static ProviderErrorInfo Parse(int statusCode, ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return default;
        }

        // Some proxies and the streaming endpoint without alt=sse wrap the error in a one-element array.
        var trimmed = body.TrimStart(" \t\r\n"u8);
        if (!trimmed.IsEmpty && trimmed[0] == (byte)'[')
        {
            var reader = new Utf8JsonReader(trimmed);
            if (reader.Read() && reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                var envelope = JsonSerializer.Deserialize(ref reader, GeminiJsonContext.Default.GeminiErrorEnvelope);
                return FromError(envelope?.Error);
            }

            return default;
        }

        return FromError(JsonSerializer.Deserialize(trimmed, GeminiJsonContext.Default.GeminiErrorEnvelope)?.Error);
    }

    public static ProviderErrorInfo FromError(GeminiError? error)
    {
        if (error is null)
        {
            return default;
        }

        TimeSpan? retryAfter = null;
        string? reason = null;
        if (error.Details is { } details)
        {
            foreach (var detail in details)
            {
                if (detail.Type?.EndsWith("google.rpc.RetryInfo", StringComparison.Ordinal) == true)
                {
                    retryAfter = RetryAfterParser.ParseGoogleDuration(detail.RetryDelay);
                }
                else if (detail.Reason is not null)
                {
                    reason ??= detail.Reason;
                }
            }
        }

        return new ProviderErrorInfo(error.Status, reason, error.Message, null, KindOf(error.Status, reason, error.Code ?? 0), retryAfter);
    }

    /// <summary>
    /// The failure of a request that named context cache <paramref name="cacheName"/> as
    /// <see cref="ContextCacheNotFoundException"/> when it says the cache is gone: the Gemini API answers 403
    /// <c>PERMISSION_DENIED</c> and Vertex AI 404 <c>NOT_FOUND</c> for a cache that expired or was deleted. Decided on the
    /// status and the error type, never the message; null when the request named no cache or the failure is another one.
    /// </summary>
    public static ContextCacheNotFoundException? CacheGone(ProviderException error, string? cacheName) =>
        cacheName is not null
        && error is not ContextCacheNotFoundException
        && (error.StatusCode, error.ProviderErrorType) is (HttpStatusCode.Forbidden, "PERMISSION_DENIED") or (HttpStatusCode.NotFound, "NOT_FOUND")
            ? ProviderErrorFactory.ContextCacheNotFound(error, cacheName)
            : null;

    private static ProviderErrorKind? KindOf(string? status, string? reason, int code)
    {
        if (reason is "API_KEY_INVALID" or "API_KEY_EXPIRED" or "ACCESS_TOKEN_EXPIRED" or "ACCESS_TOKEN_TYPE_UNSUPPORTED")
        {
            return ProviderErrorKind.Authentication;
        }

        return status switch
        {
            "RESOURCE_EXHAUSTED" => ProviderErrorKind.RateLimited,
            "UNAVAILABLE" => ProviderErrorKind.Overloaded,
            "INTERNAL" or "UNKNOWN" or "DATA_LOSS" => ProviderErrorKind.Server,
            "DEADLINE_EXCEEDED" => ProviderErrorKind.Timeout,
            "INVALID_ARGUMENT" or "FAILED_PRECONDITION" or "OUT_OF_RANGE" => ProviderErrorKind.InvalidRequest,
            "PERMISSION_DENIED" => ProviderErrorKind.Permission,
            "UNAUTHENTICATED" => ProviderErrorKind.Authentication,
            "NOT_FOUND" => ProviderErrorKind.NotFound,
            "CANCELLED" when code == 499 => ProviderErrorKind.Server,
            _ => null,
        };
    }
}
