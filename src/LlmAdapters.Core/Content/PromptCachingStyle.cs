namespace LlmAdapters;

/// <summary>
/// How a provider reuses a prompt prefix it has seen before, as a client reports it through
/// <c>chatClient.GetService&lt;PromptCachingStyle&gt;()</c>. Middleware that turns caching on asks for this instead of
/// reading provider names; a client that does not answer (any client outside this library) reports <see cref="None"/>.
/// </summary>
public enum PromptCachingStyle
{
    /// <summary>No prompt caching the caller can steer; cache hints are ignored.</summary>
    None = 0,

    /// <summary>Explicit breakpoints in the request (<see cref="CacheBreakpoint"/> hints, Anthropic <c>cache_control</c>):
    /// everything up to a breakpoint is cached, within a per-request limit and a per-model minimum length.</summary>
    Breakpoints,

    /// <summary>Stored context caches created ahead of the call (Gemini and Vertex AI <c>cachedContents</c>), reached through
    /// <see cref="IContextCacheService"/> and referenced with <see cref="AdditionalPropertyKeys.ContextCacheName"/>; a reference
    /// to a cache that has expired fails with <see cref="ContextCacheNotFoundException"/>.</summary>
    ContextCache,

    /// <summary>Automatic caching of repeated prefixes, routed by a key (<see cref="AdditionalPropertyKeys.PromptCacheKey"/>,
    /// OpenAI <c>prompt_cache_key</c>): requests with the same key and prefix are likelier to hit the same cache.</summary>
    PromptCacheKey,
}

/// <summary>The styles boxed once, so answering <c>GetService</c> allocates nothing per call.</summary>
internal static class PromptCachingStyles
{
    private static readonly object[] BoxedStyles =
        [PromptCachingStyle.None, PromptCachingStyle.Breakpoints, PromptCachingStyle.ContextCache, PromptCachingStyle.PromptCacheKey];

    public static object Boxed(PromptCachingStyle style) => BoxedStyles[(int)style];
}
