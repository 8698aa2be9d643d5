using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LlmAdapters.Cohere.Wire;

/// <summary>An error body: <c>{"message": "…"}</c>, sometimes with an <c>id</c>.</summary>
internal sealed class CohereErrorBody
{
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("message")]
    public string? Message { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
