using System;
using System.Collections.Concurrent;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Middleware;

/// <summary>Adds <see cref="RateLimitingChatClient"/> to a pipeline.</summary>
public static class RateLimitingChatClientBuilderExtensions
{
    /// <summary>Limits the calls to the inner provider on the client side.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="options">The limits; when <see langword="null"/>, a registered <see cref="RateLimitingOptions"/> or
    /// defaults (adaptive only).</param>
    /// <param name="configure">Runs on the created client.</param>
    /// <returns>The builder.</returns>
    /// <remarks>Every client this builder builds for the same provider and endpoint shares one set of limits; with an
    /// <see cref="IRateLimitStore"/> (in the options or registered), every client using that store does.
    /// <see cref="TimeProvider"/> is resolved from the service provider when registered.</remarks>
    public static ChatClientBuilder UseRateLimiting(this ChatClientBuilder builder, RateLimitingOptions? options = null, Action<RateLimitingChatClient>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var limiters = new ConcurrentDictionary<string, ProviderRateLimiter>(StringComparer.OrdinalIgnoreCase);
        return builder.Use((inner, services) =>
        {
            var resolved = options ?? services.Get<RateLimitingOptions>() ?? new RateLimitingOptions();
            var metadata = inner.GetService<ChatClientMetadata>();
            var provider = metadata?.ProviderName ?? "unknown";
            var timeProvider = services.Get<TimeProvider>() ?? TimeProvider.System;
            RateLimitingChatClient client;
            if ((resolved.Store ?? services.Get<IRateLimitStore>()) is { } store)
            {
                client = new RateLimitingChatClient(inner, new SharedRateLimiter(store, SharedRateLimiter.BucketFor(inner, resolved), resolved, timeProvider), resolved);
            }
            else
            {
                var limiter = limiters.GetOrAdd($"{provider}|{metadata?.ProviderUri}", _ => new ProviderRateLimiter(provider, resolved, timeProvider));
                client = new RateLimitingChatClient(inner, limiter, resolved);
            }

            configure?.Invoke(client);
            return client;
        });
    }
}
