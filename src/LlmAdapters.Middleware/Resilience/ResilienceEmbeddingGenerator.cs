using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LlmAdapters.Middleware;

/// <summary>The embedding counterpart of <see cref="ResilienceChatClient"/>: retries, timeouts and a circuit breaker
/// around an embedding generator.</summary>
/// <typeparam name="TInput">The input type.</typeparam>
/// <typeparam name="TEmbedding">The embedding type.</typeparam>
public sealed class ResilienceEmbeddingGenerator<TInput, TEmbedding> : DelegatingEmbeddingGenerator<TInput, TEmbedding>
    where TEmbedding : Embedding
{
    private readonly ProviderResiliencePipeline _pipeline;

    /// <summary>Initializes a new instance with its own circuit breaker.</summary>
    /// <param name="innerGenerator">The generator to protect.</param>
    /// <param name="options">The settings; defaults when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock for delays and timeouts.</param>
    /// <param name="logger">Receives retry and circuit events.</param>
    public ResilienceEmbeddingGenerator(IEmbeddingGenerator<TInput, TEmbedding> innerGenerator, ResilienceOptions? options = null, TimeProvider? timeProvider = null, ILogger? logger = null)
        : base(innerGenerator)
    {
        Options = options ?? new ResilienceOptions();
        _pipeline = new ProviderResiliencePipeline(
            innerGenerator.GetService<EmbeddingGeneratorMetadata>()?.ProviderName ?? "unknown", Options, timeProvider ?? TimeProvider.System, logger ?? NullLogger.Instance);
    }

    /// <summary>Gets the settings.</summary>
    public ResilienceOptions Options { get; }

    /// <inheritdoc />
    public override Task<GeneratedEmbeddings<TEmbedding>> GenerateAsync(IEnumerable<TInput> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var list = values as IList<TInput> ?? [.. values];
        return _pipeline.ExecuteAsync(
            static (context, state) => new ValueTask<GeneratedEmbeddings<TEmbedding>>(state.Inner.GenerateAsync(state.List, state.Options, context.CancellationToken)),
            (Inner: InnerGenerator, List: list, Options: options),
            cancellationToken);
    }
}
