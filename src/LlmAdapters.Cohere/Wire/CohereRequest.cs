using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace LlmAdapters.Cohere.Wire;

/// <summary>The body of <c>POST /v2/chat</c>.</summary>
internal sealed class CohereChatRequest
{
    [JsonPropertyName("model")]
    public string? Model { get; set; }

    [JsonPropertyName("messages")]
    public List<CohereMessage> Messages { get; set; } = [];

    [JsonPropertyName("tools")]
    public List<CohereTool>? Tools { get; set; }

    [JsonPropertyName("strict_tools")]
    public bool? StrictTools { get; set; }

    [JsonPropertyName("tool_choice")]
    public string? ToolChoice { get; set; }

    /// <summary>Plain strings or <c>{"id"?, "data": {…}}</c> objects.</summary>
    [JsonPropertyName("documents")]
    public List<JsonNode>? Documents { get; set; }

    [JsonPropertyName("citation_options")]
    public CohereCitationOptions? CitationOptions { get; set; }

    [JsonPropertyName("response_format")]
    public CohereResponseFormat? ResponseFormat { get; set; }

    [JsonPropertyName("safety_mode")]
    public string? SafetyMode { get; set; }

    [JsonPropertyName("max_tokens")]
    public int? MaxTokens { get; set; }

    [JsonPropertyName("stop_sequences")]
    public List<string>? StopSequences { get; set; }

    [JsonPropertyName("temperature")]
    public double? Temperature { get; set; }

    [JsonPropertyName("seed")]
    public long? Seed { get; set; }

    [JsonPropertyName("frequency_penalty")]
    public double? FrequencyPenalty { get; set; }

    [JsonPropertyName("presence_penalty")]
    public double? PresencePenalty { get; set; }

    [JsonPropertyName("k")]
    public int? K { get; set; }

    [JsonPropertyName("p")]
    public double? P { get; set; }

    [JsonPropertyName("thinking")]
    public CohereThinking? Thinking { get; set; }

    [JsonPropertyName("priority")]
    public int? Priority { get; set; }

    [JsonPropertyName("stream")]
    public bool? Stream { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>One message: <c>system</c>, <c>user</c>, <c>assistant</c> or <c>tool</c>.</summary>
internal sealed class CohereMessage
{
    [JsonPropertyName("role")]
    public required string Role { get; set; }

    [JsonPropertyName("content")]
    public CohereMessageContent? Content { get; set; }

    [JsonPropertyName("tool_plan")]
    public string? ToolPlan { get; set; }

    [JsonPropertyName("tool_calls")]
    public List<CohereToolCall>? ToolCalls { get; set; }

    [JsonPropertyName("tool_call_id")]
    public string? ToolCallId { get; set; }
}

/// <summary>Message content: a plain string or typed parts (written by <see cref="CohereMessageContentConverter"/>).</summary>
[JsonConverter(typeof(CohereMessageContentConverter))]
internal sealed class CohereMessageContent
{
    public string? Text { get; init; }

    public List<CohereContentPart>? Parts { get; init; }
}

/// <summary>A content part of a request or response: <c>text</c>, <c>thinking</c>, <c>image_url</c> or <c>document</c>.</summary>
internal sealed class CohereContentPart
{
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    [JsonPropertyName("text")]
    public string? Text { get; set; }

    [JsonPropertyName("thinking")]
    public string? Thinking { get; set; }

    [JsonPropertyName("image_url")]
    public CohereImageUrl? ImageUrl { get; set; }

    [JsonPropertyName("document")]
    public CohereDocument? Document { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

internal sealed class CohereImageUrl
{
    [JsonPropertyName("url")]
    public required string Url { get; set; }

    [JsonPropertyName("detail")]
    public string? Detail { get; set; }
}

/// <summary>A document inside a tool result: <c>data</c> is an object of fields or a JSON text.</summary>
internal sealed class CohereDocument
{
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("data")]
    public JsonNode? Data { get; set; }
}

internal sealed class CohereTool
{
    [JsonPropertyName("type")]
    public string Type { get; set; } = "function";

    [JsonPropertyName("function")]
    public required CohereFunction Function { get; set; }
}

internal sealed class CohereFunction
{
    [JsonPropertyName("name")]
    public required string Name { get; set; }

    [JsonPropertyName("description")]
    public string? Description { get; set; }

    [JsonPropertyName("parameters")]
    public JsonElement? Parameters { get; set; }
}

/// <summary>A tool call, in requests (sent back on the assistant message) and responses; <c>arguments</c> is a JSON text.</summary>
internal sealed class CohereToolCall
{
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("type")]
    public string? Type { get; set; } = "function";

    [JsonPropertyName("function")]
    public CohereToolCallFunction? Function { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

internal sealed class CohereToolCallFunction
{
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("arguments")]
    public string? Arguments { get; set; }
}

internal sealed class CohereCitationOptions
{
    [JsonPropertyName("mode")]
    public required string Mode { get; set; }
}

internal sealed class CohereResponseFormat
{
    [JsonPropertyName("type")]
    public required string Type { get; set; }

    [JsonPropertyName("json_schema")]
    public JsonElement? JsonSchema { get; set; }
}

internal sealed class CohereThinking
{
    [JsonPropertyName("type")]
    public required string Type { get; set; }

    [JsonPropertyName("token_budget")]
    public int? TokenBudget { get; set; }
}
