namespace Microsoft.Extensions.AI;

/// <summary>A middleware defined by the delegate passed to <see cref="EmbeddingGeneratorBuilder{TInput, TEmbedding}"/>'s <c>Use(generateFunc)</c>.</summary>
internal sealed class AnonymousDelegatingEmbeddingGenerator<TInput, TEmbedding> : DelegatingEmbeddingGenerator<TInput, TEmbedding>
    where TEmbedding : Embedding
{
    private readonly Func<IEnumerable<TInput>, EmbeddingGenerationOptions?, IEmbeddingGenerator<TInput, TEmbedding>, CancellationToken, Task<GeneratedEmbeddings<TEmbedding>>> _generateFunc;

    public AnonymousDelegatingEmbeddingGenerator(
        IEmbeddingGenerator<TInput, TEmbedding> innerGenerator,
        Func<IEnumerable<TInput>, EmbeddingGenerationOptions?, IEmbeddingGenerator<TInput, TEmbedding>, CancellationToken, Task<GeneratedEmbeddings<TEmbedding>>> generateFunc)
        : base(innerGenerator)
    {
        _generateFunc = Throw.IfNull(generateFunc);
    }

    public override Task<GeneratedEmbeddings<TEmbedding>> GenerateAsync(IEnumerable<TInput> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNull(values);
        return _generateFunc(values, options, InnerGenerator, cancellationToken);
    }
}
