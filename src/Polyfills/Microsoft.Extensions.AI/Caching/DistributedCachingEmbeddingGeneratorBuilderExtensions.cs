using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.AI;

/// <summary>Adds <see cref="DistributedCachingEmbeddingGenerator{TInput, TEmbedding}"/> to an <see cref="EmbeddingGeneratorBuilder{TInput, TEmbedding}"/>.</summary>
public static class DistributedCachingEmbeddingGeneratorBuilderExtensions
{
    /// <summary>Adds embedding caching in an <see cref="IDistributedCache"/> to the pipeline.</summary>
    /// <typeparam name="TInput">The type of the values embedded.</typeparam>
    /// <typeparam name="TEmbedding">The type of the embeddings produced.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="storage">The cache; resolved (required) from the build's services when null.</param>
    /// <param name="configure">Adjusts the new generator.</param>
    /// <returns>The builder.</returns>
    public static EmbeddingGeneratorBuilder<TInput, TEmbedding> UseDistributedCache<TInput, TEmbedding>(
        this EmbeddingGeneratorBuilder<TInput, TEmbedding> builder,
        IDistributedCache? storage = null,
        Action<DistributedCachingEmbeddingGenerator<TInput, TEmbedding>>? configure = null)
        where TEmbedding : Embedding
    {
        _ = Throw.IfNull(builder);
        return builder.Use((innerGenerator, services) =>
        {
            storage ??= services.GetRequiredService<IDistributedCache>();
            var generator = new DistributedCachingEmbeddingGenerator<TInput, TEmbedding>(innerGenerator, storage);
            configure?.Invoke(generator);
            return generator;
        });
    }
}
