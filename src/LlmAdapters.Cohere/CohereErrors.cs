using System;
using System.Text.Json;
using LlmAdapters.Cohere.Wire;

namespace LlmAdapters.Cohere;

/// <summary>
/// Cohere error bodies (<c>{"message": "…"}</c>, sometimes with an <c>id</c>) → the Core error family. Cohere has no
/// error type or code in its bodies, so the table is keyed on the HTTP status alone — never on the message text. Statuses
/// the Core table does not know get their meaning here: 498 (invalid token) and 499 (request cancelled).
/// </summary>
internal static class CohereErrors
{
    public static ProviderErrorInfo Parse(int statusCode, ReadOnlySpan<byte> body)
    {
        var (type, kind) = Classify(statusCode);
        if (body.IsEmpty)
        {
            return new ProviderErrorInfo(Type: type, Kind: kind);
        }

        var wire = JsonSerializer.Deserialize(body, CohereJsonContext.Default.CohereErrorBody);
        return new ProviderErrorInfo(Type: type, Message: wire?.Message, Kind: kind);
    }

    /// <summary>The error tag and exception kind of a status Cohere gives its own meaning; the Core table decides the rest.</summary>
    public static (string? Type, ProviderErrorKind? Kind) Classify(int statusCode) => statusCode switch
    {
        // "Invalid token": the key is malformed or revoked.
        498 => ("invalid_token", ProviderErrorKind.Authentication),

        // "Request cancelled": documented as retryable; usually a cancellation on Cohere's side of a long request.
        499 => ("request_cancelled", ProviderErrorKind.Server),
        _ => (null, null),
    };

    /// <summary>The error a <c>message-end</c> event reports with <c>finish_reason: ERROR</c>.</summary>
    public static ProviderErrorInfo FromStream(string message) => new(Type: "generation_error", Message: message);
}
