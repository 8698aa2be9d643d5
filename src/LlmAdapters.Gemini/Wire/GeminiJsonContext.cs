using System.Text.Json;
using System.Text.Json.Serialization;

namespace LlmAdapters.Gemini.Wire;

/// <summary>Source-generated serialization for every Gemini wire type.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(GeminiRequest))]
[JsonSerializable(typeof(GeminiResponse))]
[JsonSerializable(typeof(GeminiPart))]
[JsonSerializable(typeof(GeminiUsage))]
[JsonSerializable(typeof(GeminiPromptFeedback))]
[JsonSerializable(typeof(GeminiErrorEnvelope))]
[JsonSerializable(typeof(GeminiError))]
[JsonSerializable(typeof(GeminiCountTokensRequest))]
[JsonSerializable(typeof(GeminiCountTokensResponse))]
[JsonSerializable(typeof(GeminiBatchEmbedRequest))]
[JsonSerializable(typeof(GeminiBatchEmbedResponse))]
[JsonSerializable(typeof(GeminiEmbedRequest))]
[JsonSerializable(typeof(GeminiEmbedResponse))]
[JsonSerializable(typeof(VertexPredictRequest))]
[JsonSerializable(typeof(VertexPredictResponse))]
[JsonSerializable(typeof(GeminiCachedContent))]
[JsonSerializable(typeof(GeminiCacheList))]
[JsonSerializable(typeof(GeminiEmpty))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(System.Text.Json.Nodes.JsonObject))]
internal sealed partial class GeminiJsonContext : JsonSerializerContext
{
}
