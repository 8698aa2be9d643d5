using System;

namespace LlmAdapters;

/// <summary>
/// A provider-neutral prompt-cache hint: cache everything up to and including the item that carries it.
/// Anthropic maps it to <c>cache_control</c>, Gemini may use it for <c>cachedContents</c>, OpenAI for
/// <c>prompt_cache_key</c>; providers without prompt caching ignore it.
/// </summary>
/// <param name="Ttl">How long the provider should keep the entry; <see langword="null"/> uses the provider default
/// (5 minutes on Anthropic).</param>
public sealed record CacheBreakpoint(TimeSpan? Ttl = null)
{
    /// <summary>Gets a breakpoint with the provider's default lifetime.</summary>
    public static CacheBreakpoint Default { get; } = new();
}
