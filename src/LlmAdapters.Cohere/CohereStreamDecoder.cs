using System;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using LlmAdapters.Cohere.Wire;

namespace LlmAdapters.Cohere;

/// <summary>
/// Decodes each SSE event of a <c>/v2/chat</c> stream into a <see cref="CohereStreamChunk"/>. The events that make up
/// almost every stream — <c>content-delta</c>, <c>tool-plan-delta</c>, <c>tool-call-delta</c> and the <c>*-end</c> markers —
/// are read with <see cref="Utf8JsonReader"/> straight from the UTF-8 bytes; everything else (starts, citations,
/// <c>message-end</c>, fields newer than this decoder) goes through the source-generated <see cref="CohereStreamEvent"/>.
/// The event type is taken from the payload's <c>type</c> (the <c>event:</c> line is only a fallback, as proxies may drop it).
/// Stateless: one instance serves every stream.
/// </summary>
internal static class CohereStreamDecoder
{
    /// <summary>Decodes one event; malformed JSON throws <see cref="JsonException"/> (the reader turns it into a
    /// <see cref="StreamInterruptedException"/>).</summary>
    public static CohereStreamChunk Decode(ReadOnlySpan<byte> eventName, ReadOnlySpan<byte> data)
    {
        var trimmed = data.Trim(" \t\r\n"u8);
        if (trimmed.SequenceEqual("[DONE]"u8))
        {
            return CohereStreamChunk.Done;
        }

        return TryDecodeFast(trimmed) ?? DecodeFull(eventName, trimmed);
    }

    /// <summary>The full path: the DTO, then the chunk shape of its type.</summary>
    public static CohereStreamChunk DecodeFull(ReadOnlySpan<byte> eventName, ReadOnlySpan<byte> data)
    {
        var wire = JsonSerializer.Deserialize(data, CohereJsonContext.Default.CohereStreamEvent)
            ?? throw new JsonException("A stream event was the JSON literal null.");
        var type = Intern(wire.Type ?? Encoding.UTF8.GetString(eventName));
        var index = wire.Index ?? 0;
        var message = wire.Delta?.Message;
        switch (type)
        {
            case CohereStreamChunk.MessageStart:
                return new CohereStreamChunk { Type = type, Details = new CohereStreamDetails { Id = wire.Id } };

            case CohereStreamChunk.ContentStart:
            case CohereStreamChunk.ContentDelta:
                var content = message?.Content is { ValueKind: JsonValueKind.Object } c ? c : default;
                var thinking = String(content, "thinking");
                return new CohereStreamChunk
                {
                    Type = type,
                    Index = index,
                    Text = String(content, "text") ?? thinking,
                    IsThinking = thinking is not null || String(content, "type") == "thinking",
                };

            case CohereStreamChunk.ToolPlanDelta:
                return new CohereStreamChunk { Type = type, Index = index, Text = message?.ToolPlan };

            case CohereStreamChunk.ToolCallStart:
                var call = First(message?.ToolCalls) is { } callElement
                    ? callElement.Deserialize(CohereJsonContext.Default.CohereToolCall)
                    : null;
                return new CohereStreamChunk { Type = type, Index = index, Details = new CohereStreamDetails { ToolCall = call } };

            case CohereStreamChunk.ToolCallDelta:
                var arguments = First(message?.ToolCalls) is { } delta && delta.TryGetProperty("function", out var function) ? String(function, "arguments") : null;
                return new CohereStreamChunk { Type = type, Index = index, Text = arguments };

            case CohereStreamChunk.CitationStart:
                var citation = First(message?.Citations) is { } citationElement
                    ? citationElement.Deserialize(CohereJsonContext.Default.CohereCitation)
                    : null;
                return new CohereStreamChunk { Type = type, Index = index, Details = new CohereStreamDetails { Citation = citation } };

            case CohereStreamChunk.MessageEnd:
                return new CohereStreamChunk
                {
                    Type = type,
                    Details = new CohereStreamDetails { Id = wire.Id, FinishReason = wire.Delta?.FinishReason, Usage = wire.Delta?.Usage, Error = wire.Delta?.Error },
                };

            case CohereStreamChunk.ContentEnd:
            case CohereStreamChunk.ToolCallEnd:
            case CohereStreamChunk.CitationEnd:
                return new CohereStreamChunk { Type = type, Index = index };

            default:
                // debug and event types newer than this decoder: keep the whole payload.
                return new CohereStreamChunk { Type = type, Index = index, Unknown = JsonSerializer.Deserialize(data, CohereJsonContext.Default.JsonElement) };
        }
    }

    /// <summary>Reads the frequent delta and end events without building a DTO; null for anything else (or any field
    /// the fast path does not know, such as <c>logprobs</c>), which then takes the full path.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static CohereStreamChunk? TryDecodeFast(ReadOnlySpan<byte> data)
    {
        var reader = new Utf8JsonReader(data);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        string? type = null;
        var index = 0;
        string? text = null;
        var thinking = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                type = FastType(ref reader);
                if (type is null)
                {
                    return null;
                }
            }
            else if (reader.ValueTextEquals("index"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out index))
                {
                    return null;
                }
            }
            else if (reader.ValueTextEquals("delta"u8))
            {
                if (!ReadDelta(ref reader, ref text, ref thinking))
                {
                    return null;
                }
            }
            else
            {
                return null;
            }
        }

        return type is null ? null : new CohereStreamChunk { Type = type, Index = index, Text = text, IsThinking = thinking };
    }

    /// <summary>Reads <c>{"message":{…}}</c> holding one of <c>content.text</c>, <c>content.thinking</c>, <c>tool_plan</c> or
    /// <c>tool_calls.function.arguments</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool ReadDelta(ref Utf8JsonReader reader, ref string? text, ref bool thinking)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject
            || !reader.Read() || reader.TokenType != JsonTokenType.PropertyName || !reader.ValueTextEquals("message"u8)
            || !reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("content"u8))
            {
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                {
                    return false;
                }

                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    thinking = reader.ValueTextEquals("thinking"u8);
                    if (!thinking && !reader.ValueTextEquals("text"u8))
                    {
                        return false;
                    }

                    if (!ReadString(ref reader, out text))
                    {
                        return false;
                    }
                }
            }
            else if (reader.ValueTextEquals("tool_plan"u8))
            {
                if (!ReadString(ref reader, out text))
                {
                    return false;
                }
            }
            else if (reader.ValueTextEquals("tool_calls"u8))
            {
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject
                    || !reader.Read() || reader.TokenType != JsonTokenType.PropertyName || !reader.ValueTextEquals("function"u8)
                    || !reader.Read() || reader.TokenType != JsonTokenType.StartObject
                    || !reader.Read() || reader.TokenType != JsonTokenType.PropertyName || !reader.ValueTextEquals("arguments"u8)
                    || !ReadString(ref reader, out text)
                    || !reader.Read() || reader.TokenType != JsonTokenType.EndObject
                    || !reader.Read() || reader.TokenType != JsonTokenType.EndObject)
                {
                    return false;
                }
            }
            else
            {
                return false;
            }
        }

        // The end of "message", then of "delta".
        return reader.TokenType == JsonTokenType.EndObject && reader.Read() && reader.TokenType == JsonTokenType.EndObject;
    }

    private static bool ReadString(ref Utf8JsonReader reader, out string? value)
    {
        value = null;
        if (!reader.Read() || reader.TokenType != JsonTokenType.String)
        {
            return false;
        }

        value = reader.GetString();
        return true;
    }

    /// <summary>The event types the fast path reads, interned; null for the rest.</summary>
    private static string? FastType(ref Utf8JsonReader reader) =>
        reader.TokenType != JsonTokenType.String ? null
        : reader.ValueTextEquals("content-delta"u8) ? CohereStreamChunk.ContentDelta
        : reader.ValueTextEquals("tool-call-delta"u8) ? CohereStreamChunk.ToolCallDelta
        : reader.ValueTextEquals("tool-plan-delta"u8) ? CohereStreamChunk.ToolPlanDelta
        : reader.ValueTextEquals("content-end"u8) ? CohereStreamChunk.ContentEnd
        : reader.ValueTextEquals("tool-call-end"u8) ? CohereStreamChunk.ToolCallEnd
        : reader.ValueTextEquals("citation-end"u8) ? CohereStreamChunk.CitationEnd
        : null;

    private static string Intern(string type) => type switch
    {
        CohereStreamChunk.MessageStart => CohereStreamChunk.MessageStart,
        CohereStreamChunk.ContentStart => CohereStreamChunk.ContentStart,
        CohereStreamChunk.ContentDelta => CohereStreamChunk.ContentDelta,
        CohereStreamChunk.ContentEnd => CohereStreamChunk.ContentEnd,
        CohereStreamChunk.ToolPlanDelta => CohereStreamChunk.ToolPlanDelta,
        CohereStreamChunk.ToolCallStart => CohereStreamChunk.ToolCallStart,
        CohereStreamChunk.ToolCallDelta => CohereStreamChunk.ToolCallDelta,
        CohereStreamChunk.ToolCallEnd => CohereStreamChunk.ToolCallEnd,
        CohereStreamChunk.CitationStart => CohereStreamChunk.CitationStart,
        CohereStreamChunk.CitationEnd => CohereStreamChunk.CitationEnd,
        CohereStreamChunk.MessageEnd => CohereStreamChunk.MessageEnd,
        _ => type,
    };

    /// <summary>The one object of a block event (an array's first item, should a server send an array).</summary>
    private static JsonElement? First(JsonElement? value) => value switch
    {
        { ValueKind: JsonValueKind.Object } obj => obj,
        { ValueKind: JsonValueKind.Array } array when array.GetArrayLength() > 0 && array[0].ValueKind == JsonValueKind.Object => array[0],
        _ => null,
    };

    private static string? String(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
