using System;
using System.Text;
using System.Text.Json;
using LlmAdapters.Ollama.Wire;

namespace LlmAdapters.Ollama;

/// <summary>
/// Decodes each NDJSON line of a <c>/api/chat</c> stream into an <see cref="OllamaStreamChunk"/>; one instance per stream
/// (it remembers the model name, so the thousands of lines that repeat it reuse one string). A line holding only
/// <c>model</c>, <c>created_at</c>, <c>message</c> (role, content, thinking) and <c>done: false</c> — nearly every line — is
/// read with <see cref="Utf8JsonReader"/> without building DTOs (and without decoding its time, which only the final line's
/// is used for); anything else (tool calls, images, the final metrics, an
/// error, fields newer than this decoder) goes through the source-generated DTO, which yields the same chunk shape.
/// </summary>
internal sealed class OllamaStreamDecoder
{
    private string? _model;
    private byte[] _modelUtf8 = [];

    public OllamaStreamChunk Decode(ReadOnlySpan<byte> line) => TryDecodeFast(line) ?? DecodeFull(line);

    /// <summary>The full path: the DTO, then <see cref="OllamaStreamChunk.From"/>.</summary>
    public static OllamaStreamChunk DecodeFull(ReadOnlySpan<byte> line) =>
        OllamaStreamChunk.From(JsonSerializer.Deserialize(line, OllamaJsonContext.Default.OllamaChatResponse)
            ?? throw new JsonException("A stream line was the JSON literal null."));

    /// <summary>Returns null when the line holds something the fast path does not model.</summary>
    private OllamaStreamChunk? TryDecodeFast(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        string? model = null, content = null, thinking = null;
        var sawDone = false;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                return sawDone && reader.Read() is false
                    ? new OllamaStreamChunk { Model = model, Content = content, Thinking = thinking }
                    : null;
            }

            if (reader.TokenType != JsonTokenType.PropertyName)
            {
                return null;
            }

            if (reader.ValueTextEquals("model"u8))
            {
                if (!reader.Read() || reader.TokenType != JsonTokenType.String)
                {
                    return null;
                }

                if (_model is null || !reader.ValueTextEquals(_modelUtf8))
                {
                    _model = reader.GetString();
                    _modelUtf8 = Encoding.UTF8.GetBytes(_model!);
                }

                model = _model;
            }
            else if (reader.ValueTextEquals("created_at"u8))
            {
                // Only the final line's time is used (it goes on the closing update), so a text line's is not decoded.
                if (!reader.Read() || reader.TokenType != JsonTokenType.String)
                {
                    return null;
                }
            }
            else if (reader.ValueTextEquals("message"u8))
            {
                if (!ReadMessage(ref reader, ref content, ref thinking))
                {
                    return null;
                }
            }
            else if (reader.ValueTextEquals("done"u8))
            {
                // The final line carries metrics and the reason: the full path takes it.
                if (!reader.Read() || reader.TokenType != JsonTokenType.False)
                {
                    return null;
                }

                sawDone = true;
            }
            else
            {
                return null;
            }
        }

        return null;
    }

    private static bool ReadMessage(ref Utf8JsonReader reader, ref string? content, ref string? thinking)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                return true;
            }

            if (reader.TokenType != JsonTokenType.PropertyName)
            {
                return false;
            }

            if (reader.ValueTextEquals("role"u8))
            {
                if (!reader.Read() || reader.TokenType != JsonTokenType.String || !reader.ValueTextEquals("assistant"u8))
                {
                    return false;
                }
            }
            else if (reader.ValueTextEquals("content"u8))
            {
                if (!reader.Read() || reader.TokenType != JsonTokenType.String)
                {
                    return false;
                }

                content = reader.GetString();
            }
            else if (reader.ValueTextEquals("thinking"u8))
            {
                if (!reader.Read() || reader.TokenType != JsonTokenType.String)
                {
                    return false;
                }

                thinking = reader.GetString();
            }
            else
            {
                return false;
            }
        }

        return false;
    }
}
