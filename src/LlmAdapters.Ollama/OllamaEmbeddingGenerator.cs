using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using LlmAdapters.Providers;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Ollama;

/// <summary>
/// An <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> over Ollama's <c>/api/embed</c>: every input in one request,
/// <c>EmbeddingGenerationOptions.Dimensions</c> as <c>dimensions</c>, and <see cref="OllamaPropertyKeys.Truncate"/>,
/// <see cref="OllamaPropertyKeys.KeepAlive"/> and the runtime keys in <c>AdditionalProperties</c>. Usage is the input tokens
/// the server reports; its timings are in the result's <c>AdditionalProperties</c>.
/// </summary>
/// <remarks><c>EmbeddingGenerationOptions.RawRepresentationFactory</c> may return a <see cref="System.Text.Json.Nodes.JsonObject"/>
/// of request fields: they win, and the mapped request fills only what they leave unset.</remarks>
public sealed class OllamaEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly ProviderEmbeddingGenerator _engine;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="options">Endpoint, optional key and <see cref="ProviderOptions.DefaultModelId"/> (an embedding model such as
    /// <c>nomic-embed-text</c>).</param>
    /// <exception cref="ProviderConfigurationException">The endpoint (or <c>OLLAMA_HOST</c>) is not a usable address.</exception>
    public OllamaEmbeddingGenerator(OllamaOptions options) => _engine = new(this, OllamaProtocol.Create(Throw.IfNull(options)));

    /// <inheritdoc />
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
        _engine.GenerateAsync(values, options, cancellationToken);

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null) => _engine.GetService(serviceType, serviceKey);

    /// <summary>Releases the HTTP client when this instance created it (a client passed in options is left alone).</summary>
    public void Dispose() => _engine.Dispose();
}
