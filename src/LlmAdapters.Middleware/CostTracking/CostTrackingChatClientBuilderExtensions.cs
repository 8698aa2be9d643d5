using System;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace LlmAdapters.Middleware;

/// <summary>Adds <see cref="CostTrackingChatClient"/> and <see cref="CostTrackingEmbeddingGenerator{TInput, TEmbedding}"/> to pipelines.</summary>
public static class CostTrackingChatClientBuilderExtensions
{
    /// <summary>Adds cost tracking (and budgets, when <paramref name="options"/> has any) to the pipeline.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="options">The settings; when <see langword="null"/>, a registered <see cref="CostTrackingOptions"/> or defaults.
    /// A registered <see cref="ModelCatalog"/> replaces the default catalog.</param>
    /// <param name="configure">Runs on the created client.</param>
    /// <returns>The builder.</returns>
    /// <remarks>The ledger is the registered <see cref="ICostLedger"/>, or one <see cref="InMemoryCostLedger"/> shared by
    /// every client this builder builds; read it with <c>client.GetService&lt;ICostLedger&gt;()</c>. The logger factory and
    /// <see cref="TimeProvider"/> are resolved from the service provider when registered.</remarks>
    public static ChatClientBuilder UseCostTracking(this ChatClientBuilder builder, CostTrackingOptions? options = null, Action<CostTrackingChatClient>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var fallbackLedger = new Lazy<ICostLedger>(() => new InMemoryCostLedger());
        return builder.Use((inner, services) =>
        {
            var resolved = options ?? services.Get<CostTrackingOptions>() ?? WithCatalog(new CostTrackingOptions(), services);
            var client = new CostTrackingChatClient(
                inner,
                services.Get<ICostLedger>() ?? fallbackLedger.Value,
                resolved,
                services.Get<ILoggerFactory>()?.CreateLogger(typeof(CostTrackingChatClient)),
                services.Get<TimeProvider>(),
                services.Get<IBudgetStore>());
            configure?.Invoke(client);
            return client;
        });
    }

    /// <summary>Adds cost tracking to an embedding pipeline.</summary>
    /// <typeparam name="TInput">The input type.</typeparam>
    /// <typeparam name="TEmbedding">The embedding type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="options">The settings; when <see langword="null"/>, a registered <see cref="CostTrackingOptions"/> or defaults.</param>
    /// <param name="configure">Runs on the created generator.</param>
    /// <returns>The builder.</returns>
    public static EmbeddingGeneratorBuilder<TInput, TEmbedding> UseCostTracking<TInput, TEmbedding>(
        this EmbeddingGeneratorBuilder<TInput, TEmbedding> builder, CostTrackingOptions? options = null, Action<CostTrackingEmbeddingGenerator<TInput, TEmbedding>>? configure = null)
        where TEmbedding : Embedding
    {
        ArgumentNullException.ThrowIfNull(builder);
        var fallbackLedger = new Lazy<ICostLedger>(() => new InMemoryCostLedger());
        return builder.Use((inner, services) =>
        {
            var resolved = options ?? services.Get<CostTrackingOptions>() ?? WithCatalog(new CostTrackingOptions(), services);
            var generator = new CostTrackingEmbeddingGenerator<TInput, TEmbedding>(
                inner,
                services.Get<ICostLedger>() ?? fallbackLedger.Value,
                resolved,
                services.Get<ILoggerFactory>()?.CreateLogger(typeof(CostTrackingEmbeddingGenerator<TInput, TEmbedding>)),
                services.Get<TimeProvider>());
            configure?.Invoke(generator);
            return generator;
        });
    }

    private static CostTrackingOptions WithCatalog(CostTrackingOptions options, IServiceProvider services)
    {
        if (services.Get<ModelCatalog>() is { } catalog)
        {
            options.Catalog = catalog;
        }

        return options;
    }
}
