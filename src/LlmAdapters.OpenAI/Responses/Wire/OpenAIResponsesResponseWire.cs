using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LlmAdapters.OpenAI.Responses.Wire;

/// <summary>A response object: the whole body of a non-streaming call, and the snapshot inside lifecycle stream events.</summary>
internal sealed class OpenAIResponsesResponse
{
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("created_at")]
    public long? CreatedAt { get; set; }

    [JsonPropertyName("model")]
    public string? Model { get; set; }

    /// <summary><c>completed</c>, <c>failed</c>, <c>in_progress</c>, <c>cancelled</c>, <c>queued</c> or <c>incomplete</c>.</summary>
    [JsonPropertyName("status")]
    public string? Status { get; set; }

    [JsonPropertyName("error")]
    public OpenAIResponsesError? Error { get; set; }

    [JsonPropertyName("incomplete_details")]
    public OpenAIResponsesIncompleteDetails? IncompleteDetails { get; set; }

    [JsonPropertyName("output")]
    public List<OpenAIResponsesItem>? Output { get; set; }

    [JsonPropertyName("usage")]
    public OpenAIResponsesUsage? Usage { get; set; }

    [JsonPropertyName("store")]
    public bool? Store { get; set; }

    [JsonPropertyName("service_tier")]
    public string? ServiceTier { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>An error: <c>response.error</c>, the body of an <c>error</c> stream event, or the object nested in it.</summary>
internal sealed class OpenAIResponsesError
{
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    [JsonPropertyName("code")]
    public string? Code { get; set; }

    [JsonPropertyName("message")]
    public string? Message { get; set; }

    [JsonPropertyName("param")]
    public string? Param { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary><c>incomplete_details</c>: why an incomplete response stopped (<c>max_output_tokens</c>, <c>content_filter</c>).</summary>
internal sealed class OpenAIResponsesIncompleteDetails
{
    [JsonPropertyName("reason")]
    public string? Reason { get; set; }
}

/// <summary><c>usage</c>: input includes cached tokens, output includes reasoning tokens.</summary>
internal sealed class OpenAIResponsesUsage
{
    [JsonPropertyName("input_tokens")]
    public long? InputTokens { get; set; }

    [JsonPropertyName("input_tokens_details")]
    public OpenAIResponsesInputTokenDetails? InputTokensDetails { get; set; }

    [JsonPropertyName("output_tokens")]
    public long? OutputTokens { get; set; }

    [JsonPropertyName("output_tokens_details")]
    public OpenAIResponsesOutputTokenDetails? OutputTokensDetails { get; set; }

    [JsonPropertyName("total_tokens")]
    public long? TotalTokens { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary><c>usage.input_tokens_details</c>.</summary>
internal sealed class OpenAIResponsesInputTokenDetails
{
    [JsonPropertyName("cached_tokens")]
    public long? CachedTokens { get; set; }

    [JsonPropertyName("cache_write_tokens")]
    public long? CacheWriteTokens { get; set; }
}

/// <summary><c>usage.output_tokens_details</c>.</summary>
internal sealed class OpenAIResponsesOutputTokenDetails
{
    [JsonPropertyName("reasoning_tokens")]
    public long? ReasoningTokens { get; set; }
}
