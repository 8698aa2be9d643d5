using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LlmAdapters.Cohere.Wire;

/// <summary>The body of <c>POST /v2/embed</c>.</summary>
internal sealed class CohereEmbedRequest
{
    [JsonPropertyName("model")]
    public required string Model { get; set; }

    [JsonPropertyName("texts")]
    public required IList<string> Texts { get; set; }

    [JsonPropertyName("input_type")]
    public required string InputType { get; set; }

    [JsonPropertyName("embedding_types")]
    public List<string> EmbeddingTypes { get; set; } = ["float"];

    [JsonPropertyName("output_dimension")]
    public int? OutputDimension { get; set; }

    [JsonPropertyName("truncate")]
    public string? Truncate { get; set; }
}

internal sealed class CohereEmbedResponse
{
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("response_type")]
    public string? ResponseType { get; set; }

    [JsonPropertyName("embeddings")]
    public CohereEmbeddingsByType? Embeddings { get; set; }

    [JsonPropertyName("meta")]
    public CohereEmbedMeta? Meta { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>One array of vectors per requested embedding type; only <c>float</c> is asked for.</summary>
internal sealed class CohereEmbeddingsByType
{
    [JsonPropertyName("float")]
    public List<float[]>? Float { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

internal sealed class CohereEmbedMeta
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
