using System;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Logging;

namespace LlmAdapters.Middleware;

/// <summary>Adds <see cref="PromptCachingChatClient"/> to a pipeline.</summary>
public static class PromptCachingChatClientBuilderExtensions
{
    /// <summary>Turns on provider prompt caching by policy (see <see cref="PromptCachingChatClient"/>).</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="options">The policy; when <see langword="null"/>, a registered <see cref="PromptCachingOptions"/> or
    /// defaults. A registered <see cref="IDistributedCache"/> becomes the context-cache store when none is set, and a
    /// registered <see cref="ModelCatalog"/> the catalog.</param>
    /// <param name="configure">Runs on the created client.</param>
    /// <returns>The builder.</returns>
    public static ChatClientBuilder UsePromptCaching(this ChatClientBuilder builder, PromptCachingOptions? options = null, Action<PromptCachingChatClient>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);

        // One registry per UsePromptCaching call, so every client this builder builds reuses the same context caches.
        ContextCacheRegistry? registry = null;
        return builder.Use((inner, services) =>
        {
            var resolved = options ?? services.Get<PromptCachingOptions>();
            if (resolved is null)
            {
                resolved = new PromptCachingOptions { ContextCacheStore = services.Get<IDistributedCache>() };
                if (services.Get<ModelCatalog>() is { } catalog)
                {
                    resolved.Catalog = catalog;
                }
            }

            registry ??= new ContextCacheRegistry(resolved.ContextCacheStore);
            var client = new PromptCachingChatClient(
                inner,
                resolved,
                services.Get<TimeProvider>(),
                services.Get<ILoggerFactory>()?.CreateLogger(typeof(PromptCachingChatClient)),
                registry);
            configure?.Invoke(client);
            return client;
        });
    }
}
