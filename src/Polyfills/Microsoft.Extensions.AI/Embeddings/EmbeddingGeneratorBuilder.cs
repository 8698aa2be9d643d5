namespace Microsoft.Extensions.AI;

/// <summary>Builds a pipeline of embedding generator middleware around an inner generator.</summary>
/// <typeparam name="TInput">The type of the values embedded.</typeparam>
/// <typeparam name="TEmbedding">The type of the embeddings produced.</typeparam>
public sealed class EmbeddingGeneratorBuilder<TInput, TEmbedding>
    where TEmbedding : Embedding
{
    private readonly Func<IServiceProvider, IEmbeddingGenerator<TInput, TEmbedding>> _innerGeneratorFactory;
    private List<Func<IEmbeddingGenerator<TInput, TEmbedding>, IServiceProvider, IEmbeddingGenerator<TInput, TEmbedding>>>? _generatorFactories;

    /// <summary>Initializes a new instance of the <see cref="EmbeddingGeneratorBuilder{TInput, TEmbedding}"/> class.</summary>
    /// <param name="innerGenerator">The generator at the bottom of the pipeline.</param>
    public EmbeddingGeneratorBuilder(IEmbeddingGenerator<TInput, TEmbedding> innerGenerator)
    {
        _ = Throw.IfNull(innerGenerator);
        _innerGeneratorFactory = _ => innerGenerator;
    }

    /// <summary>Initializes a new instance of the <see cref="EmbeddingGeneratorBuilder{TInput, TEmbedding}"/> class.</summary>
    /// <param name="innerGeneratorFactory">Creates the generator at the bottom of the pipeline from the build's services.</param>
    public EmbeddingGeneratorBuilder(Func<IServiceProvider, IEmbeddingGenerator<TInput, TEmbedding>> innerGeneratorFactory)
    {
        _innerGeneratorFactory = Throw.IfNull(innerGeneratorFactory);
    }

    /// <summary>Creates the pipeline: the inner generator wrapped by every registered middleware, first registered outermost.</summary>
    /// <param name="services">Services the factories may resolve dependencies from; an empty provider when null.</param>
    /// <returns>The outermost generator.</returns>
    /// <exception cref="InvalidOperationException">A factory returned null.</exception>
    public IEmbeddingGenerator<TInput, TEmbedding> Build(IServiceProvider? services = null)
    {
        services ??= EmptyServiceProvider.Instance;
        var generator = _innerGeneratorFactory(services);

        if (_generatorFactories is not null)
        {
            for (var i = _generatorFactories.Count - 1; i >= 0; i--)
            {
                generator = _generatorFactories[i](generator, services) ??
                    throw new InvalidOperationException(
                        $"The {nameof(EmbeddingGeneratorBuilder<,>)} entry at index {i} returned null. " +
                        $"Ensure that the callbacks passed to {nameof(Use)} return non-null {nameof(IEmbeddingGenerator)} instances.");
            }
        }

        return generator;
    }

    /// <summary>Adds a middleware factory to the pipeline.</summary>
    /// <param name="generatorFactory">Wraps the generator built so far.</param>
    /// <returns>This builder.</returns>
    public EmbeddingGeneratorBuilder<TInput, TEmbedding> Use(Func<IEmbeddingGenerator<TInput, TEmbedding>, IEmbeddingGenerator<TInput, TEmbedding>> generatorFactory)
    {
        _ = Throw.IfNull(generatorFactory);
        return Use((innerGenerator, _) => generatorFactory(innerGenerator));
    }

    /// <summary>Adds a middleware factory that may resolve dependencies from the build's services.</summary>
    /// <param name="generatorFactory">Wraps the generator built so far.</param>
    /// <returns>This builder.</returns>
    public EmbeddingGeneratorBuilder<TInput, TEmbedding> Use(Func<IEmbeddingGenerator<TInput, TEmbedding>, IServiceProvider, IEmbeddingGenerator<TInput, TEmbedding>> generatorFactory)
    {
        _ = Throw.IfNull(generatorFactory);
        (_generatorFactories ??= []).Add(generatorFactory);
        return this;
    }

    /// <summary>Adds an anonymous middleware implemented by one delegate.</summary>
    /// <param name="generateFunc">The middleware: (values, options, innerGenerator, cancellationToken).</param>
    /// <returns>This builder.</returns>
    public EmbeddingGeneratorBuilder<TInput, TEmbedding> Use(
        Func<IEnumerable<TInput>, EmbeddingGenerationOptions?, IEmbeddingGenerator<TInput, TEmbedding>, CancellationToken, Task<GeneratedEmbeddings<TEmbedding>>>? generateFunc)
    {
        _ = Throw.IfNull(generateFunc);
        return Use((innerGenerator, _) => new AnonymousDelegatingEmbeddingGenerator<TInput, TEmbedding>(innerGenerator, generateFunc));
    }
}
