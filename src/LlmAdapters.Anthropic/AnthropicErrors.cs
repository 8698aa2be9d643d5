using System;
using System.Text.Json;
using LlmAdapters.Anthropic.Wire;

namespace LlmAdapters.Anthropic;

/// <summary>Anthropic error bodies (<c>{"type":"error","error":{"type":…,"message":…}}</c>) → the Core error family,
/// keyed on the error type (never on message text).</summary>
internal static class AnthropicErrors
{
    public static ProviderErrorInfo Parse(int statusCode, ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return default;
        }

        var wire = JsonSerializer.Deserialize(body, AnthropicJsonContext.Default.WireErrorBody);
        return FromWire(wire?.Error);
    }

    public static ProviderErrorInfo FromWire(WireError? error) =>
        error is null ? default : new ProviderErrorInfo(Type: error.Type, Message: error.Message, Kind: KindOf(error.Type));

    /// <summary>The exception kind for an Anthropic error type; <see langword="null"/> leaves the choice to the HTTP status.</summary>
    public static ProviderErrorKind? KindOf(string? type) => type switch
    {
        "invalid_request_error" or "request_too_large" => ProviderErrorKind.InvalidRequest,
        "authentication_error" => ProviderErrorKind.Authentication,
        "permission_error" => ProviderErrorKind.Permission,
        "not_found_error" => ProviderErrorKind.NotFound,
        "billing_error" => ProviderErrorKind.QuotaExceeded,
        "rate_limit_error" => ProviderErrorKind.RateLimited,
        "overloaded_error" => ProviderErrorKind.Overloaded,
        "api_error" => ProviderErrorKind.Server,
        "timeout_error" => ProviderErrorKind.Timeout,
        _ => null,
    };
}
