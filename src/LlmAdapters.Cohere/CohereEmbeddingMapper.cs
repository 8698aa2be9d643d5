using System;
using System.Collections.Generic;
using LlmAdapters.Cohere.Wire;
using LlmAdapters.Providers;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Cohere;

/// <summary><c>/v2/embed</c> requests and responses (pure; no I/O).</summary>
internal static class CohereEmbeddingMapper
{
    /// <summary>The <c>input_type</c> sent when none is given: embedding text to store and search later is what an embedding
    /// generator is mostly asked for (vector-store ingestion); queries set <c>search_query</c> per call.</summary>
    public const string DefaultInputType = "search_document";

    /// <summary>One request. <c>EmbeddingGenerationOptions.Dimensions</c> is positive by construction (its setter rejects
    /// anything else), so it goes out as <c>output_dimension</c> unchecked.</summary>
    public static CohereEmbedRequest ToWireRequest(IReadOnlyList<string> texts, string model, EmbeddingGenerationOptions? options) => new()
    {
        Model = model,
        Texts = texts as IList<string> ?? [.. texts],
        InputType = CohereRequestMapper.ReadString(options?.AdditionalProperties, CoherePropertyKeys.InputType) ?? DefaultInputType,
        OutputDimension = options?.Dimensions,
        Truncate = CohereRequestMapper.ReadString(options?.AdditionalProperties, CoherePropertyKeys.Truncate),
    };

    /// <summary>One response's <c>float</c> vectors in input order (the engine checks their count against the batch) and its
    /// usage.</summary>
    public static EmbeddingBatch FromWireResponse(CohereEmbedResponse response, string model)
    {
        ArgumentNullException.ThrowIfNull(response);
        var vectors = response.Embeddings?.Float ?? [];
        var embeddings = new Embedding<float>[vectors.Count];
        for (var i = 0; i < embeddings.Length; i++)
        {
            embeddings[i] = new Embedding<float>(vectors[i]) { ModelId = model };
        }

        return new EmbeddingBatch(embeddings, ToUsage(InputTokens(response), BilledInputTokens(response)));
    }

    /// <summary>The input tokens of one response: <c>meta.tokens.input_tokens</c> when sent, otherwise the billed input
    /// (for embeddings the two are the same text tokens); null when the response has neither.</summary>
    public static long? InputTokens(CohereEmbedResponse response) =>
        Count(response.Meta?.Tokens?.InputTokens) ?? Count(response.Meta?.BilledUnits?.InputTokens);

    public static long? BilledInputTokens(CohereEmbedResponse response) => Count(response.Meta?.BilledUnits?.InputTokens);

    public static UsageDetails? ToUsage(long? input, long? billed)
    {
        if (input is null && billed is null)
        {
            return null;
        }

        var usage = new UsageDetails { InputTokenCount = input, TotalTokenCount = input };
        if (billed is { } b)
        {
            usage.AdditionalCounts = new() { [AdditionalPropertyKeys.BilledInputTokens] = b };
        }

        return usage;
    }

    private static long? Count(double? value) => value is { } v && double.IsFinite(v) ? (long)Math.Round(v) : null;
}
