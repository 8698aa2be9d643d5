using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LlmAdapters.Gemini.Wire;

/// <summary>Code the model ran with the <c>codeExecution</c> tool (language <c>PYTHON</c>).</summary>
internal sealed class GeminiExecutableCode
{
    [JsonPropertyName("language")]
    public string? Language { get; set; }

    [JsonPropertyName("code")]
    public string? Code { get; set; }

    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>The outcome (<c>OUTCOME_OK</c>, <c>OUTCOME_FAILED</c>, <c>OUTCOME_DEADLINE_EXCEEDED</c>) and output of that code.</summary>
internal sealed class GeminiCodeExecutionResult
{
    [JsonPropertyName("outcome")]
    public string? Outcome { get; set; }

    [JsonPropertyName("output")]
    public string? Output { get; set; }

    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>One streamed argument fragment: a JSON path from the arguments root and one value (string fragment or scalar).</summary>
internal sealed class GeminiPartialArg
{
    [JsonPropertyName("jsonPath")]
    public string? JsonPath { get; set; }

    [JsonPropertyName("stringValue")]
    public string? StringValue { get; set; }

    [JsonPropertyName("numberValue")]
    public JsonElement? NumberValue { get; set; }

    [JsonPropertyName("boolValue")]
    public bool? BoolValue { get; set; }

    [JsonPropertyName("nullValue")]
    public string? NullValue { get; set; }

    /// <summary>Gets or sets a value indicating whether more string fragments follow for this path.</summary>
    [JsonPropertyName("willContinue")]
    public bool? WillContinue { get; set; }
}
