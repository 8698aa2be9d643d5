namespace Microsoft.Extensions.AI;

/// <summary>Starts an <see cref="EmbeddingGeneratorBuilder{TInput, TEmbedding}"/> from an existing generator.</summary>
public static class EmbeddingGeneratorBuilderEmbeddingGeneratorExtensions
{
    /// <summary>Creates a builder whose inner generator is <paramref name="innerGenerator"/>.</summary>
    /// <typeparam name="TInput">The type of the values embedded.</typeparam>
    /// <typeparam name="TEmbedding">The type of the embeddings produced.</typeparam>
    /// <param name="innerGenerator">The generator at the bottom of the pipeline.</param>
    /// <returns>A new builder.</returns>
    public static EmbeddingGeneratorBuilder<TInput, TEmbedding> AsBuilder<TInput, TEmbedding>(this IEmbeddingGenerator<TInput, TEmbedding> innerGenerator)
        where TEmbedding : Embedding
    {
        _ = Throw.IfNull(innerGenerator);
        return new EmbeddingGeneratorBuilder<TInput, TEmbedding>(innerGenerator);
    }
}
