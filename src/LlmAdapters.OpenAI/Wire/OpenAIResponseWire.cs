using System.Text.Json;
using System.Text.Json.Serialization;

namespace LlmAdapters.OpenAI.Wire;

/// <summary>A non-streaming Chat Completions response.</summary>
internal sealed class ChatCompletionResponse
{
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("created")]
    public long? Created { get; set; }

    [JsonPropertyName("model")]
    public string? Model { get; set; }

    [JsonPropertyName("choices")]
    public List<WireChoice>? Choices { get; set; }

    [JsonPropertyName("usage")]
    public WireUsage? Usage { get; set; }

    [JsonPropertyName("service_tier")]
    public string? ServiceTier { get; set; }

    [JsonPropertyName("system_fingerprint")]
    public string? SystemFingerprint { get; set; }
}

internal sealed class WireChoice
{
    [JsonPropertyName("index")]
    public int Index { get; set; }

    [JsonPropertyName("message")]
    public WireMessage? Message { get; set; }

    [JsonPropertyName("finish_reason")]
    public string? FinishReason { get; set; }

    [JsonPropertyName("logprobs")]
    public JsonElement? Logprobs { get; set; }
}

/// <summary>Token usage; providers add fields (OpenRouter <c>cost</c>, DeepSeek <c>prompt_cache_hit_tokens</c>).</summary>
internal sealed class WireUsage
{
    [JsonPropertyName("prompt_tokens")]
    public long? PromptTokens { get; set; }

    [JsonPropertyName("completion_tokens")]
    public long? CompletionTokens { get; set; }

    [JsonPropertyName("total_tokens")]
    public long? TotalTokens { get; set; }

    [JsonPropertyName("prompt_tokens_details")]
    public WirePromptTokensDetails? PromptTokensDetails { get; set; }

    [JsonPropertyName("completion_tokens_details")]
    public WireCompletionTokensDetails? CompletionTokensDetails { get; set; }

    [JsonPropertyName("prompt_cache_hit_tokens")]
    public long? PromptCacheHitTokens { get; set; }

    [JsonPropertyName("cost")]
    public decimal? Cost { get; set; }
}

internal sealed class WirePromptTokensDetails
{
    [JsonPropertyName("cached_tokens")]
    public long? CachedTokens { get; set; }

    [JsonPropertyName("audio_tokens")]
    public long? AudioTokens { get; set; }

    [JsonPropertyName("cache_write_tokens")]
    public long? CacheWriteTokens { get; set; }
}

internal sealed class WireCompletionTokensDetails
{
    [JsonPropertyName("reasoning_tokens")]
    public long? ReasoningTokens { get; set; }

    [JsonPropertyName("audio_tokens")]
    public long? AudioTokens { get; set; }
}
