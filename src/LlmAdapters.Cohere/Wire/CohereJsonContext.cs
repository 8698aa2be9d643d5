using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LlmAdapters.Cohere.Wire;

/// <summary>Source-generated serialization metadata for every Cohere wire type.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CohereChatRequest))]
[JsonSerializable(typeof(CohereChatResponse))]
[JsonSerializable(typeof(List<CohereContentPart>))]
[JsonSerializable(typeof(CohereStreamEvent))]
[JsonSerializable(typeof(CohereToolCall))]
[JsonSerializable(typeof(CohereCitation))]
[JsonSerializable(typeof(CohereErrorBody))]
[JsonSerializable(typeof(CohereEmbedRequest))]
[JsonSerializable(typeof(CohereEmbedResponse))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(System.Text.Json.Nodes.JsonNode))]
[JsonSerializable(typeof(System.Text.Json.Nodes.JsonObject))]
[JsonSerializable(typeof(string))]
internal sealed partial class CohereJsonContext : JsonSerializerContext;
