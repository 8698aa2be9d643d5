using System.Text.Json;
using System.Text.Json.Serialization;

namespace LlmAdapters.Anthropic.Wire;

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(MessagesRequest))]
[JsonSerializable(typeof(MessagesResponse))]
[JsonSerializable(typeof(WireStreamEvent))]
[JsonSerializable(typeof(WireErrorBody))]
[JsonSerializable(typeof(CountTokensResponse))]
[JsonSerializable(typeof(ModelsPage))]
[JsonSerializable(typeof(System.Text.Json.Nodes.JsonNode))]
[JsonSerializable(typeof(System.Text.Json.Nodes.JsonObject))]
[JsonSerializable(typeof(JsonElement))]
internal sealed partial class AnthropicJsonContext : JsonSerializerContext
{
    /// <summary>Gets the context used to write request bodies: minimal escaping, so opaque values such as thinking
    /// signatures go out exactly as they arrived (no <c>\u002B</c> for <c>+</c>) and non-ASCII text stays compact.</summary>
    public static AnthropicJsonContext Requests { get; } = new(new JsonSerializerOptions
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
