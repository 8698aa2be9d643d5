using System;
using Microsoft.Extensions.Caching.Distributed;

namespace LlmAdapters.Middleware;

/// <summary>Settings of <see cref="PromptCachingChatClient"/>.</summary>
public sealed class PromptCachingOptions
{
    /// <summary>Gets or sets a value indicating whether the instructions/system prompt and tool definitions are cached.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool CacheInstructionsAndTools { get; set; } = true;

    /// <summary>Gets or sets a value indicating whether the conversation up to the last user turn is cached.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool CacheConversationPrefix { get; set; } = true;

    /// <summary>Gets or sets the lifetime requested for Anthropic cache entries; <see langword="null"/> uses the provider
    /// default (5 minutes). Anthropic accepts 5 minutes and 1 hour.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public TimeSpan? BreakpointTtl { get; set; }

    /// <summary>Gets or sets the most breakpoints one request may carry, caller-placed ones included (Anthropic: 4).</summary>
    /// <value>The default is 4.</value>
    public int MaxBreakpoints { get; set; } = 4;

    /// <summary>Gets or sets the catalog that supplies each model's minimum cacheable prompt length.</summary>
    /// <value>The default is <see cref="ModelCatalog.Default"/>.</value>
    public ModelCatalog Catalog { get; set; } = ModelCatalog.Default;

    /// <summary>Gets or sets the minimum cacheable prompt length assumed for models the catalog does not know.</summary>
    /// <value>The default is 1024.</value>
    public int DefaultMinCacheableTokens { get; set; } = 1024;

    /// <summary>Gets or sets a value indicating whether long stable prefixes sent to Gemini/Vertex become explicit context
    /// caches (<see cref="IContextCacheService"/>) that later calls reference instead of resending.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool UseContextCaches { get; set; } = true;

    /// <summary>Gets or sets the lifetime of context caches.</summary>
    /// <value>The default is 1 hour.</value>
    public TimeSpan ContextCacheTtl { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Gets or sets how long before its expiry a context cache that is still in use gets its lifetime extended.</summary>
    /// <value>The default is 10 minutes.</value>
    public TimeSpan ContextCacheRefreshBefore { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Gets or sets where the names of context caches are remembered, keyed by prefix hash, so several processes
    /// share them; <see langword="null"/> keeps them in memory.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public IDistributedCache? ContextCacheStore { get; set; }

    /// <summary>Gets or sets a value indicating whether OpenAI and compatible providers get a
    /// <see cref="AdditionalPropertyKeys.PromptCacheKey"/> derived from the stable prefix (instructions, tools and system
    /// messages), which routes requests with the same prefix to the same cache.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool SetPromptCacheKey { get; set; } = true;
}
