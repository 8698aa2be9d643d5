using System;
using System.Globalization;
using System.Text.Json;

namespace LlmAdapters.OpenAI;

/// <summary>
/// Reads OpenAI-shaped error bodies, <c>{"error":{"message","type","param","code"}}</c>, and the variants of the
/// compatible servers: a numeric <c>code</c> equal to the HTTP status (OpenRouter), a bare string <c>error</c>,
/// and Azure's <c>innererror.code</c> for content-filter blocks.
/// </summary>
internal static class OpenAIErrors
{
    public static readonly ProviderErrorParser Parser = Parse;

    public static ProviderErrorInfo Parse(int statusCode, ReadOnlySpan<byte> body)
    {
        var trimmed = body.TrimStart(" \t\r\n"u8);
        if (trimmed.IsEmpty || trimmed[0] != (byte)'{')
        {
            // Gateway HTML or plain text: the transport describes it without echoing the page.
            return default;
        }

        var reader = new Utf8JsonReader(body);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return default;
        }

        var info = default(ProviderErrorInfo);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("error"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    info = ReadErrorObject(ref reader, statusCode);
                }
                else if (reader.TokenType == JsonTokenType.String)
                {
                    info = info with { Message = reader.GetString() };
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("message"u8) && info.Message is null)
            {
                reader.Read();
                info = info with { Message = reader.TokenType == JsonTokenType.String ? reader.GetString() : null };
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    reader.Skip();
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return info;
    }

    private static ProviderErrorInfo ReadErrorObject(ref Utf8JsonReader reader, int statusCode)
    {
        string? message = null, type = null, code = null, param = null, innerCode = null;
        int? numericCode = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("message"u8))
            {
                message = ReadScalar(ref reader);
            }
            else if (reader.ValueTextEquals("type"u8))
            {
                type = ReadScalar(ref reader);
            }
            else if (reader.ValueTextEquals("param"u8))
            {
                param = ReadScalar(ref reader);
            }
            else if (reader.ValueTextEquals("code"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var n))
                {
                    numericCode = n;
                    code = n.ToString(CultureInfo.InvariantCulture);
                }
                else if (reader.TokenType == JsonTokenType.String)
                {
                    code = reader.GetString();
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("innererror"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        if (reader.ValueTextEquals("code"u8))
                        {
                            innerCode = ReadScalar(ref reader);
                        }
                        else
                        {
                            reader.Read();
                            reader.Skip();
                        }
                    }
                }
                else
                {
                    reader.Skip();
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        var kind = KindOf(code, type, innerCode);
        if (kind is null && statusCode == 0 && numericCode is >= 400 and < 600)
        {
            // OpenRouter: a numeric code inside a 200 stream is the HTTP status the error would have had.
            kind = ProviderErrorFactory.KindFromStatus(numericCode.Value);
        }

        return new ProviderErrorInfo(type, code, message, param, kind);
    }

    /// <summary>The codes that say more than the HTTP status (OpenAI and the compatible servers use the same ones); the
    /// code is looked up first, then the type, which older and compatible servers use for the same words.</summary>
    internal static ProviderErrorKind? KindOf(string? code, string? type, string? innerCode)
    {
        if (innerCode == "ResponsibleAIPolicyViolation")
        {
            // Azure OpenAI: a content-filter block is a 400 whose inner error names the policy.
            return ProviderErrorKind.ContentFiltered;
        }

        return KindOfCode(code) ?? KindOfCode(type);

        static ProviderErrorKind? KindOfCode(string? value) => value switch
        {
            "context_length_exceeded" or "string_above_max_length" => ProviderErrorKind.ContextLengthExceeded,
            "content_filter" or "content_policy_violation" => ProviderErrorKind.ContentFiltered,
            "insufficient_quota" => ProviderErrorKind.QuotaExceeded,
            _ => null,
        };
    }

    private static string? ReadScalar(ref Utf8JsonReader reader)
    {
        reader.Read();
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return reader.GetString();
            case JsonTokenType.Number:
                return reader.TryGetInt64(out var n) ? n.ToString(CultureInfo.InvariantCulture) : reader.GetDouble().ToString(CultureInfo.InvariantCulture);
            case JsonTokenType.StartObject or JsonTokenType.StartArray:
                reader.Skip();
                return null;
            default:
                return null;
        }
    }
}
