using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using LlmAdapters.Cohere.Wire;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Cohere;

/// <summary>
/// An <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> over Cohere's <c>/v2/embed</c>, asking for <c>float</c> vectors.
/// Inputs beyond Cohere's limit of 96 texts per request are sent in several requests.
/// </summary>
/// <remarks><c>EmbeddingGenerationOptions.Dimensions</c> → <c>output_dimension</c> (embed-v4 and newer: 256, 512, 1024 or
/// 1536); <see cref="CoherePropertyKeys.InputType"/> (default <c>search_document</c>; use <c>search_query</c> for queries)
/// and <see cref="CoherePropertyKeys.Truncate"/> in <c>AdditionalProperties</c>.</remarks>
public sealed class CohereEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly CohereProtocol _protocol;
    private readonly EmbeddingGeneratorMetadata _metadata;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="options">The endpoint, key and default model (for example <c>embed-v4.0</c>).</param>
    /// <exception cref="ProviderConfigurationException">No API key in the options or the environment.</exception>
    public CohereEmbeddingGenerator(CohereOptions options)
    {
        _protocol = CohereProtocol.Create(Throw.IfNull(options));
        _metadata = new EmbeddingGeneratorMetadata(CohereConstants.ProviderName, _protocol.Metadata.ProviderUri, options.DefaultModelId);
    }

    /// <inheritdoc />
    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        Throw.IfNull(values);
        var inputs = values as IReadOnlyList<string> ?? [.. values];
        var model = options?.ModelId ?? ((CohereOptions)_protocol.Options).DefaultModelId;
        if (string.IsNullOrWhiteSpace(model))
        {
            throw new ArgumentException("No embedding model for cohere: set EmbeddingGenerationOptions.ModelId or CohereOptions.DefaultModelId (for example embed-v4.0).", nameof(options));
        }

        var result = new GeneratedEmbeddings<Embedding<float>>(inputs.Count);
        long? input = null, billed = null;
        foreach (var batch in CohereEmbeddingMapper.Batches(inputs))
        {
            var request = CohereEmbeddingMapper.ToWireRequest(batch, model, options);
            var response = await _protocol.Transport.SendJsonAsync(
                HttpMethod.Post, _protocol.EmbedUri, request,
                CohereJsonContext.Default.CohereEmbedRequest, CohereJsonContext.Default.CohereEmbedResponse, cancellationToken).ConfigureAwait(false);
            CohereEmbeddingMapper.AddBatch(response.Value, batch.Count, model, result);
            input = Sum(input, CohereEmbeddingMapper.InputTokens(response.Value));
            billed = Sum(billed, CohereEmbeddingMapper.BilledInputTokens(response.Value));
            if (result.AdditionalProperties is null)
            {
                result.AdditionalProperties = new() { [AdditionalPropertyKeys.OriginProvider] = CohereConstants.ProviderName };
                if (response.RequestId is { } id)
                {
                    result.AdditionalProperties[AdditionalPropertyKeys.RequestId] = id;
                }

                if (response.RateLimits is { } limits)
                {
                    result.AdditionalProperties[AdditionalPropertyKeys.RateLimits] = limits;
                }
            }
        }

        result.Usage = CohereEmbeddingMapper.ToUsage(input, billed);
        return result;

        static long? Sum(long? total, long? add) => add is null ? total : (total ?? 0) + add;
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

        if (serviceType == typeof(CohereOptions))
        {
            return _protocol.Options;
        }

        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <summary>Releases the HTTP client when this instance created it (a client passed in options is left alone).</summary>
    public void Dispose() => _protocol.Dispose();
}
