using LlmAdapters.OpenAI.Wire;
using Microsoft.Extensions.AI;

namespace LlmAdapters.OpenAI;

/// <summary>
/// An <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> for the OpenAI <c>/embeddings</c> endpoint and compatible
/// servers. Vectors travel as base64 float32 (decoded here) and inputs beyond the endpoint's limit are sent in batches.
/// </summary>
public sealed class OpenAIEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly OpenAIProtocol _connection;
    private readonly EmbeddingGeneratorMetadata _metadata;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="options">The endpoint, credentials and default model (for example <c>text-embedding-3-small</c>).</param>
    /// <exception cref="ProviderConfigurationException">No API key in the options or the environment.</exception>
    public OpenAIEmbeddingGenerator(OpenAIOptions options)
    {
        Options = Throw.IfNull(options);
        _connection = OpenAIProtocol.Create(options);
        _metadata = new EmbeddingGeneratorMetadata(options.ProviderName, _connection.Endpoint, options.DefaultModelId);
    }

    /// <summary>Gets the options this generator was created with.</summary>
    public OpenAIOptions Options { get; }

    /// <inheritdoc />
    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        Throw.IfNull(values);
        var inputs = values as IList<string> ?? [.. values];
        var model = options?.ModelId ?? Options.DefaultModelId ?? Options.AzureDeployment
            ?? throw new ProviderConfigurationException($"No embedding model for {Options.ProviderName}: set EmbeddingGenerationOptions.ModelId or OpenAIOptions.DefaultModelId.");
        for (var i = 0; i < inputs.Count; i++)
        {
            if (string.IsNullOrEmpty(inputs[i]))
            {
                throw new ArgumentException($"Input {i} is empty; the embeddings endpoint rejects empty strings.", nameof(values));
            }
        }

        if (options?.Dimensions is <= 0)
        {
            throw new ArgumentException("EmbeddingGenerationOptions.Dimensions must be positive.", nameof(options));
        }

        var result = new GeneratedEmbeddings<Embedding<float>>(inputs.Count);
        var batch = Options.Compatibility.MaxEmbeddingInputs;
        long? inputTokens = null, totalTokens = null;
        for (var start = 0; start < inputs.Count; start += batch)
        {
            var count = Math.Min(batch, inputs.Count - start);
            var slice = start == 0 && count == inputs.Count ? inputs : new ArraySegment<string>([.. inputs], start, count);
            var request = new EmbeddingRequest
            {
                Model = model,
                Input = slice,
                Dimensions = options?.Dimensions,
                EncodingFormat = Options.Compatibility.EmbeddingsAsBase64 ? "base64" : null,
            };
            var response = await _connection.Transport.SendJsonAsync(
                HttpMethod.Post,
                _connection.EmbeddingsUri,
                request,
                OpenAIJsonContext.Default.EmbeddingRequest,
                OpenAIJsonContext.Default.EmbeddingResponse,
                cancellationToken).ConfigureAwait(false);
            AddBatch(result, response.Value, start, count);
            if (response.Value.Usage is { } usage)
            {
                inputTokens = (inputTokens ?? 0) + (usage.PromptTokens ?? 0);
                totalTokens = (totalTokens ?? 0) + (usage.TotalTokens ?? usage.PromptTokens ?? 0);
            }

            if (start == 0)
            {
                result.AdditionalProperties = [];
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

        if (inputTokens is not null)
        {
            result.Usage = new UsageDetails { InputTokenCount = inputTokens, TotalTokenCount = totalTokens };
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

        if (serviceType == typeof(OpenAIOptions))
        {
            return Options;
        }

        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <inheritdoc />
    public void Dispose() => _connection.Dispose();

    private void AddBatch(GeneratedEmbeddings<Embedding<float>> result, EmbeddingResponse response, int start, int count)
    {
        var data = response.Data ?? [];
        if (data.Count != count)
        {
            throw new ProviderException(
                $"{Options.ProviderName} returned {data.Count} embeddings for {count} inputs. Check that the endpoint and model serve embeddings.",
                new ProviderErrorDetails(Options.ProviderName));
        }

        var ordered = new Embedding<float>[count];
        foreach (var item in data)
        {
            if (item.Index < 0 || item.Index >= count || item.Embedding is null)
            {
                throw new ProviderException(
                    $"{Options.ProviderName} returned an embedding with index {item.Index} for a batch of {count} inputs.",
                    new ProviderErrorDetails(Options.ProviderName));
            }

            ordered[item.Index] = new Embedding<float>(item.Embedding) { ModelId = response.Model };
        }

        _ = start;
        result.AddRange(ordered);
    }
}
