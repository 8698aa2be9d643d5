using System;
using System.Linq;
using System.Text.Json;
using LlmAdapters.OpenAI.Wire;

namespace LlmAdapters.OpenAI;

/// <summary>The inside of a choice: the delta (or a whole body's message) with its text, reasoning, refusal and
/// annotations, tool-call fragments, content-part arrays, and the finish reason.</summary>
internal sealed partial class OpenAIStreamDecoder
{
    private static void ReadDelta(ref Utf8JsonReader reader, OpenAIStreamChunk chunk)
    {
        Span<byte> scratch = stackalloc byte[NameScratch];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = Name(in reader, scratch);
            reader.Read();
            switch (name.Length)
            {
                case 7 when name.SequenceEqual("content"u8):
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

                    break;
                case 17 when name.SequenceEqual("reasoning_content"u8):
                case 9 when name.SequenceEqual("reasoning"u8):
                    if (reader.TokenType == JsonTokenType.String && chunk.Reasoning is null or "")
                    {
                        // Some servers send both spellings with the same text; keep the first non-empty one.
                        chunk.Reasoning = reader.GetString();
                    }
                    else
                    {
                        reader.Skip();
                    }

                    break;
                case 17 when name.SequenceEqual("reasoning_details"u8):
                    if (reader.TokenType == JsonTokenType.StartArray)
                    {
                        chunk.ReasoningDetails = JsonSerializer.Deserialize(ref reader, OpenAIJsonContext.Default.JsonElement).GetRawText();
                    }
                    else
                    {
                        reader.Skip();
                    }

                    break;
                case 7 when name.SequenceEqual("refusal"u8):
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        chunk.Refusal = Append(chunk.Refusal, ref reader);
                    }
                    else
                    {
                        reader.Skip();
                    }

                    break;
                case 10 when name.SequenceEqual("tool_calls"u8):
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

                    break;
                default:
                    reader.Skip();
                    break;
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
                // Some OpenAI-compatible servers (Qwen on Alibaba and others) send "id": "" on every fragment after the
                // first: an empty id says nothing about which call the fragment belongs to, so it reads as no id.
                call.Id = reader.TokenType == JsonTokenType.String && reader.ValueSpan.Length > 0 ? reader.GetString() : null;
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
}
