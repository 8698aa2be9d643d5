using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace LlmAdapters;

/// <summary>
/// Provider-side context caches (Gemini <c>cachedContents</c>): a stored prompt prefix that later requests
/// reference by name instead of resending it. Obtain it with <c>chatClient.GetService&lt;IContextCacheService&gt;()</c>;
/// use an entry by setting <see cref="AdditionalPropertyKeys.ContextCacheName"/> on <c>ChatOptions</c>.
/// </summary>
public interface IContextCacheService
{
    /// <summary>Stores <paramref name="prefix"/> (with the options' instructions and tools) as a cache entry.</summary>
    /// <param name="prefix">The messages to cache, in order.</param>
    /// <param name="options">Model, instructions and tools to cache with them.</param>
    /// <param name="ttl">How long the provider keeps the entry.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The created entry.</returns>
    Task<ContextCacheEntry> CreateAsync(IEnumerable<ChatMessage> prefix, ChatOptions? options, TimeSpan ttl, CancellationToken cancellationToken = default);

    /// <summary>Extends an entry's lifetime.</summary>
    /// <param name="name">The entry name.</param>
    /// <param name="ttl">The new time to live from now.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The updated entry.</returns>
    Task<ContextCacheEntry> UpdateTtlAsync(string name, TimeSpan ttl, CancellationToken cancellationToken = default);

    /// <summary>Deletes an entry.</summary>
    /// <param name="name">The entry name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    Task DeleteAsync(string name, CancellationToken cancellationToken = default);
}

/// <summary>A provider-side context cache entry.</summary>
/// <param name="Name">The provider's name for it, for example <c>cachedContents/abc123</c>.</param>
/// <param name="Model">The model it was created for.</param>
/// <param name="ExpireTime">When the provider will delete it.</param>
/// <param name="TokenCount">How many tokens it holds, when reported.</param>
public sealed record ContextCacheEntry(string Name, string Model, DateTimeOffset ExpireTime, int? TokenCount = null);
