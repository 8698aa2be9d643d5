using System.Text.Json;
using LlmAdapters.OpenAI.Wire;

namespace LlmAdapters.OpenAI;

/// <summary>
/// Decodes streamed <c>chat.completion.chunk</c> events with <see cref="Utf8JsonReader"/>, without a DOM. One
/// instance per stream: the response id and model repeat in every chunk, so their strings are kept and reused
/// while the bytes stay the same instead of being allocated again per chunk.
/// </summary>
internal sealed class OpenAIStreamDecoder
{
    private CachedUtf8String _id;
    private CachedUtf8String _model;

    public OpenAIStreamChunk Parse(string eventType, ReadOnlySpan<byte> data)
    {
        _ = eventType;
        var trimmed = data.Trim(" \t\r\n"u8);
        if (trimmed.SequenceEqual("[DONE]"u8))
        {
            return OpenAIStreamChunk.Done;
        }

        var reader = new Utf8JsonReader(trimmed);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("A stream chunk is not a JSON object.");
        }

        var chunk = new OpenAIStreamChunk();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("choices"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartArray)
                {
                    while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                    {
                        ReadChoice(ref reader, chunk);
                    }
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                chunk.Id = reader.TokenType == JsonTokenType.String ? _id.Get(ref reader) : null;
            }
            else if (reader.ValueTextEquals("model"u8))
            {
                reader.Read();
                chunk.Model = reader.TokenType == JsonTokenType.String ? _model.Get(ref reader) : null;
            }
            else if (reader.ValueTextEquals("created"u8))
            {
                reader.Read();
                chunk.Created = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var created) ? created : 0;
            }
            else if (reader.ValueTextEquals("usage"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    chunk.Usage = JsonSerializer.Deserialize(ref reader, OpenAIJsonContext.Default.WireUsage);
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                reader.Read();
                reader.Skip();
                chunk.Error = OpenAIErrors.Parse(0, trimmed);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return chunk;
    }

    private static void ReadChoice(ref Utf8JsonReader reader, OpenAIStreamChunk chunk)
    {
        chunk.HasChoice = true;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("delta"u8) || reader.ValueTextEquals("message"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    ReadDelta(ref reader, chunk);
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("finish_reason"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    chunk.FinishReason = FinishReason(ref reader);
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    private static void ReadDelta(ref Utf8JsonReader reader, OpenAIStreamChunk chunk)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("content"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    chunk.Content = Append(chunk.Content, ref reader);
                }
                else if (reader.TokenType == JsonTokenType.StartArray)
                {
                    ReadContentParts(ref reader, chunk);
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("reasoning_content"u8) || reader.ValueTextEquals("reasoning"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String && chunk.Reasoning is null or "")
                {
                    // Some servers send both spellings with the same text; keep the first non-empty one.
                    chunk.Reasoning = reader.GetString();
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("refusal"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    chunk.Refusal = Append(chunk.Refusal, ref reader);
                }
            }
            else if (reader.ValueTextEquals("tool_calls"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartArray)
                {
                    while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                    {
                        (chunk.ToolCalls ??= []).Add(ReadToolCall(ref reader));
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
    }

    private static WireToolCall ReadToolCall(ref Utf8JsonReader reader)
    {
        var call = new WireToolCall();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("index"u8))
            {
                reader.Read();
                call.Index = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var index) ? index : null;
            }
            else if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                call.Id = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            else if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                call.Type = reader.TokenType == JsonTokenType.String ? "function" : null;
            }
            else if (reader.ValueTextEquals("function"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    reader.Skip();
                    continue;
                }

                var function = new WireFunctionCall();
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("name"u8))
                    {
                        reader.Read();
                        function.Name = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    }
                    else if (reader.ValueTextEquals("arguments"u8))
                    {
                        reader.Read();
                        function.Arguments = reader.TokenType switch
                        {
                            JsonTokenType.String => reader.GetString(),
                            JsonTokenType.StartObject => RawObject(ref reader),
                            _ => null,
                        };
                    }
                    else
                    {
                        reader.Read();
                        reader.Skip();
                    }
                }

                call.Function = function;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return call;
    }

    private static string RawObject(ref Utf8JsonReader reader) =>
        // Some servers send arguments as an object rather than a JSON string.
        JsonSerializer.Deserialize(ref reader, OpenAIJsonContext.Default.JsonElement).GetRawText();

    private static void ReadContentParts(ref Utf8JsonReader reader, OpenAIStreamChunk chunk)
    {
        // Mistral Magistral streams content as parts: text, and thinking with nested text parts.
        var parts = JsonSerializer.Deserialize(ref reader, OpenAIJsonContext.Default.ListWirePart);
        if (parts is null)
        {
            return;
        }

        foreach (var part in parts)
        {
            if (part.Type == "text" && part.Text is not null)
            {
                chunk.Content += part.Text;
            }
            else if (part.Type == "thinking" && part.Thinking is { } thinking)
            {
                foreach (var t in thinking)
                {
                    chunk.Reasoning += t.Text;
                }
            }
        }
    }

    private static string Append(string? existing, ref Utf8JsonReader reader)
    {
        var value = reader.GetString() ?? string.Empty;
        return existing is null ? value : existing + value;
    }

    private static string FinishReason(ref Utf8JsonReader reader)
    {
        if (reader.ValueTextEquals("stop"u8))
        {
            return "stop";
        }

        if (reader.ValueTextEquals("tool_calls"u8))
        {
            return "tool_calls";
        }

        if (reader.ValueTextEquals("length"u8))
        {
            return "length";
        }

        if (reader.ValueTextEquals("content_filter"u8))
        {
            return "content_filter";
        }

        return reader.GetString() ?? string.Empty;
    }

    /// <summary>A string decoded from JSON, reused while the next occurrence has the same bytes.</summary>
    private struct CachedUtf8String
    {
        private byte[]? _bytes;
        private string? _value;

        public string? Get(ref Utf8JsonReader reader)
        {
            if (!reader.ValueIsEscaped && !reader.HasValueSequence)
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

            _bytes = null;
            _value = reader.GetString();
            return _value;
        }
    }
}
