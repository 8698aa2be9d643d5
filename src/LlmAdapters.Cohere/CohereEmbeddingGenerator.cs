using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using LlmAdapters.Providers;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Cohere;

/// <summary>
/// An <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> over Cohere's <c>/v2/embed</c>, asking for <c>float</c> vectors.
/// Inputs beyond Cohere's limit of 96 texts per request are sent in several requests.
/// </summary>
/// <remarks><c>EmbeddingGenerationOptions.Dimensions</c> → <c>output_dimension</c> (embed-v4 and newer: 256, 512, 1024 or
/// 1536); <see cref="CoherePropertyKeys.InputType"/> (default <c>search_document</c>; use <c>search_query</c> for queries)
/// and <see cref="CoherePropertyKeys.Truncate"/> in <c>AdditionalProperties</c>. <c>RawRepresentationFactory</c> may return a
/// <see cref="System.Text.Json.Nodes.JsonObject"/> of request fields: they win, and the mapped request fills only what they
/// leave unset.</remarks>
public sealed class CohereEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly ProviderEmbeddingGenerator _engine;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="options">The endpoint, key and default model (for example <c>embed-v4.0</c>).</param>
    /// <exception cref="ProviderConfigurationException">No API key in the options or the environment.</exception>
    public CohereEmbeddingGenerator(CohereOptions options) => _engine = new(this, CohereProtocol.Create(Throw.IfNull(options)));

    /// <inheritdoc />
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
        _engine.GenerateAsync(values, options, cancellationToken);

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null) => _engine.GetService(serviceType, serviceKey);

    /// <summary>Releases the HTTP client when this instance created it (a client passed in options is left alone).</summary>
    public void Dispose() => _engine.Dispose();
}
