using System;
using System.Linq;
using System.Text.Json;
using LlmAdapters.OpenAI.Responses.Wire;

namespace LlmAdapters.OpenAI.Responses;

/// <summary>
/// Decodes Responses stream events. The SSE event name equals the event's <c>type</c>, so the delta events — almost every event
/// of a stream — are recognised by name and read with <see cref="Utf8JsonReader"/> into the few fields they carry (the item id
/// and indices, repeated by every delta of a content part, are kept and shared while they stay the same); progress events whose
/// bodies only repeat the deltas are recognised by name and not decoded. Every other event, and every event of a server that
/// sends no event names, is deserialized whole with the source-generated metadata. One instance per stream.
/// </summary>
internal sealed class OpenAIResponsesStreamDecoder
{
    public const string OutputTextDelta = "response.output_text.delta";
    public const string FunctionCallArgumentsDelta = "response.function_call_arguments.delta";
    public const string ReasoningSummaryTextDelta = "response.reasoning_summary_text.delta";
    public const string ReasoningTextDelta = "response.reasoning_text.delta";
    public const string RefusalDelta = "response.refusal.delta";

    private byte[]? _itemIdBytes;
    private string? _itemId;
    private OpenAIResponsesDeltaPosition? _position;

    public OpenAIResponsesStreamEvent Parse(ReadOnlySpan<byte> eventName, ReadOnlySpan<byte> data)
    {
        if (data.Length <= 16 && data.Trim(" \t\r\n"u8).SequenceEqual("[DONE]"u8))
        {
            return OpenAIResponsesStreamEvent.Done;
        }

        if (FastType(eventName) is { } fastType)
        {
            return ParseDelta(fastType, data);
        }

        return ProgressType(eventName) is { } progress ? new OpenAIResponsesStreamEvent { Type = progress } : ParseWhole(data);
    }

    /// <summary>
    /// The type of a progress event, by its SSE name, whose body repeats what the deltas already carried (the closing
    /// <c>…done</c> events of a text or reasoning part hold the whole text again, the <c>…added</c> ones an empty shell). The
    /// stream mapper passes these over without reading them (see <c>OpenAIResponsesStreamMapper.IsKnownProgress</c>), so their
    /// bodies are not decoded. Null for every other name; such events, and all events of a server that sends no names, are
    /// decoded whole.
    /// </summary>
    private static string? ProgressType(ReadOnlySpan<byte> eventName) =>
        eventName.SequenceEqual("response.output_text.done"u8) ? "response.output_text.done"
        : eventName.SequenceEqual("response.content_part.done"u8) ? "response.content_part.done"
        : eventName.SequenceEqual("response.content_part.added"u8) ? "response.content_part.added"
        : eventName.SequenceEqual("response.output_item.added"u8) ? "response.output_item.added"
        : eventName.SequenceEqual("response.reasoning_summary_text.done"u8) ? "response.reasoning_summary_text.done"
        : eventName.SequenceEqual("response.reasoning_summary_part.added"u8) ? "response.reasoning_summary_part.added"
        : eventName.SequenceEqual("response.reasoning_summary_part.done"u8) ? "response.reasoning_summary_part.done"
        : eventName.SequenceEqual("response.reasoning_text.done"u8) ? "response.reasoning_text.done"
        : null;

    /// <summary>The type of a delta event read by the fast path, by its SSE name; null for every other name.</summary>
    private static string? FastType(ReadOnlySpan<byte> eventName) =>
        eventName.SequenceEqual("response.output_text.delta"u8) ? OutputTextDelta
        : eventName.SequenceEqual("response.function_call_arguments.delta"u8) ? FunctionCallArgumentsDelta
        : eventName.SequenceEqual("response.reasoning_summary_text.delta"u8) ? ReasoningSummaryTextDelta
        : eventName.SequenceEqual("response.reasoning_text.delta"u8) ? ReasoningTextDelta
        : eventName.SequenceEqual("response.refusal.delta"u8) ? RefusalDelta
        : null;

    /// <summary>Decodes one event body whole.</summary>
    public static OpenAIResponsesStreamEvent ParseWhole(ReadOnlySpan<byte> data) =>
        OpenAIResponsesStreamEvent.From(
            JsonSerializer.Deserialize(data, OpenAIResponsesJsonContext.Default.OpenAIResponsesStreamEventBody)
            ?? throw new JsonException("A stream event is not a JSON object."));

    private OpenAIResponsesStreamEvent ParseDelta(string type, ReadOnlySpan<byte> data)
    {
        var reader = new Utf8JsonReader(data);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("A stream event is not a JSON object.");
        }

        var evt = new OpenAIResponsesStreamEvent { Type = type };
        string? itemId = null;
        int? outputIndex = null, contentIndex = null, summaryIndex = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("delta"u8))
            {
                reader.Read();
                evt.Delta = reader.TokenType == JsonTokenType.String ? reader.GetString() : Skip(ref reader);
            }
            else if (reader.ValueTextEquals("item_id"u8))
            {
                reader.Read();
                itemId = reader.TokenType == JsonTokenType.String ? ItemId(ref reader) : Skip(ref reader);
            }
            else if (reader.ValueTextEquals("output_index"u8))
            {
                outputIndex = ReadInt(ref reader);
            }
            else if (reader.ValueTextEquals("content_index"u8))
            {
                contentIndex = ReadInt(ref reader);
            }
            else if (reader.ValueTextEquals("summary_index"u8))
            {
                summaryIndex = ReadInt(ref reader);
            }
            else if (reader.ValueTextEquals("sequence_number"u8))
            {
                reader.Read();
                evt.SequenceNumber = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var n) ? n : null;
            }
            else
            {
                // type (known from the event name), logprobs, obfuscation padding.
                reader.Read();
                reader.Skip();
            }
        }

        evt.Position = Position(itemId, outputIndex, contentIndex, summaryIndex);
        return evt;
    }

    /// <summary>The position of the last delta when this one repeats it (the item id string is reused while its bytes stay the
    /// same, so comparing references suffices), otherwise a new one.</summary>
    private OpenAIResponsesDeltaPosition Position(string? itemId, int? outputIndex, int? contentIndex, int? summaryIndex)
    {
        if (_position is not { } last || !ReferenceEquals(last.ItemId, itemId)
            || last.OutputIndex != outputIndex || last.ContentIndex != contentIndex || last.SummaryIndex != summaryIndex)
        {
            _position = new OpenAIResponsesDeltaPosition(itemId, outputIndex, contentIndex, summaryIndex);
        }

        return _position;
    }

    private string? ItemId(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped || reader.HasValueSequence)
        {
            return reader.GetString();
        }

        var span = reader.ValueSpan;
        if (_itemIdBytes is null || !span.SequenceEqual(_itemIdBytes))
        {
            _itemId = reader.GetString();
            _itemIdBytes = span.ToArray();
        }

        return _itemId;
    }

    private static int? ReadInt(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var n))
        {
            return n;
        }

        Skip(ref reader);
        return null;
    }

    private static string? Skip(ref Utf8JsonReader reader)
    {
        reader.Skip();
        return null;
    }
}
