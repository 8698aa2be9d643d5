using System.Text.Json.Serialization;

namespace LlmAdapters.OpenAI.Wire;

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
