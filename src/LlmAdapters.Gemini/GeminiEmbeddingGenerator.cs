using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using LlmAdapters.Providers;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Gemini;

/// <summary>
/// An <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> for Gemini embedding models. The Gemini API uses
/// <c>batchEmbedContents</c>; Vertex AI uses <c>:predict</c> for <c>text-embedding-*</c> and <c>gemini-embedding-001</c> and
/// <c>embedContent</c> for newer Gemini embedding models. Inputs above a request's limit are split into several requests.
/// </summary>
/// <remarks><c>EmbeddingGenerationOptions.Dimensions</c> → <c>outputDimensionality</c>; <see cref="GeminiPropertyKeys.TaskType"/>,
/// <see cref="GeminiPropertyKeys.Title"/> and (Vertex AI) <see cref="GeminiPropertyKeys.AutoTruncate"/> in AdditionalProperties.</remarks>
public sealed class GeminiEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly ProviderEmbeddingGenerator _engine;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="options">The endpoint, credentials and <see cref="GeminiOptions.DefaultEmbeddingModelId"/>.</param>
    /// <exception cref="ProviderConfigurationException">No API key or Vertex project/credential could be found.</exception>
    public GeminiEmbeddingGenerator(GeminiOptions options) => _engine = new(this, GeminiProtocol.Create(options));

    /// <inheritdoc />
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
        _engine.GenerateAsync(values, options, cancellationToken);

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null) => _engine.GetService(serviceType, serviceKey);

    /// <inheritdoc />
    public void Dispose() => _engine.Dispose();
}
