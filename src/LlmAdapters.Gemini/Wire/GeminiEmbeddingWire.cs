using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace LlmAdapters.Gemini.Wire;

internal sealed class GeminiBatchEmbedRequest
{
    [JsonPropertyName("requests")]
    public List<GeminiEmbedRequest> Requests { get; set; } = [];
}

internal sealed class GeminiEmbedRequest
{
    [JsonPropertyName("model")]
    public string? Model { get; set; }

    [JsonPropertyName("content")]
    public GeminiContent Content { get; set; } = new();

    [JsonPropertyName("taskType")]
    public string? TaskType { get; set; }

    [JsonPropertyName("title")]
    public string? Title { get; set; }

    [JsonPropertyName("outputDimensionality")]
    public int? OutputDimensionality { get; set; }

    [JsonPropertyName("embedContentConfig")]
    public GeminiEmbedContentConfig? EmbedContentConfig { get; set; }
}

/// <summary>Vertex <c>embedContent</c> carries its settings in a nested config object.</summary>
internal sealed class GeminiEmbedContentConfig
{
    [JsonPropertyName("taskType")]
    public string? TaskType { get; set; }

    [JsonPropertyName("title")]
    public string? Title { get; set; }

    [JsonPropertyName("outputDimensionality")]
    public int? OutputDimensionality { get; set; }

    [JsonPropertyName("autoTruncate")]
    public bool? AutoTruncate { get; set; }
}

internal sealed class GeminiBatchEmbedResponse
{
    [JsonPropertyName("embeddings")]
    public List<GeminiEmbeddingValues>? Embeddings { get; set; }
}

internal sealed class GeminiEmbedResponse
{
    [JsonPropertyName("embedding")]
    public GeminiEmbeddingValues? Embedding { get; set; }

    [JsonPropertyName("usageMetadata")]
    public GeminiUsage? UsageMetadata { get; set; }
}

internal sealed class GeminiEmbeddingValues
{
    [JsonPropertyName("values")]
    public float[]? Values { get; set; }
}

/// <summary>Vertex <c>:predict</c> for <c>text-embedding-*</c> and <c>gemini-embedding-001</c>.</summary>
internal sealed class VertexPredictRequest
{
    [JsonPropertyName("instances")]
    public List<VertexEmbedInstance> Instances { get; set; } = [];

    [JsonPropertyName("parameters")]
    public VertexEmbedParameters? Parameters { get; set; }
}

internal sealed class VertexEmbedInstance
{
    [JsonPropertyName("content")]
    public string Content { get; set; } = string.Empty;

    [JsonPropertyName("task_type")]
    public string? TaskType { get; set; }

    [JsonPropertyName("title")]
    public string? Title { get; set; }
}

internal sealed class VertexEmbedParameters
{
    [JsonPropertyName("outputDimensionality")]
    public int? OutputDimensionality { get; set; }

    [JsonPropertyName("autoTruncate")]
    public bool? AutoTruncate { get; set; }
}

internal sealed class VertexPredictResponse
{
    [JsonPropertyName("predictions")]
    public List<VertexPrediction>? Predictions { get; set; }
}

internal sealed class VertexPrediction
{
    [JsonPropertyName("embeddings")]
    public VertexPredictionEmbeddings? Embeddings { get; set; }
}

internal sealed class VertexPredictionEmbeddings
{
    [JsonPropertyName("values")]
    public float[]? Values { get; set; }

    [JsonPropertyName("statistics")]
    public VertexEmbeddingStatistics? Statistics { get; set; }
}

internal sealed class VertexEmbeddingStatistics
{
    [JsonPropertyName("token_count")]
    public double? TokenCount { get; set; }

    [JsonPropertyName("truncated")]
    public bool? Truncated { get; set; }
}
