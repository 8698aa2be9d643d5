using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace LlmAdapters.OpenAI.Responses.Wire;

/// <summary>Source-generated serialization metadata for the Responses wire types.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(OpenAIResponsesRequest))]
[JsonSerializable(typeof(OpenAIResponsesResponse))]
[JsonSerializable(typeof(OpenAIResponsesStreamEventBody))]
[JsonSerializable(typeof(OpenAIResponsesItem))]
[JsonSerializable(typeof(Dictionary<string, object?>))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(JsonNode))]
[JsonSerializable(typeof(JsonObject))]
[JsonSerializable(typeof(string))]
internal sealed partial class OpenAIResponsesJsonContext : JsonSerializerContext
{
    /// <summary>Gets the context used to write request bodies: minimal escaping, so opaque values such as encrypted reasoning
    /// go out exactly as they arrived and non-ASCII text stays compact.</summary>
    public static OpenAIResponsesJsonContext Requests { get; } = new(new JsonSerializerOptions
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
