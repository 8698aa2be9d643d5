using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LlmAdapters.OpenAI.Wire;

/// <summary>A request message (responses are decoded by <see cref="OpenAIStreamDecoder"/>).</summary>
internal sealed class WireMessage
{
    [JsonPropertyName("role")]
    public string? Role { get; set; }

    [JsonPropertyName("content")]
    public WireContent? Content { get; set; }

    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("tool_calls")]
    public List<WireToolCall>? ToolCalls { get; set; }

    [JsonPropertyName("tool_call_id")]
    public string? ToolCallId { get; set; }

    [JsonPropertyName("reasoning_content")]
    public string? ReasoningContent { get; set; }

    [JsonPropertyName("reasoning_details")]
    public JsonElement? ReasoningDetails { get; set; }
}

/// <summary>Message content: a plain string or an array of parts (written and read by <see cref="WireContentConverter"/>).</summary>
[JsonConverter(typeof(WireContentConverter))]
internal sealed class WireContent
{
    public string? Text { get; set; }

    public List<WirePart>? Parts { get; set; }
}

internal sealed class WirePart
{
    [JsonPropertyName("type")]
    public string Type { get; set; } = "text";

    [JsonPropertyName("text")]
    public string? Text { get; set; }

    [JsonPropertyName("image_url")]
    public WireImageUrl? ImageUrl { get; set; }

    [JsonPropertyName("input_audio")]
    public WireInputAudio? InputAudio { get; set; }

    [JsonPropertyName("file")]
    public WireFile? File { get; set; }

    /// <summary>Mistral Magistral reasoning: <c>{"type":"thinking","thinking":[{"type":"text","text":…}]}</c>.</summary>
    [JsonPropertyName("thinking")]
    public List<WirePart>? Thinking { get; set; }
}

internal sealed class WireImageUrl
{
    [JsonPropertyName("url")]
    public string Url { get; set; } = string.Empty;

    [JsonPropertyName("detail")]
    public string? Detail { get; set; }
}

internal sealed class WireInputAudio
{
    [JsonPropertyName("data")]
    public string Data { get; set; } = string.Empty;

    [JsonPropertyName("format")]
    public string Format { get; set; } = "wav";
}

internal sealed class WireFile
{
    [JsonPropertyName("filename")]
    public string? FileName { get; set; }

    [JsonPropertyName("file_data")]
    public string? FileData { get; set; }

    [JsonPropertyName("file_id")]
    public string? FileId { get; set; }
}

internal sealed class WireToolCall
{
    [JsonPropertyName("index")]
    public int? Index { get; set; }

    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("type")]
    public string? Type { get; set; }

    [JsonPropertyName("function")]
    public WireFunctionCall? Function { get; set; }
}

internal sealed class WireFunctionCall
{
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("arguments")]
    public string? Arguments { get; set; }
}

/// <summary>Reads and writes <see cref="WireContent"/> as a JSON string or an array of parts.</summary>
internal sealed class WireContentConverter : JsonConverter<WireContent>
{
    public override WireContent? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String:
                return new WireContent { Text = reader.GetString() };
            case JsonTokenType.StartArray:
                var parts = JsonSerializer.Deserialize(ref reader, OpenAIJsonContext.Default.ListWirePart);
                return new WireContent { Parts = parts };
            default:
                reader.Skip();
                return null;
        }
    }

    public override void Write(Utf8JsonWriter writer, WireContent value, JsonSerializerOptions options)
    {
        if (value.Parts is { } parts)
        {
            JsonSerializer.Serialize(writer, parts, OpenAIJsonContext.Default.ListWirePart);
        }
        else if (value.Text is { } text)
        {
            writer.WriteStringValue(text);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
