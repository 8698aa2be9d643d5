using LlmAdapters.Gemini.Wire;
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
    /// <summary>The most inputs one <c>batchEmbedContents</c> request accepts.</summary>
    internal const int GeminiBatchLimit = 100;

    /// <summary>The most instances one Vertex <c>:predict</c> request accepts for <c>text-embedding-*</c> models.</summary>
    internal const int VertexPredictLimit = 250;

    private readonly GeminiConnection _connection;
    private readonly EmbeddingGeneratorMetadata _metadata;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="options">The endpoint, credentials and <see cref="GeminiOptions.DefaultEmbeddingModelId"/>.</param>
    /// <exception cref="ProviderConfigurationException">No API key or Vertex project/credential could be found.</exception>
    public GeminiEmbeddingGenerator(GeminiOptions options)
    {
        _connection = new GeminiConnection(Throw.IfNull(options));
        _metadata = new EmbeddingGeneratorMetadata(_connection.Provider, _connection.Endpoint, options.DefaultEmbeddingModelId);
    }

    /// <inheritdoc />
    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var inputs = values as IReadOnlyList<string> ?? values.ToList();
        var model = options?.ModelId ?? _connection.Options.DefaultEmbeddingModelId;
        if (string.IsNullOrWhiteSpace(model))
        {
            throw new ArgumentException("No embedding model: set EmbeddingGenerationOptions.ModelId or GeminiOptions.DefaultEmbeddingModelId.", nameof(options));
        }

        model = model.StartsWith("models/", StringComparison.Ordinal) ? model["models/".Length..] : model;
        var settings = EmbeddingSettings.From(options);
        var result = new GeneratedEmbeddings<Embedding<float>>(inputs.Count);
        if (inputs.Count == 0)
        {
            return result;
        }

        long tokens = 0;
        var sawTokens = false;
        if (!_connection.IsVertex)
        {
            foreach (var batch in inputs.Chunk(GeminiBatchLimit))
            {
                var request = GeminiEmbeddingMapper.ToBatchRequest(batch, _connection.ModelResource(model), settings);
                var response = await _connection.Transport.SendJsonAsync(
                    HttpMethod.Post, _connection.ModelMethod(model, "batchEmbedContents"), request,
                    GeminiJsonContext.Default.GeminiBatchEmbedRequest, GeminiJsonContext.Default.GeminiBatchEmbedResponse, cancellationToken).ConfigureAwait(false);
                GeminiEmbeddingMapper.AddBatch(response.Value, batch.Length, model, result, _connection.Provider);
            }
        }
        else if (GeminiEmbeddingMapper.UsesPredict(model))
        {
            // gemini-embedding-001 takes a single instance per :predict call on Vertex AI.
            var limit = model.StartsWith("gemini-embedding-001", StringComparison.Ordinal) ? 1 : VertexPredictLimit;
            foreach (var batch in inputs.Chunk(limit))
            {
                var request = GeminiEmbeddingMapper.ToPredictRequest(batch, settings);
                var response = await _connection.Transport.SendJsonAsync(
                    HttpMethod.Post, _connection.ModelMethod(model, "predict"), request,
                    GeminiJsonContext.Default.VertexPredictRequest, GeminiJsonContext.Default.VertexPredictResponse, cancellationToken).ConfigureAwait(false);
                tokens += GeminiEmbeddingMapper.AddPredictions(response.Value, batch.Length, model, result, _connection.Provider, ref sawTokens);
            }
        }
        else
        {
            foreach (var input in inputs)
            {
                var request = GeminiEmbeddingMapper.ToVertexEmbedContent(input, settings);
                var response = await _connection.Transport.SendJsonAsync(
                    HttpMethod.Post, _connection.ModelMethod(model, "embedContent"), request,
                    GeminiJsonContext.Default.GeminiEmbedRequest, GeminiJsonContext.Default.GeminiEmbedResponse, cancellationToken).ConfigureAwait(false);
                result.Add(GeminiEmbeddingMapper.FromEmbedResponse(response.Value, model, _connection.Provider));
                if (response.Value.UsageMetadata?.PromptTokenCount is { } count)
                {
                    tokens += count;
                    sawTokens = true;
                }
            }
        }

        if (sawTokens)
        {
            result.Usage = new UsageDetails { InputTokenCount = tokens, TotalTokenCount = tokens };
        }

        return result;
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == typeof(EmbeddingGeneratorMetadata))
        {
            return _metadata;
        }

        if (serviceType == typeof(GeminiOptions))
        {
            return _connection.Options;
        }

        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <inheritdoc />
    public void Dispose() => _connection.Dispose();
}
