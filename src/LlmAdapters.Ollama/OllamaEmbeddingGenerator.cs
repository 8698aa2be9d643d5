using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using LlmAdapters.Ollama.Wire;
using LlmAdapters.Providers;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Ollama;

/// <summary>
/// An <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> over Ollama's <c>/api/embed</c>: every input in one request,
/// <c>EmbeddingGenerationOptions.Dimensions</c> as <c>dimensions</c>, and <see cref="OllamaPropertyKeys.Truncate"/>,
/// <see cref="OllamaPropertyKeys.KeepAlive"/> and the runtime keys in <c>AdditionalProperties</c>. Usage is the input tokens
/// the server reports; its timings are in the result's <c>AdditionalProperties</c>.
/// </summary>
public sealed class OllamaEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly OllamaProtocol _protocol;
    private readonly EmbeddingGeneratorMetadata _metadata;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="options">Endpoint, optional key and <see cref="ProviderOptions.DefaultModelId"/> (an embedding model such as
    /// <c>nomic-embed-text</c>).</param>
    /// <exception cref="ProviderConfigurationException">The endpoint (or <c>OLLAMA_HOST</c>) is not a usable address.</exception>
    public OllamaEmbeddingGenerator(OllamaOptions options)
    {
        _protocol = OllamaProtocol.Create(Throw.IfNull(options));
        _metadata = new EmbeddingGeneratorMetadata(OllamaConstants.ProviderName, _protocol.Endpoint, options.DefaultModelId);
    }

    /// <inheritdoc />
    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        Throw.IfNull(values);
        var inputs = values as IReadOnlyList<string> ?? [.. values];
        var model = options?.ModelId;
        if (string.IsNullOrWhiteSpace(model))
        {
            model = _metadata.DefaultModelId;
        }

        if (string.IsNullOrWhiteSpace(model))
        {
            throw new ArgumentException(
                $"No embedding model for {OllamaConstants.ProviderName}: set EmbeddingGenerationOptions.ModelId or OllamaOptions.DefaultModelId (for example nomic-embed-text).",
                nameof(options));
        }

        if (inputs.Count == 0)
        {
            return [];
        }

        var request = OllamaEmbeddingMapper.ToWireRequest(inputs, options, model);
        var content = RawRequestMerge.ToContent(request, OllamaJsonContext.Default.OllamaEmbedRequest, options?.RawRepresentationFactory?.Invoke(this));
        using var response = await _protocol.SendAsync(HttpMethod.Post, _protocol.EmbedUri, content, model, cancellationToken).ConfigureAwait(false);
        var wire = await response.ReadJsonAsync(OllamaJsonContext.Default.OllamaEmbedResponse, cancellationToken).ConfigureAwait(false);
        var result = OllamaEmbeddingMapper.FromWireResponse(wire, inputs.Count, model);
        if (response.RequestId is { } requestId)
        {
            result.AdditionalProperties![AdditionalPropertyKeys.RequestId] = requestId;
        }

        return result;
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        Throw.IfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == typeof(EmbeddingGeneratorMetadata))
        {
            return _metadata;
        }

        if (serviceType == typeof(OllamaOptions))
        {
            return _protocol.Options;
        }

        if (serviceType == typeof(OllamaModelService))
        {
            return _protocol.Models;
        }

        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <summary>Releases the HTTP client when this instance created it (a client passed in options is left alone).</summary>
    public void Dispose() => _protocol.Dispose();
}
