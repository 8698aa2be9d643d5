using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using LlmAdapters.Http;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Providers;

/// <summary>
/// The embeddings engine every provider face forwards to: argument checks and model resolution before any I/O, batching to
/// the provider's per-request limit, the request mapped with <see cref="RawRequestMerge"/>, sending through the
/// <see cref="ProviderTransport"/>, the response checked and stamped (model, usage, request id, rate limits, origin provider),
/// the <c>GetService</c> chain and disposal. It knows no provider's JSON: the <see cref="IEmbeddingProtocol"/> does.
/// </summary>
/// <remarks>As for chat, "no model" is an <see cref="ArgumentException"/> on <c>options</c> (<see cref="ModelResolver"/>). With
/// several requests (more inputs than one request carries), usage is summed and the request id, rate limits and provider
/// properties are those of the last response, the most recent view of the caller's limits.</remarks>
internal sealed class ProviderEmbeddingGenerator : IDisposable
{
    private readonly IEmbeddingGenerator<string, Embedding<float>> _face;
    private readonly IEmbeddingProtocol _protocol;
    private readonly EmbeddingGeneratorMetadata _metadata;

    public ProviderEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> face, IEmbeddingProtocol protocol)
    {
        _face = Throw.IfNull(face);
        _protocol = Throw.IfNull(protocol);
        _metadata = new EmbeddingGeneratorMetadata(protocol.Transport.Provider, protocol.Endpoint, protocol.DefaultEmbeddingModelId);
    }

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options, CancellationToken cancellationToken)
    {
        var inputs = CheckInputs(values);
        var model = ResolveModel(options);
        var result = new GeneratedEmbeddings<Embedding<float>>(inputs.Length);
        if (inputs.Length == 0)
        {
            return result;
        }

        var transport = _protocol.Transport;
        var raw = options?.RawRepresentationFactory?.Invoke(_face);
        var perRequest = Math.Max(1, _protocol.MaxInputsPerRequest(model));
        var uri = _protocol.EmbeddingRequestUri(model);
        var properties = new AdditionalPropertiesDictionary();
        UsageDetails? usage = null;
        for (var start = 0; start < inputs.Length; start += perRequest)
        {
            var count = Math.Min(perRequest, inputs.Length - start);
            var content = _protocol.ToEmbeddingContent(new ArraySegment<string>(inputs, start, count), options, model, raw);
            using var response = await SendAsync(uri, content, model, cancellationToken).ConfigureAwait(false);
            var batch = await _protocol.ReadEmbeddingsAsync(response, model, cancellationToken).ConfigureAwait(false);
            if (batch.Embeddings.Count != count)
            {
                throw new ProviderException(
                    $"{transport.Provider} returned {batch.Embeddings.Count} embeddings for {count} inputs. " +
                    "Check that the endpoint and model serve embeddings; if they do, retry with fewer inputs per call.",
                    new ProviderErrorDetails(transport.Provider, response.StatusCode, RequestId: response.RequestId));
            }

            foreach (var embedding in batch.Embeddings)
            {
                embedding.ModelId ??= model;
                result.Add(embedding);
            }

            if (batch.Usage is { } batchUsage)
            {
                (usage ??= new UsageDetails()).Add(batchUsage);
            }

            if (batch.Properties is { } batchProperties)
            {
                foreach (var (key, value) in batchProperties)
                {
                    properties[key] = value;
                }
            }

            ResponseStamp.Apply(properties, response, transport.Provider);
        }

        result.Usage = usage;
        result.AdditionalProperties = properties;
        return result;
    }

    /// <summary>Resolves the model the call uses; <see cref="ArgumentException"/> when there is none.</summary>
    public string ResolveModel(EmbeddingGenerationOptions? options) =>
        _protocol.NormalizeModel(ModelResolver.Resolve(
            options?.ModelId, _protocol.DefaultEmbeddingModelId, "embedding model", _protocol.Transport.Provider, _protocol.MissingEmbeddingModelHint, nameof(options)));

    public object? GetService(Type serviceType, object? serviceKey)
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

        if (serviceType == _protocol.Options.GetType())
        {
            return _protocol.Options;
        }

        return _protocol.GetEmbeddingService(serviceType) ?? (serviceType.IsInstanceOfType(_face) ? _face : null);
    }

    public void Dispose() => _protocol.Dispose();

    /// <summary>Sends one batch; a failure the protocol can say more about is replaced by its refinement.</summary>
    private async Task<ProviderResponse> SendAsync(Uri uri, HttpContent content, string model, CancellationToken cancellationToken)
    {
        try
        {
            return await _protocol.Transport.SendAsync(HttpMethod.Post, uri, content, streaming: false, cancellationToken).ConfigureAwait(false);
        }
        catch (ProviderException ex) when (_protocol.RefineEmbeddingError(ex, model) is { } refined)
        {
            throw refined;
        }
    }

    // Every provider rejects an empty input, so it is an argument error here rather than a 400 after the first batches.
    private static string[] CheckInputs(IEnumerable<string> values)
    {
        Throw.IfNull(values);
        var inputs = values as string[] ?? [.. values];
        for (var i = 0; i < inputs.Length; i++)
        {
            if (string.IsNullOrEmpty(inputs[i]))
            {
                throw new ArgumentException($"Input {i} is empty; embeddings endpoints reject empty inputs.", nameof(values));
            }
        }

        return inputs;
    }
}
