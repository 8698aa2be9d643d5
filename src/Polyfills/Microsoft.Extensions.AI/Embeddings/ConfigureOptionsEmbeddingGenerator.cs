namespace Microsoft.Extensions.AI;

/// <summary>
/// A middleware that lets a callback adjust the <see cref="EmbeddingGenerationOptions"/> of every request, on a copy.
/// </summary>
/// <typeparam name="TInput">The type of the values embedded.</typeparam>
/// <typeparam name="TEmbedding">The type of the embeddings produced.</typeparam>
public sealed class ConfigureOptionsEmbeddingGenerator<TInput, TEmbedding> : DelegatingEmbeddingGenerator<TInput, TEmbedding>
    where TEmbedding : Embedding
{
    private readonly Action<EmbeddingGenerationOptions> _configureOptions;

    /// <summary>Initializes a new instance of the <see cref="ConfigureOptionsEmbeddingGenerator{TInput, TEmbedding}"/> class.</summary>
    /// <param name="innerGenerator">The generator that receives the adjusted options.</param>
    /// <param name="configure">Adjusts the options of each request.</param>
    public ConfigureOptionsEmbeddingGenerator(IEmbeddingGenerator<TInput, TEmbedding> innerGenerator, Action<EmbeddingGenerationOptions> configure)
        : base(innerGenerator)
    {
        _configureOptions = Throw.IfNull(configure);
    }

    /// <inheritdoc/>
    public override async Task<GeneratedEmbeddings<TEmbedding>> GenerateAsync(IEnumerable<TInput> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var configured = options?.Clone() ?? new EmbeddingGenerationOptions();
        _configureOptions(configured);
        return await base.GenerateAsync(values, configured, cancellationToken);
    }
}
