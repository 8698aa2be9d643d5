using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LlmAdapters.Ollama.Wire;

/// <summary>An error body: <c>{"error":"…"}</c> (cloud sign-in errors add <c>signin_url</c>).</summary>
internal sealed class OllamaError
{
    [JsonPropertyName("error")]
    public string? Error { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
