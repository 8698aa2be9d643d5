using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using LlmAdapters.Providers;
using Microsoft.Extensions.AI;

namespace LlmAdapters.OpenAI;

/// <summary>
/// An <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> for the OpenAI <c>/embeddings</c> endpoint and compatible
/// servers. Vectors travel as base64 float32 (decoded here) and inputs beyond the endpoint's limit
/// (<see cref="OpenAICompatibility.MaxEmbeddingInputs"/>) are sent in batches.
/// </summary>
/// <remarks><c>EmbeddingGenerationOptions.RawRepresentationFactory</c> may return a <see cref="System.Text.Json.Nodes.JsonObject"/>
/// of request fields: they win, and the mapped request fills only what they leave unset.</remarks>
public sealed class OpenAIEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly ProviderEmbeddingGenerator _engine;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="options">The endpoint, credentials and default model (for example <c>text-embedding-3-small</c>).</param>
    /// <exception cref="ProviderConfigurationException">No API key in the options or the environment.</exception>
    public OpenAIEmbeddingGenerator(OpenAIOptions options)
    {
        Options = Throw.IfNull(options);
        _engine = new(this, OpenAIProtocol.Create(options));
    }

    /// <summary>Gets the options this generator was created with.</summary>
    public OpenAIOptions Options { get; }

    /// <inheritdoc />
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
        _engine.GenerateAsync(values, options, cancellationToken);

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null) => _engine.GetService(serviceType, serviceKey);

    /// <inheritdoc />
    public void Dispose() => _engine.Dispose();
}
