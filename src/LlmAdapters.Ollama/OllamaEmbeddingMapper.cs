using System;
using System.Collections.Generic;
using LlmAdapters.Ollama.Wire;
using LlmAdapters.Providers;
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

    /// <summary>The vectors in input order (the engine checks their count against the inputs), the input tokens as usage, and
    /// the timings under <see cref="OllamaPropertyKeys"/>.</summary>
    public static EmbeddingBatch FromWireResponse(OllamaEmbedResponse response, string model)
    {
        ArgumentNullException.ThrowIfNull(response);
        var vectors = response.Embeddings ?? [];
        var embeddings = new Embedding<float>[vectors.Count];
        for (var i = 0; i < embeddings.Length; i++)
        {
            embeddings[i] = new Embedding<float>(vectors[i]) { ModelId = response.Model ?? model };
        }

        var usage = response.PromptEvalCount is { } tokens ? new UsageDetails { InputTokenCount = tokens, TotalTokenCount = tokens } : null;
        var properties = new AdditionalPropertiesDictionary();
        OllamaResponseMapper.Add(properties, OllamaPropertyKeys.TotalDuration, response.TotalDuration);
        OllamaResponseMapper.Add(properties, OllamaPropertyKeys.LoadDuration, response.LoadDuration);
        return new EmbeddingBatch(embeddings, usage, properties.Count == 0 ? null : properties);
    }
}
