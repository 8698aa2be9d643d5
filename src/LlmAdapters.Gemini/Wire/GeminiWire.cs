using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LlmAdapters.Gemini.Wire;

/// <summary>The body of <c>generateContent</c> / <c>streamGenerateContent</c>.</summary>
internal sealed class GeminiRequest
{
    [JsonPropertyName("contents")]
    public List<GeminiContent> Contents { get; set; } = [];

    [JsonPropertyName("systemInstruction")]
    public GeminiContent? SystemInstruction { get; set; }

    [JsonPropertyName("tools")]
    public List<GeminiTool>? Tools { get; set; }

    [JsonPropertyName("toolConfig")]
    public GeminiToolConfig? ToolConfig { get; set; }

    [JsonPropertyName("safetySettings")]
    public JsonElement? SafetySettings { get; set; }

    [JsonPropertyName("cachedContent")]
    public string? CachedContent { get; set; }

    [JsonPropertyName("serviceTier")]
    public string? ServiceTier { get; set; }

    [JsonPropertyName("labels")]
    public Dictionary<string, string>? Labels { get; set; }

    [JsonPropertyName("generationConfig")]
    public GeminiGenerationConfig? GenerationConfig { get; set; }
}

internal sealed class GeminiContent
{
    [JsonPropertyName("role")]
    public string? Role { get; set; }

    [JsonPropertyName("parts")]
    public List<GeminiPart> Parts { get; set; } = [];
}

/// <summary>One part of a content. Exactly one data field is set; <c>thought</c> and <c>thoughtSignature</c> ride along.</summary>
internal sealed class GeminiPart
{
    [JsonPropertyName("text")]
    public string? Text { get; set; }

    [JsonPropertyName("thought")]
    public bool? Thought { get; set; }

    [JsonPropertyName("thoughtSignature")]
    public string? ThoughtSignature { get; set; }

    [JsonPropertyName("inlineData")]
    public GeminiBlob? InlineData { get; set; }

    [JsonPropertyName("fileData")]
    public GeminiFileData? FileData { get; set; }

    [JsonPropertyName("functionCall")]
    public GeminiFunctionCall? FunctionCall { get; set; }

    [JsonPropertyName("functionResponse")]
    public GeminiFunctionResponse? FunctionResponse { get; set; }

    /// <summary>Gets or sets code the model ran with the code-execution tool.</summary>
    [JsonPropertyName("executableCode")]
    public GeminiExecutableCode? ExecutableCode { get; set; }

    /// <summary>Gets or sets the outcome and output of that code.</summary>
    [JsonPropertyName("codeExecutionResult")]
    public GeminiCodeExecutionResult? CodeExecutionResult { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

internal sealed class GeminiBlob
{
    [JsonPropertyName("mimeType")]
    public string? MimeType { get; set; }

    [JsonPropertyName("data")]
    public string? Data { get; set; }
}

internal sealed class GeminiFileData
{
    [JsonPropertyName("mimeType")]
    public string? MimeType { get; set; }

    [JsonPropertyName("fileUri")]
    public string? FileUri { get; set; }
}

internal sealed class GeminiFunctionCall
{
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("args")]
    public JsonElement? Args { get; set; }

    /// <summary>Gets or sets argument fragments of a call streamed piece by piece (Vertex, Gemini 3 and later).</summary>
    [JsonPropertyName("partialArgs")]
    public List<GeminiPartialArg>? PartialArgs { get; set; }

    /// <summary>Gets or sets a value indicating whether more parts of this call follow.</summary>
    [JsonPropertyName("willContinue")]
    public bool? WillContinue { get; set; }
}

internal sealed class GeminiFunctionResponse
{
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("response")]
    public JsonElement Response { get; set; }
}

internal sealed class GeminiTool
{
    [JsonPropertyName("functionDeclarations")]
    public List<GeminiFunctionDeclaration>? FunctionDeclarations { get; set; }

    [JsonPropertyName("googleSearch")]
    public JsonElement? GoogleSearch { get; set; }

    [JsonPropertyName("codeExecution")]
    public JsonElement? CodeExecution { get; set; }

    [JsonPropertyName("urlContext")]
    public JsonElement? UrlContext { get; set; }
}

internal sealed class GeminiFunctionDeclaration
{
    [JsonPropertyName("name")]
    public string Name { get; set; } = string.Empty;

    [JsonPropertyName("description")]
    public string? Description { get; set; }

    [JsonPropertyName("parametersJsonSchema")]
    public JsonElement? ParametersJsonSchema { get; set; }
}

internal sealed class GeminiToolConfig
{
    [JsonPropertyName("functionCallingConfig")]
    public GeminiFunctionCallingConfig? FunctionCallingConfig { get; set; }
}

internal sealed class GeminiFunctionCallingConfig
{
    [JsonPropertyName("mode")]
    public string? Mode { get; set; }

    [JsonPropertyName("allowedFunctionNames")]
    public List<string>? AllowedFunctionNames { get; set; }

    /// <summary>Gets or sets whether call arguments stream as <c>partialArgs</c> (Vertex AI, Gemini 3 and later).</summary>
    [JsonPropertyName("streamFunctionCallArguments")]
    public bool? StreamFunctionCallArguments { get; set; }
}

internal sealed class GeminiGenerationConfig
{
    [JsonPropertyName("temperature")]
    public float? Temperature { get; set; }

    [JsonPropertyName("topP")]
    public float? TopP { get; set; }

    [JsonPropertyName("topK")]
    public int? TopK { get; set; }

    [JsonPropertyName("candidateCount")]
    public int? CandidateCount { get; set; }

    [JsonPropertyName("maxOutputTokens")]
    public int? MaxOutputTokens { get; set; }

    [JsonPropertyName("stopSequences")]
    public List<string>? StopSequences { get; set; }

    [JsonPropertyName("presencePenalty")]
    public float? PresencePenalty { get; set; }

    [JsonPropertyName("frequencyPenalty")]
    public float? FrequencyPenalty { get; set; }

    [JsonPropertyName("seed")]
    public long? Seed { get; set; }

    [JsonPropertyName("responseMimeType")]
    public string? ResponseMimeType { get; set; }

    [JsonPropertyName("responseJsonSchema")]
    public JsonElement? ResponseJsonSchema { get; set; }

    [JsonPropertyName("responseModalities")]
    public List<string>? ResponseModalities { get; set; }

    [JsonPropertyName("mediaResolution")]
    public string? MediaResolution { get; set; }

    [JsonPropertyName("thinkingConfig")]
    public GeminiThinkingConfig? ThinkingConfig { get; set; }
}

internal sealed class GeminiThinkingConfig
{
    [JsonPropertyName("thinkingBudget")]
    public int? ThinkingBudget { get; set; }

    [JsonPropertyName("thinkingLevel")]
    public string? ThinkingLevel { get; set; }

    [JsonPropertyName("includeThoughts")]
    public bool? IncludeThoughts { get; set; }
}

/// <summary>A <c>GenerateContentResponse</c>: the whole non-streaming reply, or one streamed chunk.</summary>
internal sealed class GeminiResponse
{
    [JsonPropertyName("candidates")]
    public List<GeminiCandidate>? Candidates { get; set; }

    [JsonPropertyName("promptFeedback")]
    public GeminiPromptFeedback? PromptFeedback { get; set; }

    [JsonPropertyName("usageMetadata")]
    public GeminiUsage? UsageMetadata { get; set; }

    [JsonPropertyName("modelVersion")]
    public string? ModelVersion { get; set; }

    [JsonPropertyName("responseId")]
    public string? ResponseId { get; set; }

    [JsonPropertyName("createTime")]
    public DateTimeOffset? CreateTime { get; set; }

    [JsonPropertyName("error")]
    public GeminiError? Error { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

internal sealed class GeminiCandidate
{
    [JsonPropertyName("content")]
    public GeminiContent? Content { get; set; }

    [JsonPropertyName("finishReason")]
    public string? FinishReason { get; set; }

    [JsonPropertyName("finishMessage")]
    public string? FinishMessage { get; set; }

    [JsonPropertyName("index")]
    public int? Index { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

internal sealed class GeminiPromptFeedback
{
    [JsonPropertyName("blockReason")]
    public string? BlockReason { get; set; }

    [JsonPropertyName("blockReasonMessage")]
    public string? BlockReasonMessage { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

internal sealed class GeminiUsage
{
    [JsonPropertyName("promptTokenCount")]
    public int? PromptTokenCount { get; set; }

    [JsonPropertyName("candidatesTokenCount")]
    public int? CandidatesTokenCount { get; set; }

    [JsonPropertyName("thoughtsTokenCount")]
    public int? ThoughtsTokenCount { get; set; }

    [JsonPropertyName("totalTokenCount")]
    public int? TotalTokenCount { get; set; }

    [JsonPropertyName("cachedContentTokenCount")]
    public int? CachedContentTokenCount { get; set; }

    [JsonPropertyName("toolUsePromptTokenCount")]
    public int? ToolUsePromptTokenCount { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>The <c>google.rpc.Status</c> error envelope: <c>{"error":{code,message,status,details}}</c>.</summary>
internal sealed class GeminiErrorEnvelope
{
    [JsonPropertyName("error")]
    public GeminiError? Error { get; set; }
}

internal sealed class GeminiError
{
    [JsonPropertyName("code")]
    public int? Code { get; set; }

    [JsonPropertyName("message")]
    public string? Message { get; set; }

    [JsonPropertyName("status")]
    public string? Status { get; set; }

    [JsonPropertyName("details")]
    public List<GeminiErrorDetail>? Details { get; set; }
}

internal sealed class GeminiErrorDetail
{
    [JsonPropertyName("@type")]
    public string? Type { get; set; }

    [JsonPropertyName("retryDelay")]
    public string? RetryDelay { get; set; }

    [JsonPropertyName("reason")]
    public string? Reason { get; set; }
}

internal sealed class GeminiCountTokensRequest
{
    [JsonPropertyName("contents")]
    public List<GeminiContent>? Contents { get; set; }

    [JsonPropertyName("systemInstruction")]
    public GeminiContent? SystemInstruction { get; set; }

    [JsonPropertyName("tools")]
    public List<GeminiTool>? Tools { get; set; }

    [JsonPropertyName("generateContentRequest")]
    public GeminiGenerateContentRequestForCount? GenerateContentRequest { get; set; }
}

/// <summary>AI Studio's countTokens wraps a full request (with <c>model</c>) to count instructions and tools too.</summary>
internal sealed class GeminiGenerateContentRequestForCount
{
    [JsonPropertyName("model")]
    public string Model { get; set; } = string.Empty;

    [JsonPropertyName("contents")]
    public List<GeminiContent> Contents { get; set; } = [];

    [JsonPropertyName("systemInstruction")]
    public GeminiContent? SystemInstruction { get; set; }

    [JsonPropertyName("tools")]
    public List<GeminiTool>? Tools { get; set; }

    [JsonPropertyName("cachedContent")]
    public string? CachedContent { get; set; }
}

internal sealed class GeminiCountTokensResponse
{
    [JsonPropertyName("totalTokens")]
    public int? TotalTokens { get; set; }

    [JsonPropertyName("cachedContentTokenCount")]
    public int? CachedContentTokenCount { get; set; }
}
