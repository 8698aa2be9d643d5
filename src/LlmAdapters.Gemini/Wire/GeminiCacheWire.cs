using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace LlmAdapters.Gemini.Wire;

/// <summary>A <c>cachedContents</c> resource, as sent on create/update and returned by every cache call.</summary>
internal sealed class GeminiCachedContent
{
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("model")]
    public string? Model { get; set; }

    [JsonPropertyName("displayName")]
    public string? DisplayName { get; set; }

    [JsonPropertyName("systemInstruction")]
    public GeminiContent? SystemInstruction { get; set; }

    [JsonPropertyName("contents")]
    public List<GeminiContent>? Contents { get; set; }

    [JsonPropertyName("tools")]
    public List<GeminiTool>? Tools { get; set; }

    [JsonPropertyName("toolConfig")]
    public GeminiToolConfig? ToolConfig { get; set; }

    [JsonPropertyName("ttl")]
    public string? Ttl { get; set; }

    [JsonPropertyName("expireTime")]
    public DateTimeOffset? ExpireTime { get; set; }

    [JsonPropertyName("createTime")]
    public DateTimeOffset? CreateTime { get; set; }

    [JsonPropertyName("updateTime")]
    public DateTimeOffset? UpdateTime { get; set; }

    [JsonPropertyName("usageMetadata")]
    public GeminiCacheUsage? UsageMetadata { get; set; }
}

internal sealed class GeminiCacheUsage
{
    [JsonPropertyName("totalTokenCount")]
    public int? TotalTokenCount { get; set; }
}

internal sealed class GeminiCacheList
{
    [JsonPropertyName("cachedContents")]
    public List<GeminiCachedContent>? CachedContents { get; set; }

    [JsonPropertyName("nextPageToken")]
    public string? NextPageToken { get; set; }
}

/// <summary>DELETE answers with an empty object.</summary>
internal sealed class GeminiEmpty
{
}
