namespace LlmAdapters.Testing;

/// <summary>Token counts a scripted reply reports, each dialect placing them where its provider does.</summary>
/// <param name="InputTokens">Prompt tokens, including cached reads (dialects whose provider excludes cache reads subtract them).</param>
/// <param name="OutputTokens">Output tokens, including reasoning.</param>
/// <param name="CachedInputTokens">Prompt tokens read from cache.</param>
/// <param name="ReasoningTokens">Reasoning tokens.</param>
/// <param name="CacheWriteTokens">Prompt tokens written to cache.</param>
public sealed record ScriptedUsage(
    int InputTokens,
    int OutputTokens,
    int? CachedInputTokens = null,
    int? ReasoningTokens = null,
    int? CacheWriteTokens = null);
