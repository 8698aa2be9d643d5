using System;
using System.Collections.Concurrent;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LlmAdapters.Middleware;

/// <summary>Adds <see cref="ResilienceChatClient"/> to a pipeline.</summary>
public static class ResilienceChatClientBuilderExtensions
{
    /// <summary>Adds retries, timeouts and a circuit breaker around the inner client.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="options">The settings; when <see langword="null"/>, a registered <see cref="ResilienceOptions"/> or defaults.</param>
    /// <param name="configure">Runs on the created client.</param>
    /// <returns>The builder.</returns>
    /// <remarks>Every client this builder builds for the same provider and endpoint shares one circuit breaker, so a
    /// failing endpoint is paused for all of them; with an <see cref="ICircuitStateStore"/> registered (for example the Redis
    /// one), the circuit state lives there and is shared with every process using it. <see cref="TimeProvider"/> and <see cref="ILoggerFactory"/> are
    /// resolved from the service provider when registered.</remarks>
    public static ChatClientBuilder UseResilience(this ChatClientBuilder builder, ResilienceOptions? options = null, Action<ResilienceChatClient>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var circuits = new ConcurrentDictionary<string, ProviderResiliencePipeline>(StringComparer.OrdinalIgnoreCase);
        return builder.Use((inner, services) =>
        {
            var resolved = options ?? services.Get<ResilienceOptions>() ?? new ResilienceOptions();
            var metadata = inner.GetService<ChatClientMetadata>();
            var provider = metadata?.ProviderName ?? "unknown";
            var key = $"{provider}|{metadata?.ProviderUri}";
            var pipeline = circuits.GetOrAdd(key, _ => new ProviderResiliencePipeline(
                provider,
                resolved,
                services.Get<TimeProvider>() ?? TimeProvider.System,
                services.Get<ILoggerFactory>()?.CreateLogger(typeof(ResilienceChatClient)) ?? NullLogger.Instance,
                circuitStore: services.Get<ICircuitStateStore>(),
                circuitKey: key));
            var client = new ResilienceChatClient(inner, pipeline, resolved);
            configure?.Invoke(client);
            return client;
        });
    }

    /// <summary>Adds retries, timeouts and a circuit breaker around an embedding generator.</summary>
    /// <typeparam name="TInput">The input type.</typeparam>
    /// <typeparam name="TEmbedding">The embedding type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="options">The settings; when <see langword="null"/>, a registered <see cref="ResilienceOptions"/> or defaults.</param>
    /// <param name="configure">Runs on the created generator.</param>
    /// <returns>The builder.</returns>
    public static EmbeddingGeneratorBuilder<TInput, TEmbedding> UseResilience<TInput, TEmbedding>(
        this EmbeddingGeneratorBuilder<TInput, TEmbedding> builder, ResilienceOptions? options = null, Action<ResilienceEmbeddingGenerator<TInput, TEmbedding>>? configure = null)
        where TEmbedding : Embedding
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use((inner, services) =>
        {
            var generator = new ResilienceEmbeddingGenerator<TInput, TEmbedding>(
                inner,
                options ?? services.Get<ResilienceOptions>(),
                services.Get<TimeProvider>(),
                services.Get<ILoggerFactory>()?.CreateLogger(typeof(ResilienceEmbeddingGenerator<TInput, TEmbedding>)));
            configure?.Invoke(generator);
            return generator;
        });
    }
}
