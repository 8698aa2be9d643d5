using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace LlmAdapters.Middleware;

/// <summary>Adds <see cref="FallbackChatClient"/> to a pipeline.</summary>
public static class FallbackChatClientBuilderExtensions
{
    /// <summary>Falls back to <paramref name="fallbacks"/>, in order, when the inner client fails with a retryable error.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="fallbacks">The clients to try next (each usually built with its own <c>UseResilience()</c>).</param>
    /// <param name="options">The settings; when <see langword="null"/>, a registered <see cref="FallbackOptions"/> or defaults.</param>
    /// <param name="configure">Runs on the created client.</param>
    /// <returns>The builder.</returns>
    public static ChatClientBuilder UseFallback(this ChatClientBuilder builder, IEnumerable<IChatClient> fallbacks, FallbackOptions? options = null, Action<FallbackChatClient>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(fallbacks);
        var list = fallbacks.ToList();
        return builder.UseFallback(_ => list, options, configure);
    }

    /// <summary>Falls back to the clients <paramref name="fallbacksFactory"/> resolves, in order, when the inner client fails
    /// with a retryable error.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="fallbacksFactory">Resolves the fallback clients from the service provider (for example keyed clients).</param>
    /// <param name="options">The settings; when <see langword="null"/>, a registered <see cref="FallbackOptions"/> or defaults.</param>
    /// <param name="configure">Runs on the created client.</param>
    /// <returns>The builder.</returns>
    public static ChatClientBuilder UseFallback(this ChatClientBuilder builder, Func<IServiceProvider, IEnumerable<IChatClient>> fallbacksFactory, FallbackOptions? options = null, Action<FallbackChatClient>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(fallbacksFactory);
        return builder.Use((inner, services) =>
        {
            var client = new FallbackChatClient(
                inner,
                fallbacksFactory(services),
                options ?? services.Get<FallbackOptions>(),
                services.Get<ILoggerFactory>()?.CreateLogger(typeof(FallbackChatClient)));
            configure?.Invoke(client);
            return client;
        });
    }
}
