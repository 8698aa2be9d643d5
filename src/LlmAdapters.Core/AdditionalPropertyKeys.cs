namespace LlmAdapters;

/// <summary>
/// The well-known <c>AdditionalProperties</c> and <c>UsageDetails.AdditionalCounts</c> keys shared by every
/// adapter and middleware. Defined once here so middleware never needs to know which provider is below it.
/// </summary>
public static class AdditionalPropertyKeys
{
    /// <summary>On a <c>ChatMessage</c> or <c>AIContent</c>: a <see cref="CacheBreakpoint"/> asking the provider to cache
    /// the prompt up to and including this item. Set it with <c>WithCacheBreakpoint</c>.</summary>
    public const string CacheBreakpoint = "llmadapters.cache_breakpoint";

    /// <summary>On <c>ChatOptions</c>: a <see cref="CacheBreakpoint"/> placed after the tool definitions.</summary>
    public const string ToolsCacheBreakpoint = "llmadapters.tools_cache_breakpoint";

    /// <summary>On <c>ChatOptions</c>: a <see cref="CacheBreakpoint"/> placed after the system prompt / instructions.</summary>
    public const string InstructionsCacheBreakpoint = "llmadapters.instructions_cache_breakpoint";

    /// <summary>On <c>ChatOptions</c>: a provider prompt-cache key (OpenAI <c>prompt_cache_key</c>).</summary>
    public const string PromptCacheKey = "llmadapters.prompt_cache_key";

    /// <summary>On responses and updates: the <see cref="RateLimitInfo"/> the provider reported.</summary>
    public const string RateLimits = "llmadapters.rate_limits";

    /// <summary>On responses: the provider's request id.</summary>
    public const string RequestId = "llmadapters.request_id";

    /// <summary>On responses: the provider-reported cost (OpenRouter <c>usage.cost</c>), a <see cref="decimal"/> in USD.</summary>
    public const string ProviderReportedCost = "llmadapters.provider_cost";

    /// <summary>On responses: the computed cost written by the cost-tracking middleware.</summary>
    public const string Cost = "llmadapters.cost";

    /// <summary>On <c>ChatOptions</c>: an explicit reasoning/thinking token budget (an <see cref="int"/>).</summary>
    public const string ReasoningBudgetTokens = "llmadapters.reasoning_budget_tokens";

    /// <summary>On <c>ChatOptions</c>: a caller tag (tenant, feature) for cost ledgers and budgets.</summary>
    public const string CostTag = "llmadapters.cost_tag";

    /// <summary>On <c>ChatOptions</c>: the end user a call is made for (an id, a <see cref="string"/>), for per-user
    /// budgets. Use a stable id, not a secret: it appears in ledger keys.</summary>
    public const string CostUser = "llmadapters.cost_user";

    /// <summary>On <c>ChatOptions</c>: the name of a provider-side context cache to use (Gemini <c>cachedContent</c>,
    /// for example <c>cachedContents/abc123</c>).</summary>
    public const string ContextCacheName = "llmadapters.context_cache";

    /// <summary>On an <c>AIContent</c> other than reasoning: an opaque provider signature that must be sent back unchanged
    /// with that content (Gemini <c>thoughtSignature</c> on text or function calls), as a <see cref="string"/>.
    /// Fallback middleware removes it before handing a conversation to another provider.</summary>
    public const string ThoughtSignature = "llmadapters.thought_signature";

    /// <summary>On messages and contents produced by an adapter: the provider name that produced them
    /// (<c>ChatClientMetadata.ProviderName</c>), so middleware can tell foreign artefacts apart.</summary>
    public const string OriginProvider = "llmadapters.origin_provider";

    /// <summary>Usage count: input tokens written to the provider's prompt cache (all TTLs).</summary>
    public const string CacheWriteInputTokens = "CacheWriteInputTokenCount";

    /// <summary>Usage count: input tokens written to a 5-minute cache (Anthropic).</summary>
    public const string CacheWrite5mInputTokens = "CacheWrite5mInputTokenCount";

    /// <summary>Usage count: input tokens written to a 1-hour cache (Anthropic).</summary>
    public const string CacheWrite1hInputTokens = "CacheWrite1hInputTokenCount";

    /// <summary>Usage count: prompt tokens spent on tool use (Gemini <c>toolUsePromptTokenCount</c>).</summary>
    public const string ToolUsePromptTokens = "ToolUsePromptTokenCount";

    /// <summary>Usage count: audio input tokens.</summary>
    public const string AudioInputTokens = "AudioInputTokenCount";

    /// <summary>Usage count: audio output tokens.</summary>
    public const string AudioOutputTokens = "AudioOutputTokenCount";

    /// <summary>Usage count: input tokens the provider bills, where that differs from the tokens the model processed
    /// (Cohere <c>billed_units.input_tokens</c>, which leave out the prompt template and tool definitions).</summary>
    public const string BilledInputTokens = "BilledInputTokenCount";

    /// <summary>Usage count: output tokens the provider bills, where that differs from the tokens the model produced
    /// (Cohere <c>billed_units.output_tokens</c>).</summary>
    public const string BilledOutputTokens = "BilledOutputTokenCount";
}
