namespace LlmAdapters.Gemini;

/// <summary>
/// Gemini-only knobs carried in <c>ChatOptions.AdditionalProperties</c> or <c>EmbeddingGenerationOptions.AdditionalProperties</c>.
/// Provider-neutral knobs use <see cref="AdditionalPropertyKeys"/> (<see cref="AdditionalPropertyKeys.ReasoningBudgetTokens"/>,
/// <see cref="AdditionalPropertyKeys.ContextCacheName"/>).
/// </summary>
public static class GeminiPropertyKeys
{
    /// <summary>Chat: <c>safetySettings</c>, as an <c>IEnumerable&lt;GeminiSafetySetting&gt;</c> or a JSON array (<c>JsonElement</c>).</summary>
    public const string SafetySettings = "gemini.safety_settings";

    /// <summary>Chat: <c>thinkingConfig.thinkingLevel</c> (<c>MINIMAL</c>, <c>LOW</c>, <c>MEDIUM</c>, <c>HIGH</c>) as a string; overrides the
    /// level derived from <c>ChatOptions.Reasoning</c>.</summary>
    public const string ThinkingLevel = "gemini.thinking_level";

    /// <summary>Chat: <c>generationConfig.responseModalities</c>, as an <c>IEnumerable&lt;string&gt;</c> (for example <c>TEXT</c>, <c>IMAGE</c>).</summary>
    public const string ResponseModalities = "gemini.response_modalities";

    /// <summary>Chat: <c>generationConfig.mediaResolution</c>, for example <c>MEDIA_RESOLUTION_LOW</c>.</summary>
    public const string MediaResolution = "gemini.media_resolution";

    /// <summary>Chat: the top-level <c>serviceTier</c>, for example <c>standard</c> or <c>flex</c>.</summary>
    public const string ServiceTier = "gemini.service_tier";

    /// <summary>Chat (Vertex AI only): billing <c>labels</c>, as an <c>IDictionary&lt;string, string&gt;</c>.</summary>
    public const string Labels = "gemini.labels";

    /// <summary>Embeddings: the <c>taskType</c>, for example <c>RETRIEVAL_DOCUMENT</c>, <c>RETRIEVAL_QUERY</c> or <c>SEMANTIC_SIMILARITY</c>.</summary>
    public const string TaskType = "gemini.task_type";

    /// <summary>Embeddings: the document <c>title</c> (with task type <c>RETRIEVAL_DOCUMENT</c>).</summary>
    public const string Title = "gemini.title";

    /// <summary>Embeddings (Vertex AI only): <c>autoTruncate</c>, a <see cref="bool"/>.</summary>
    public const string AutoTruncate = "gemini.auto_truncate";

    /// <summary>On <c>ChatOptions.AdditionalProperties</c>: <see langword="true"/> adds the URL context tool
    /// (<c>{"urlContext": {}}</c>), which lets the model read the URLs in the prompt; Microsoft.Extensions.AI has no type for it.
    /// Which URLs were fetched is in the candidate's <c>urlContextMetadata</c> (the response's raw representation).</summary>
    public const string UrlContext = "gemini.url_context";

    /// <summary>On <c>ChatOptions.AdditionalProperties</c>: <see langword="true"/> asks Vertex AI (Gemini 3 and later) to stream
    /// function-call arguments as they are generated (<c>streamFunctionCallArguments</c>). The adapter reassembles them, so
    /// each call still arrives once, whole; the Gemini API (AI Studio) does not accept the flag.</summary>
    public const string StreamFunctionCallArguments = "gemini.stream_function_call_arguments";
}

/// <summary>One entry of Gemini's <c>safetySettings</c>.</summary>
/// <param name="Category">The harm category, for example <c>HARM_CATEGORY_DANGEROUS_CONTENT</c>.</param>
/// <param name="Threshold">The threshold, for example <c>BLOCK_ONLY_HIGH</c>, <c>BLOCK_NONE</c> or <c>OFF</c>.</param>
/// <param name="Method">Vertex AI only: <c>SEVERITY</c> or <c>PROBABILITY</c>.</param>
public sealed record GeminiSafetySetting(string Category, string Threshold, string? Method = null);
