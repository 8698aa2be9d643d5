using System;
using System.Collections.Generic;
using LlmAdapters.Ollama.Wire;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Ollama;

/// <summary><c>/api/embed</c> requests and responses (pure; no I/O). Every input goes in one request: <c>input</c> is an
/// array and the server embeds the batch itself.</summary>
internal static class OllamaEmbeddingMapper
{
    /// <summary><c>Dimensions</c> → <c>dimensions</c>; <see cref="OllamaPropertyKeys.Truncate"/>,
    /// <see cref="OllamaPropertyKeys.KeepAlive"/> and the runtime keys (<see cref="OllamaPropertyKeys.NumCtx"/> …) as for chat.</summary>
    public static OllamaEmbedRequest ToWireRequest(IReadOnlyList<string> inputs, EmbeddingGenerationOptions? options, string model)
    {
        var extra = options?.AdditionalProperties;
        var runtime = OllamaRequestMapper.RuntimeOptions(extra);
        return new OllamaEmbedRequest
        {
            Model = model,
            Input = [.. inputs],
            Dimensions = options?.Dimensions,
            Truncate = OllamaRequestMapper.Bool(extra, OllamaPropertyKeys.Truncate),
            KeepAlive = OllamaRequestMapper.KeepAlive(extra),
            Options = runtime.IsEmpty ? null : runtime,
        };
    }

    /// <summary>The vectors in input order, the input tokens as usage, and the timings under <see cref="OllamaPropertyKeys"/>.</summary>
    public static GeneratedEmbeddings<Embedding<float>> FromWireResponse(OllamaEmbedResponse response, int expected, string model)
    {
        ArgumentNullException.ThrowIfNull(response);
        var vectors = response.Embeddings ?? [];
        if (vectors.Count != expected)
        {
            throw new ProviderException(
                $"{OllamaConstants.ProviderName} returned {vectors.Count} embeddings for {expected} inputs. Check that '{model}' is an embedding model " +
                "(`ollama show` lists its capabilities); if it is, retry with fewer inputs per call.",
                new ProviderErrorDetails(OllamaConstants.ProviderName));
        }

        var result = new GeneratedEmbeddings<Embedding<float>>(vectors.Count);
        foreach (var vector in vectors)
        {
            result.Add(new Embedding<float>(vector) { ModelId = response.Model ?? model });
        }

        if (response.PromptEvalCount is { } tokens)
        {
            result.Usage = new UsageDetails { InputTokenCount = tokens, TotalTokenCount = tokens };
        }

        var properties = new AdditionalPropertiesDictionary { [AdditionalPropertyKeys.OriginProvider] = OllamaConstants.ProviderName };
        OllamaResponseMapper.Add(properties, OllamaPropertyKeys.TotalDuration, response.TotalDuration);
        OllamaResponseMapper.Add(properties, OllamaPropertyKeys.LoadDuration, response.LoadDuration);
        result.AdditionalProperties = properties;
        return result;
    }
}
