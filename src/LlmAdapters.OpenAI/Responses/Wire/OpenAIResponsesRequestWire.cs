using System.Collections.Generic;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace LlmAdapters.OpenAI.Responses.Wire;

/// <summary>The body of <c>POST /responses</c>.</summary>
internal sealed class OpenAIResponsesRequest
{
    [JsonPropertyName("model")]
    public string? Model { get; set; }

    [JsonPropertyName("instructions")]
    public string? Instructions { get; set; }

    [JsonPropertyName("input")]
    public List<OpenAIResponsesItem> Input { get; set; } = [];

    [JsonPropertyName("conversation")]
    public string? Conversation { get; set; }

    [JsonPropertyName("previous_response_id")]
    public string? PreviousResponseId { get; set; }

    [JsonPropertyName("tools")]
    public List<JsonObject>? Tools { get; set; }

    [JsonPropertyName("tool_choice")]
    public JsonNode? ToolChoice { get; set; }

    [JsonPropertyName("parallel_tool_calls")]
    public bool? ParallelToolCalls { get; set; }

    [JsonPropertyName("text")]
    public OpenAIResponsesTextOptions? Text { get; set; }

    [JsonPropertyName("reasoning")]
    public OpenAIResponsesReasoningOptions? Reasoning { get; set; }

    [JsonPropertyName("max_output_tokens")]
    public int? MaxOutputTokens { get; set; }

    [JsonPropertyName("temperature")]
    public float? Temperature { get; set; }

    [JsonPropertyName("top_p")]
    public float? TopP { get; set; }

    [JsonPropertyName("store")]
    public bool? Store { get; set; }

    [JsonPropertyName("include")]
    public List<string>? Include { get; set; }

    [JsonPropertyName("service_tier")]
    public string? ServiceTier { get; set; }

    [JsonPropertyName("prompt_cache_key")]
    public string? PromptCacheKey { get; set; }

    [JsonPropertyName("safety_identifier")]
    public string? SafetyIdentifier { get; set; }

    [JsonPropertyName("stream")]
    public bool? Stream { get; set; }
}

/// <summary><c>text</c>: the output format and verbosity.</summary>
internal sealed class OpenAIResponsesTextOptions
{
    [JsonPropertyName("format")]
    public JsonObject? Format { get; set; }

    [JsonPropertyName("verbosity")]
    public string? Verbosity { get; set; }
}

/// <summary><c>reasoning</c>: effort and summary.</summary>
internal sealed class OpenAIResponsesReasoningOptions
{
    [JsonPropertyName("effort")]
    public string? Effort { get; set; }

    [JsonPropertyName("summary")]
    public string? Summary { get; set; }
}
