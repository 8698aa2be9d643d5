namespace LlmAdapters.OpenAI;

/// <summary>How an assistant turn's reasoning is sent back to the provider in later requests.</summary>
public enum OpenAIReasoningHistory
{
    /// <summary>Reasoning is never sent back (OpenAI, Groq, Ollama, xAI).</summary>
    Omit,

    /// <summary>Reasoning text is sent as <c>reasoning_content</c> on assistant messages that carry <c>tool_calls</c>,
    /// and dropped elsewhere (DeepSeek thinking mode rejects tool-call turns without it).</summary>
    ReasoningContentOnToolCallTurns,

    /// <summary>The provider's <c>reasoning_details</c> (kept in <c>TextReasoningContent.ProtectedData</c>) are sent
    /// back on assistant messages (OpenRouter, for reasoning continuity across tool calls).</summary>
    ReasoningDetails,
}

/// <summary>How <c>ChatOptions.Reasoning.Effort</c> is written to the request.</summary>
public enum OpenAIReasoningEffortStyle
{
    /// <summary>Top-level <c>reasoning_effort</c> (OpenAI, Azure, Groq, xAI, Ollama).</summary>
    ReasoningEffort,

    /// <summary>A <c>reasoning: {"effort": …}</c> object (OpenRouter).</summary>
    ReasoningObject,

    /// <summary>Not sent: the model id decides whether the model reasons (DeepSeek, Mistral).</summary>
    None,
}

/// <summary>
/// The differences between OpenAI's own Chat Completions API and the servers that imitate it. The presets in
/// <see cref="OpenAIPresets"/> set these; a custom OpenAI-compatible endpoint can set them directly.
/// </summary>
public sealed class OpenAICompatibility
{
    /// <summary>Gets or sets a value indicating whether <c>max_tokens</c> is sent instead of <c>max_completion_tokens</c>.
    /// <value>The default is <see langword="false"/>.</value></summary>
    public bool UseMaxTokens { get; set; }

    /// <summary>Gets or sets whether system instructions go in a <c>developer</c> message. <see langword="null"/> decides by
    /// model: <c>developer</c> for o-series and gpt-5 models on OpenAI and Azure OpenAI, <c>system</c> otherwise.
    /// <value>The default is <see langword="null"/>.</value></summary>
    public bool? UseDeveloperRole { get; set; }

    /// <summary>Gets or sets a value indicating whether <c>logprobs</c> / <c>top_logprobs</c> may be sent (Groq and Ollama reject them).
    /// <value>The default is <see langword="true"/>.</value></summary>
    public bool SupportsLogprobs { get; set; } = true;

    /// <summary>Gets or sets a value indicating whether <c>messages[].name</c> may be sent (Groq rejects it).
    /// <value>The default is <see langword="true"/>.</value></summary>
    public bool SupportsMessageName { get; set; } = true;

    /// <summary>Gets or sets a value indicating whether <c>tool_choice</c> may be sent (Ollama ignores or rejects it).
    /// <value>The default is <see langword="true"/>.</value></summary>
    public bool SupportsToolChoice { get; set; } = true;

    /// <summary>Gets or sets the <c>tool_choice</c> value that forces some tool call (Mistral spells it <c>any</c>).
    /// <value>The default is <c>required</c>.</value></summary>
    public string RequiredToolChoice { get; set; } = "required";

    /// <summary>Gets or sets the name of the seed field (Mistral uses <c>random_seed</c>). <value>The default is <c>seed</c>.</value></summary>
    public string SeedParameterName { get; set; } = "seed";

    /// <summary>Gets or sets a value indicating whether streaming requests carry <c>stream_options.include_usage</c>.
    /// <value>The default is <see langword="true"/>.</value></summary>
    public bool SendStreamOptions { get; set; } = true;

    /// <summary>Gets or sets a value indicating whether the provider reports reasoning tokens outside
    /// <c>completion_tokens</c> (xAI), so they are added to the output count. The usage arithmetic decides first, for every
    /// endpoint (<c>total_tokens == prompt + completion + reasoning</c> means outside); this flag decides only when the
    /// usage carries no total to tell by.
    /// <value>The default is <see langword="false"/>.</value></summary>
    public bool ReasoningTokensExcludedFromCompletion { get; set; }

    /// <summary>Gets or sets how reasoning from earlier turns is sent back. <value>The default is <see cref="OpenAIReasoningHistory.Omit"/>.</value></summary>
    public OpenAIReasoningHistory ReasoningHistory { get; set; } = OpenAIReasoningHistory.Omit;

    /// <summary>Gets or sets how a reasoning effort is written. <value>The default is <see cref="OpenAIReasoningEffortStyle.ReasoningEffort"/>.</value></summary>
    public OpenAIReasoningEffortStyle ReasoningEffortStyle { get; set; } = OpenAIReasoningEffortStyle.ReasoningEffort;

    /// <summary>Gets or sets a value indicating whether embeddings are requested as <c>encoding_format: base64</c>
    /// (smaller on the wire; decoded to floats here). <value>The default is <see langword="true"/>.</value></summary>
    public bool EmbeddingsAsBase64 { get; set; } = true;

    /// <summary>Gets or sets the most inputs sent in one embeddings request; larger batches are split.
    /// <value>The default is 2048 (OpenAI's limit).</value></summary>
    public int MaxEmbeddingInputs { get; set; } = 2048;

    /// <summary>Creates a copy.</summary>
    /// <returns>A new instance with the same values.</returns>
    public OpenAICompatibility Clone() => (OpenAICompatibility)MemberwiseClone();
}
