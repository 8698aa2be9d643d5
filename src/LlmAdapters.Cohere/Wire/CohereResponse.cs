using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LlmAdapters.Cohere.Wire;

/// <summary>The body of a non-streaming <c>/v2/chat</c> response.</summary>
internal sealed class CohereChatResponse
{
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("finish_reason")]
    public string? FinishReason { get; set; }

    [JsonPropertyName("message")]
    public CohereResponseMessage? Message { get; set; }

    [JsonPropertyName("usage")]
    public CohereUsage? Usage { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

internal sealed class CohereResponseMessage
{
    [JsonPropertyName("role")]
    public string? Role { get; set; }

    [JsonPropertyName("content")]
    public List<CohereContentPart>? Content { get; set; }

    [JsonPropertyName("tool_plan")]
    public string? ToolPlan { get; set; }

    [JsonPropertyName("tool_calls")]
    public List<CohereToolCall>? ToolCalls { get; set; }

    [JsonPropertyName("citations")]
    public List<CohereCitation>? Citations { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>A citation: <c>start</c>/<c>end</c> are character offsets (end exclusive) into content block <c>content_index</c>
/// (<c>TEXT_CONTENT</c>, <c>THINKING_CONTENT</c>) or into the tool plan (<c>PLAN</c>).</summary>
internal sealed class CohereCitation
{
    [JsonPropertyName("start")]
    public int? Start { get; set; }

    [JsonPropertyName("end")]
    public int? End { get; set; }

    [JsonPropertyName("text")]
    public string? Text { get; set; }

    [JsonPropertyName("sources")]
    public List<CohereSource>? Sources { get; set; }

    [JsonPropertyName("type")]
    public string? Type { get; set; }

    [JsonPropertyName("content_index")]
    public int? ContentIndex { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>What a citation points at: <c>{"type":"document","id","document":{…}}</c> or <c>{"type":"tool","id","tool_output":{…}}</c>.</summary>
internal sealed class CohereSource
{
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("document")]
    public JsonElement? Document { get; set; }

    [JsonPropertyName("tool_output")]
    public JsonElement? ToolOutput { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>Usage: <c>tokens</c> are what the model processed, <c>billed_units</c> what is charged; counts may be written
/// as floats.</summary>
internal sealed class CohereUsage
{
    [JsonPropertyName("billed_units")]
    public CohereBilledUnits? BilledUnits { get; set; }

    [JsonPropertyName("tokens")]
    public CohereTokens? Tokens { get; set; }

    [JsonPropertyName("cached_tokens")]
    public double? CachedTokens { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

internal sealed class CohereBilledUnits
{
    [JsonPropertyName("input_tokens")]
    public double? InputTokens { get; set; }

    [JsonPropertyName("output_tokens")]
    public double? OutputTokens { get; set; }

    [JsonPropertyName("search_units")]
    public double? SearchUnits { get; set; }

    [JsonPropertyName("classifications")]
    public double? Classifications { get; set; }

    [JsonPropertyName("images")]
    public double? Images { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

internal sealed class CohereTokens
{
    [JsonPropertyName("input_tokens")]
    public double? InputTokens { get; set; }

    [JsonPropertyName("output_tokens")]
    public double? OutputTokens { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
