namespace Microsoft.Extensions.AI;

/// <summary>Adds <see cref="ConfigureOptionsEmbeddingGenerator{TInput, TEmbedding}"/> to an <see cref="EmbeddingGeneratorBuilder{TInput, TEmbedding}"/>.</summary>
public static class ConfigureOptionsEmbeddingGeneratorBuilderExtensions
{
    /// <summary>Adds a middleware that runs <paramref name="configure"/> on a copy of every request's options.</summary>
    /// <typeparam name="TInput">The type of the values embedded.</typeparam>
    /// <typeparam name="TEmbedding">The type of the embeddings produced.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Adjusts the options of each request.</param>
    /// <returns>The builder.</returns>
    public static EmbeddingGeneratorBuilder<TInput, TEmbedding> ConfigureOptions<TInput, TEmbedding>(
        this EmbeddingGeneratorBuilder<TInput, TEmbedding> builder, Action<EmbeddingGenerationOptions> configure)
        where TEmbedding : Embedding
    {
        _ = Throw.IfNull(builder);
        _ = Throw.IfNull(configure);
        return builder.Use(innerGenerator => new ConfigureOptionsEmbeddingGenerator<TInput, TEmbedding>(innerGenerator, configure));
    }
}
