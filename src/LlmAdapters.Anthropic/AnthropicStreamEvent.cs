using System;
using System.Linq;
using System.Text;
using System.Text.Json;
using LlmAdapters.Anthropic.Wire;

namespace LlmAdapters.Anthropic;

/// <summary>
/// One decoded Messages stream event. <c>content_block_delta</c> — almost every event of a stream — is decoded by
/// hand with <see cref="Utf8JsonReader"/> straight from the UTF-8 bytes; the rare structural events go through the
/// source-generated <see cref="WireStreamEvent"/>. Used as the <c>RawRepresentation</c> of streamed updates.
/// </summary>
internal sealed class AnthropicStreamEvent
{
    public const string MessageStart = "message_start";
    public const string ContentBlockStart = "content_block_start";
    public const string ContentBlockDelta = "content_block_delta";
    public const string ContentBlockStop = "content_block_stop";
    public const string MessageDelta = "message_delta";
    public const string MessageStop = "message_stop";
    public const string Ping = "ping";
    public const string Error = "error";

    public const string TextDelta = "text_delta";
    public const string InputJsonDelta = "input_json_delta";
    public const string ThinkingDelta = "thinking_delta";
    public const string SignatureDelta = "signature_delta";
    public const string CitationsDelta = "citations_delta";

    private static readonly AnthropicStreamEvent PingEvent = new(new EventKind(Ping, null, 0), null, null);

    // The kinds of the common deltas (known delta type, block index below 16), shared by every stream.
    private static readonly EventKind[][] DeltaKinds =
        [.. new[] { TextDelta, InputJsonDelta, ThinkingDelta, SignatureDelta, CitationsDelta }
            .Select(type => Enumerable.Range(0, 16).Select(index => new EventKind(ContentBlockDelta, type, index)).ToArray())];

    // Type, delta type and index in one shared object: the event allocated for every text delta is three references.
    private readonly EventKind _kind;

    // The body of structural events, the (boxed) citation of a citations_delta or the whole delta of an unknown delta
    // type: one field keeps the object that is allocated for every text delta small.
    private readonly object? _extra;

    private AnthropicStreamEvent(EventKind kind, string? value, object? extra)
    {
        _kind = kind;
        Value = value;
        _extra = extra;
    }

    /// <summary>Gets the event type (one of the constants above, or the provider's text for unknown events).</summary>
    public string Type => _kind.Type;

    /// <summary>Gets the content block index of block events.</summary>
    public int Index => _kind.Index;

    /// <summary>Gets the delta type of a <c>content_block_delta</c>.</summary>
    public string? DeltaType => _kind.DeltaType;

    /// <summary>Gets the delta payload: <c>text</c>, <c>partial_json</c>, <c>thinking</c> or <c>signature</c>.</summary>
    public string? Value { get; }

    /// <summary>Gets the citation of a <c>citations_delta</c>.</summary>
    public JsonElement? Citation => ReferenceEquals(DeltaType, CitationsDelta) && _extra is JsonElement citation ? citation : null;

    /// <summary>Gets the whole <c>delta</c> object of a delta type this library does not know, so its payload is kept.</summary>
    public JsonElement? UnknownDelta => !ReferenceEquals(DeltaType, CitationsDelta) && _extra is JsonElement delta ? delta : null;

    /// <summary>Gets the decoded body of every event other than <c>content_block_delta</c>.</summary>
    public WireStreamEvent? Body => _extra as WireStreamEvent;

    /// <summary>Decodes one SSE event; malformed JSON throws <see cref="JsonException"/> (the reader turns it into
    /// a <see cref="StreamInterruptedException"/>).</summary>
    public static AnthropicStreamEvent Parse(ReadOnlySpan<byte> eventName, ReadOnlySpan<byte> data)
    {
        if (eventName.SequenceEqual("content_block_delta"u8))
        {
            return ParseDelta(data);
        }

        if (eventName.SequenceEqual("ping"u8))
        {
            return PingEvent;
        }

        var body = JsonSerializer.Deserialize(data, AnthropicJsonContext.Default.WireStreamEvent)
            ?? throw new JsonException("The stream event was the JSON literal null.");

        // Proxies may drop the `event:` lines; the event type is also in the payload.
        var type = body.Type ?? Encoding.UTF8.GetString(eventName);
        if (type == ContentBlockDelta)
        {
            return ParseDelta(data);
        }

        return new AnthropicStreamEvent(new EventKind(Intern(type), null, body.Index), null, body);
    }

    private static AnthropicStreamEvent ParseDelta(ReadOnlySpan<byte> data)
    {
        var reader = new Utf8JsonReader(data);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("A content_block_delta event was not a JSON object.");
        }

        var index = 0;
        string? deltaType = null;
        string? value = null;
        JsonElement? extra = null;
        var deltaStart = default(Utf8JsonReader);
        var sawDelta = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("index"u8))
            {
                reader.Read();
                index = reader.GetInt32();
            }
            else if (reader.ValueTextEquals("delta"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    reader.Skip();
                    continue;
                }

                deltaStart = reader;
                sawDelta = true;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("type"u8))
                    {
                        reader.Read();
                        deltaType = DeltaTypeOf(ref reader);
                    }
                    else if (reader.ValueTextEquals("text"u8) || reader.ValueTextEquals("partial_json"u8)
                        || reader.ValueTextEquals("thinking"u8) || reader.ValueTextEquals("signature"u8))
                    {
                        reader.Read();
                        value = reader.GetString();
                    }
                    else if (reader.ValueTextEquals("citation"u8))
                    {
                        reader.Read();
                        extra = JsonElement.ParseValue(ref reader);
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
                reader.Read();
                reader.Skip();
            }
        }

        if (sawDelta && !IsKnownDelta(deltaType))
        {
            // A delta type newer than this decoder: keep the whole object rather than drop its payload.
            extra = JsonElement.ParseValue(ref deltaStart);
        }

        return new AnthropicStreamEvent(DeltaKind(deltaType, index), value, extra);
    }

    private static string? DeltaTypeOf(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("text_delta"u8) ? TextDelta
        : reader.ValueTextEquals("input_json_delta"u8) ? InputJsonDelta
        : reader.ValueTextEquals("thinking_delta"u8) ? ThinkingDelta
        : reader.ValueTextEquals("signature_delta"u8) ? SignatureDelta
        : reader.ValueTextEquals("citations_delta"u8) ? CitationsDelta
        : reader.GetString();

    private static bool IsKnownDelta(string? deltaType) =>
        ReferenceEquals(deltaType, TextDelta) || ReferenceEquals(deltaType, InputJsonDelta) || ReferenceEquals(deltaType, ThinkingDelta)
        || ReferenceEquals(deltaType, SignatureDelta) || ReferenceEquals(deltaType, CitationsDelta);

    private static EventKind DeltaKind(string? deltaType, int index)
    {
        var row = deltaType switch
        {
            TextDelta => 0,
            InputJsonDelta => 1,
            ThinkingDelta => 2,
            SignatureDelta => 3,
            CitationsDelta => 4,
            _ => -1,
        };
        return row >= 0 && (uint)index < 16 ? DeltaKinds[row][index] : new EventKind(ContentBlockDelta, deltaType, index);
    }

    private static string Intern(string type) => type switch
    {
        MessageStart => MessageStart,
        ContentBlockStart => ContentBlockStart,
        ContentBlockStop => ContentBlockStop,
        MessageDelta => MessageDelta,
        MessageStop => MessageStop,
        Error => Error,
        _ => type,
    };

    /// <summary>What an event is: its type, delta type and block index.</summary>
    private sealed record EventKind(string Type, string? DeltaType, int Index);
}
