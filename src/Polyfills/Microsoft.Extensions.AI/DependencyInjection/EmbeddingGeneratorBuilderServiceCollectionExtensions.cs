using Microsoft.Extensions.AI;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers an embedding generator pipeline in an <see cref="IServiceCollection"/>.</summary>
public static class EmbeddingGeneratorBuilderServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> built around <paramref name="innerGenerator"/>,
    /// and the non-generic <see cref="IEmbeddingGenerator"/> resolving to the same service.
    /// </summary>
    /// <typeparam name="TInput">The type of the values embedded.</typeparam>
    /// <typeparam name="TEmbedding">The type of the embeddings produced.</typeparam>
    /// <param name="serviceCollection">The services to add to.</param>
    /// <param name="innerGenerator">The generator at the bottom of the pipeline.</param>
    /// <param name="lifetime">The lifetime of the registered generator.</param>
    /// <returns>The builder, so middleware can be added after registering.</returns>
    public static EmbeddingGeneratorBuilder<TInput, TEmbedding> AddEmbeddingGenerator<TInput, TEmbedding>(
        this IServiceCollection serviceCollection, IEmbeddingGenerator<TInput, TEmbedding> innerGenerator, ServiceLifetime lifetime = ServiceLifetime.Singleton)
        where TEmbedding : Embedding
    {
        _ = Throw.IfNull(serviceCollection);
        _ = Throw.IfNull(innerGenerator);
        return AddEmbeddingGenerator(serviceCollection, _ => innerGenerator, lifetime);
    }

    /// <summary>
    /// Registers <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> built around the generator that
    /// <paramref name="innerGeneratorFactory"/> creates, and the non-generic <see cref="IEmbeddingGenerator"/> resolving to the same service.
    /// </summary>
    /// <typeparam name="TInput">The type of the values embedded.</typeparam>
    /// <typeparam name="TEmbedding">The type of the embeddings produced.</typeparam>
    /// <param name="serviceCollection">The services to add to.</param>
    /// <param name="innerGeneratorFactory">Creates the generator at the bottom of the pipeline.</param>
    /// <param name="lifetime">The lifetime of the registered generator.</param>
    /// <returns>The builder, so middleware can be added after registering.</returns>
    public static EmbeddingGeneratorBuilder<TInput, TEmbedding> AddEmbeddingGenerator<TInput, TEmbedding>(
        this IServiceCollection serviceCollection, Func<IServiceProvider, IEmbeddingGenerator<TInput, TEmbedding>> innerGeneratorFactory, ServiceLifetime lifetime = ServiceLifetime.Singleton)
        where TEmbedding : Embedding
    {
        _ = Throw.IfNull(serviceCollection);
        _ = Throw.IfNull(innerGeneratorFactory);

        var builder = new EmbeddingGeneratorBuilder<TInput, TEmbedding>(innerGeneratorFactory);
        serviceCollection.Add(new ServiceDescriptor(typeof(IEmbeddingGenerator<TInput, TEmbedding>), builder.Build, lifetime));
        serviceCollection.Add(new ServiceDescriptor(
            typeof(IEmbeddingGenerator),
            services => services.GetRequiredService<IEmbeddingGenerator<TInput, TEmbedding>>(),
            lifetime));
        return builder;
    }

    /// <summary>
    /// Registers a keyed <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> built around <paramref name="innerGenerator"/>,
    /// and the keyed non-generic <see cref="IEmbeddingGenerator"/> resolving to the same service.
    /// </summary>
    /// <typeparam name="TInput">The type of the values embedded.</typeparam>
    /// <typeparam name="TEmbedding">The type of the embeddings produced.</typeparam>
    /// <param name="serviceCollection">The services to add to.</param>
    /// <param name="serviceKey">The service key.</param>
    /// <param name="innerGenerator">The generator at the bottom of the pipeline.</param>
    /// <param name="lifetime">The lifetime of the registered generator.</param>
    /// <returns>The builder, so middleware can be added after registering.</returns>
    public static EmbeddingGeneratorBuilder<TInput, TEmbedding> AddKeyedEmbeddingGenerator<TInput, TEmbedding>(
        this IServiceCollection serviceCollection, object? serviceKey, IEmbeddingGenerator<TInput, TEmbedding> innerGenerator, ServiceLifetime lifetime = ServiceLifetime.Singleton)
        where TEmbedding : Embedding
    {
        _ = Throw.IfNull(serviceCollection);
        _ = Throw.IfNull(innerGenerator);
        return AddKeyedEmbeddingGenerator(serviceCollection, serviceKey, _ => innerGenerator, lifetime);
    }

    /// <summary>
    /// Registers a keyed <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> built around the generator that
    /// <paramref name="innerGeneratorFactory"/> creates, and the keyed non-generic <see cref="IEmbeddingGenerator"/> resolving to the same service.
    /// </summary>
    /// <typeparam name="TInput">The type of the values embedded.</typeparam>
    /// <typeparam name="TEmbedding">The type of the embeddings produced.</typeparam>
    /// <param name="serviceCollection">The services to add to.</param>
    /// <param name="serviceKey">The service key.</param>
    /// <param name="innerGeneratorFactory">Creates the generator at the bottom of the pipeline.</param>
    /// <param name="lifetime">The lifetime of the registered generator.</param>
    /// <returns>The builder, so middleware can be added after registering.</returns>
    public static EmbeddingGeneratorBuilder<TInput, TEmbedding> AddKeyedEmbeddingGenerator<TInput, TEmbedding>(
        this IServiceCollection serviceCollection, object? serviceKey, Func<IServiceProvider, IEmbeddingGenerator<TInput, TEmbedding>> innerGeneratorFactory, ServiceLifetime lifetime = ServiceLifetime.Singleton)
        where TEmbedding : Embedding
    {
        _ = Throw.IfNull(serviceCollection);
        _ = Throw.IfNull(innerGeneratorFactory);

        var builder = new EmbeddingGeneratorBuilder<TInput, TEmbedding>(innerGeneratorFactory);
        serviceCollection.Add(new ServiceDescriptor(typeof(IEmbeddingGenerator<TInput, TEmbedding>), serviceKey, (services, _) => builder.Build(services), lifetime));
        serviceCollection.Add(new ServiceDescriptor(
            typeof(IEmbeddingGenerator),
            serviceKey,
            (services, key) => services.GetRequiredKeyedService<IEmbeddingGenerator<TInput, TEmbedding>>(key),
            lifetime));
        return builder;
    }
}
