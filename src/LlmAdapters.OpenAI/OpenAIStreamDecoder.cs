using System;
using System.Linq;
using System.Text.Json;
using LlmAdapters.OpenAI.Wire;

namespace LlmAdapters.OpenAI;

/// <summary>
/// Decodes streamed <c>chat.completion.chunk</c> events with <see cref="Utf8JsonReader"/>, without a DOM. One
/// instance per stream: the response id, model, creation time and service tier repeat in every chunk, so their strings
/// and the <see cref="OpenAIChunkHead"/> holding them are kept and reused while the bytes stay the same instead of being
/// allocated again per chunk. Property names are dispatched on their length, then compared once.
/// </summary>
internal sealed partial class OpenAIStreamDecoder
{
    private CachedUtf8String _id;
    private CachedUtf8String _model;
    private CachedUtf8String _serviceTier;
    private OpenAIChunkHead _head = OpenAIChunkHead.Empty;
    private readonly bool _reuseStrings;

    // The longest property name this decoder reads is 18 bytes.
    private const int NameScratch = 24;

    // Decodes whole bodies: it reuses no strings, so it keeps no state and serves every call.
    private static readonly OpenAIStreamDecoder WholeBodies = new(reuseStrings: false);

    /// <summary>Initializes a decoder for one stream.</summary>
    public OpenAIStreamDecoder()
        : this(reuseStrings: true)
    {
    }

    private OpenAIStreamDecoder(bool reuseStrings) => _reuseStrings = reuseStrings;

    /// <summary>Decodes a whole non-streaming <c>chat.completion</c> body (its <c>message</c> is read like a delta).</summary>
    public static OpenAIStreamChunk ParseCompletion(ReadOnlySpan<byte> body)
    {
        var chunk = WholeBodies.Parse(default, body);
        if (chunk.IsDone || chunk.Error is not null)
        {
            throw new JsonException("The body is not a chat.completion object.");
        }

        return chunk;
    }

    public OpenAIStreamChunk Parse(ReadOnlySpan<byte> eventName, ReadOnlySpan<byte> data)
    {
        // Chat completions name no events; every chunk says what it is.
        _ = eventName;
        if (data.Length <= 16 && data.Trim(" \t\r\n"u8).SequenceEqual("[DONE]"u8))
        {
            return OpenAIStreamChunk.Done;
        }

        var reader = new Utf8JsonReader(data);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("A stream chunk is not a JSON object.");
        }

        var chunk = new OpenAIStreamChunk();
        string? id = null, model = null, serviceTier = null;
        long created = 0;
        var hasChoice = false;
        Span<byte> scratch = stackalloc byte[NameScratch];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            // Dispatch on the name's length first: one comparison per property instead of a chain of them.
            var name = Name(in reader, scratch);
            reader.Read();
            switch (name.Length)
            {
                case 7 when name.SequenceEqual("choices"u8):
                    if (reader.TokenType == JsonTokenType.StartArray)
                    {
                        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                        {
                            hasChoice = true;
                            ReadChoice(ref reader, chunk);
                        }
                    }
                    else
                    {
                        reader.Skip();
                    }

                    break;
                case 2 when name.SequenceEqual("id"u8):
                    id = reader.TokenType == JsonTokenType.String ? _id.Get(ref reader, _reuseStrings) : null;
                    break;
                case 5 when name.SequenceEqual("model"u8):
                    model = reader.TokenType == JsonTokenType.String ? _model.Get(ref reader, _reuseStrings) : null;
                    break;
                case 7 when name.SequenceEqual("created"u8):
                    created = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value) ? value : 0;
                    break;
                case 12 when name.SequenceEqual("service_tier"u8):
                    serviceTier = reader.TokenType == JsonTokenType.String ? _serviceTier.Get(ref reader, _reuseStrings) : null;
                    break;
                case 5 when name.SequenceEqual("usage"u8):
                    if (reader.TokenType == JsonTokenType.StartObject)
                    {
                        chunk.Usage = WireUsageConverter.ReadUsage(ref reader);
                    }
                    else
                    {
                        reader.Skip();
                    }

                    break;
                case 5 when name.SequenceEqual("error"u8):
                    reader.Skip();
                    chunk.Error = OpenAIErrors.Parse(0, data);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        if (_reuseStrings)
        {
            chunk.Head = _head = _head.With(id, model, created, serviceTier);
        }
        else
        {
            chunk.Head = new OpenAIChunkHead(id, model, created, serviceTier);
        }
        chunk.HasChoice = hasChoice;
        return chunk;
    }

    /// <summary>The current property name, unescaped (into <paramref name="scratch"/>) in the rare case it was escaped; names
    /// longer than the scratch are none this decoder knows, so they come back empty.</summary>
    private static ReadOnlySpan<byte> Name(in Utf8JsonReader reader, Span<byte> scratch)
    {
        if (!reader.ValueIsEscaped)
        {
            return reader.ValueSpan;
        }

        return reader.ValueSpan.Length <= scratch.Length ? scratch[..reader.CopyString(scratch)] : default;
    }

    private static void ReadChoice(ref Utf8JsonReader reader, OpenAIStreamChunk chunk)
    {
        Span<byte> scratch = stackalloc byte[NameScratch];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = Name(in reader, scratch);
            reader.Read();
            switch (name.Length)
            {
                case 5 when name.SequenceEqual("delta"u8):
                case 7 when name.SequenceEqual("message"u8):
                    if (reader.TokenType == JsonTokenType.StartObject)
                    {
                        ReadDelta(ref reader, chunk);
                    }
                    else
                    {
                        reader.Skip();
                    }

                    break;
                case 13 when name.SequenceEqual("finish_reason"u8):
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        chunk.FinishReason = FinishReason(ref reader);
                    }

                    break;
                case 8 when name.SequenceEqual("logprobs"u8):
                    if (reader.TokenType == JsonTokenType.StartObject)
                    {
                        chunk.Logprobs = JsonSerializer.Deserialize(ref reader, OpenAIJsonContext.Default.JsonElement);
                    }
                    else
                    {
                        reader.Skip();
                    }

                    break;
                default:
                    reader.Skip();
                    break;
            }
        }
    }

    /// <summary>A string decoded from JSON, reused while the next occurrence has the same bytes.</summary>
    private struct CachedUtf8String
    {
        private byte[]? _bytes;
        private string? _value;

        public string? Get(ref Utf8JsonReader reader, bool reuse)
        {
            if (reuse && !reader.ValueIsEscaped && !reader.HasValueSequence)
            {
                var span = reader.ValueSpan;
                if (_bytes is not null && span.SequenceEqual(_bytes))
                {
                    return _value;
                }

                _value = reader.GetString();
                _bytes = span.ToArray();
                return _value;
            }

            // Not reusing: leave the fields alone, so a decoder of whole bodies keeps no state.
            return reader.GetString();
        }
    }
}
