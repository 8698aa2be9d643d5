using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LlmAdapters.Ollama.Wire;

/// <summary>The body of <c>POST /api/chat</c>.</summary>
internal sealed class OllamaChatRequest
{
    [JsonPropertyName("model")]
    public required string Model { get; set; }

    [JsonPropertyName("messages")]
    public List<OllamaMessage> Messages { get; set; } = [];

    [JsonPropertyName("tools")]
    public List<OllamaTool>? Tools { get; set; }

    /// <summary><c>"json"</c> or a JSON schema object.</summary>
    [JsonPropertyName("format")]
    public JsonElement? Format { get; set; }

    /// <summary><see langword="true"/>/<see langword="false"/> or a level: <c>"low"</c>, <c>"medium"</c>, <c>"high"</c>.</summary>
    [JsonPropertyName("think")]
    public JsonElement? Think { get; set; }

    [JsonPropertyName("options")]
    public OllamaRequestOptions? Options { get; set; }

    /// <summary>A duration string (<c>"5m"</c>) or a number of seconds; negative keeps the model loaded.</summary>
    [JsonPropertyName("keep_alive")]
    public JsonElement? KeepAlive { get; set; }

    /// <summary>Always written: the server streams when it is left out.</summary>
    [JsonPropertyName("stream")]
    public bool Stream { get; set; }

    [JsonPropertyName("truncate")]
    public bool? Truncate { get; set; }

    [JsonPropertyName("shift")]
    public bool? Shift { get; set; }
}

/// <summary>One chat message, in requests and in responses (<c>message</c>).</summary>
internal sealed class OllamaMessage
{
    [JsonPropertyName("role")]
    public string Role { get; set; } = "assistant";

    /// <summary>Always a string (images travel in <see cref="Images"/>); always written, empty when there is no text.</summary>
    [JsonPropertyName("content")]
    public string Content { get; set; } = string.Empty;

    [JsonPropertyName("thinking")]
    public string? Thinking { get; set; }

    /// <summary>Base64 image bytes without a <c>data:</c> prefix.</summary>
    [JsonPropertyName("images")]
    public List<string>? Images { get; set; }

    [JsonPropertyName("tool_calls")]
    public List<OllamaToolCall>? ToolCalls { get; set; }

    [JsonPropertyName("tool_name")]
    public string? ToolName { get; set; }

    [JsonPropertyName("tool_call_id")]
    public string? ToolCallId { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>A whole tool call (Ollama never streams arguments in pieces).</summary>
internal sealed class OllamaToolCall
{
    /// <summary>Optional: servers and models that assign no id leave it out.</summary>
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("function")]
    public OllamaFunctionCall? Function { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

internal sealed class OllamaFunctionCall
{
    /// <summary>The call's position among parallel calls (0, 1, 2 …); servers always write it.</summary>
    [JsonPropertyName("index")]
    public int? Index { get; set; }

    [JsonPropertyName("name")]
    public string? Name { get; set; }

    /// <summary>A JSON object, not a string as in OpenAI's format.</summary>
    [JsonPropertyName("arguments")]
    public JsonElement? Arguments { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

internal sealed class OllamaTool
{
    [JsonPropertyName("type")]
    public string Type { get; set; } = "function";

    [JsonPropertyName("function")]
    public required OllamaFunctionDefinition Function { get; set; }
}

internal sealed class OllamaFunctionDefinition
{
    [JsonPropertyName("name")]
    public required string Name { get; set; }

    [JsonPropertyName("description")]
    public string? Description { get; set; }

    [JsonPropertyName("parameters")]
    public JsonElement? Parameters { get; set; }
}

/// <summary>The runtime options (<c>options</c>): sampling and the runner's knobs. Fields not modelled here can be set
/// through a raw request (<c>ChatOptions.RawRepresentationFactory</c>) and are merged into this object.</summary>
internal sealed class OllamaRequestOptions
{
    [JsonPropertyName("temperature")]
    public double? Temperature { get; set; }

    [JsonPropertyName("top_p")]
    public double? TopP { get; set; }

    [JsonPropertyName("top_k")]
    public int? TopK { get; set; }

    [JsonPropertyName("min_p")]
    public double? MinP { get; set; }

    [JsonPropertyName("typical_p")]
    public double? TypicalP { get; set; }

    [JsonPropertyName("num_predict")]
    public int? NumPredict { get; set; }

    [JsonPropertyName("stop")]
    public List<string>? Stop { get; set; }

    [JsonPropertyName("seed")]
    public long? Seed { get; set; }

    [JsonPropertyName("frequency_penalty")]
    public double? FrequencyPenalty { get; set; }

    [JsonPropertyName("presence_penalty")]
    public double? PresencePenalty { get; set; }

    [JsonPropertyName("repeat_penalty")]
    public double? RepeatPenalty { get; set; }

    [JsonPropertyName("repeat_last_n")]
    public int? RepeatLastN { get; set; }

    [JsonPropertyName("num_keep")]
    public int? NumKeep { get; set; }

    [JsonPropertyName("num_ctx")]
    public int? NumCtx { get; set; }

    [JsonPropertyName("num_batch")]
    public int? NumBatch { get; set; }

    [JsonPropertyName("num_gpu")]
    public int? NumGpu { get; set; }

    [JsonPropertyName("main_gpu")]
    public int? MainGpu { get; set; }

    [JsonPropertyName("num_thread")]
    public int? NumThread { get; set; }

    [JsonPropertyName("use_mmap")]
    public bool? UseMmap { get; set; }

    [JsonIgnore]
    public bool IsEmpty =>
        Temperature is null && TopP is null && TopK is null && MinP is null && TypicalP is null && NumPredict is null && Stop is null
        && Seed is null && FrequencyPenalty is null && PresencePenalty is null && RepeatPenalty is null && RepeatLastN is null
        && NumKeep is null && NumCtx is null && NumBatch is null && NumGpu is null && MainGpu is null && NumThread is null && UseMmap is null;
}

/// <summary>The body of <c>POST /api/embed</c>.</summary>
internal sealed class OllamaEmbedRequest
{
    [JsonPropertyName("model")]
    public required string Model { get; set; }

    /// <summary>Always an array, so one request embeds every input.</summary>
    [JsonPropertyName("input")]
    public List<string> Input { get; set; } = [];

    [JsonPropertyName("truncate")]
    public bool? Truncate { get; set; }

    [JsonPropertyName("dimensions")]
    public int? Dimensions { get; set; }

    [JsonPropertyName("keep_alive")]
    public JsonElement? KeepAlive { get; set; }

    [JsonPropertyName("options")]
    public OllamaRequestOptions? Options { get; set; }
}

/// <summary>The body of <c>POST /api/show</c>.</summary>
internal sealed class OllamaShowRequest
{
    [JsonPropertyName("model")]
    public required string Model { get; set; }
}
