using System;
using System.Collections.Generic;
using System.Globalization;
using LlmAdapters.Cohere.Wire;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Cohere;

/// <summary><c>/v2/embed</c> requests and responses (pure; no I/O).</summary>
internal static class CohereEmbeddingMapper
{
    /// <summary>The <c>input_type</c> sent when none is given: embedding text to store and search later is what an embedding
    /// generator is mostly asked for (vector-store ingestion); queries set <c>search_query</c> per call.</summary>
    public const string DefaultInputType = "search_document";

    /// <summary>Splits the inputs into requests of at most <see cref="CohereConstants.MaxEmbeddingTextsPerRequest"/> texts.</summary>
    public static IEnumerable<IList<string>> Batches(IReadOnlyList<string> inputs)
    {
        const int Size = CohereConstants.MaxEmbeddingTextsPerRequest;
        for (var start = 0; start < inputs.Count; start += Size)
        {
            var count = Math.Min(Size, inputs.Count - start);
            var batch = new string[count];
            for (var i = 0; i < count; i++)
            {
                batch[i] = inputs[start + i];
            }

            yield return batch;
        }
    }

    /// <summary>One request. <c>EmbeddingGenerationOptions.Dimensions</c> is positive by construction (its setter rejects
    /// anything else), so it goes out as <c>output_dimension</c> unchecked.</summary>
    public static CohereEmbedRequest ToWireRequest(IList<string> texts, string model, EmbeddingGenerationOptions? options) => new()
    {
        Model = model,
        Texts = texts,
        InputType = CohereRequestMapper.ReadString(options?.AdditionalProperties, CoherePropertyKeys.InputType) ?? DefaultInputType,
        OutputDimension = options?.Dimensions,
        Truncate = CohereRequestMapper.ReadString(options?.AdditionalProperties, CoherePropertyKeys.Truncate),
    };

    /// <summary>Adds one response's vectors, in input order; a count that does not match the batch is a provider error.</summary>
    public static void AddBatch(CohereEmbedResponse response, int expected, string model, GeneratedEmbeddings<Embedding<float>> into)
    {
        var vectors = response.Embeddings?.Float ?? [];
        if (vectors.Count != expected)
        {
            throw new ProviderException(
                string.Create(CultureInfo.InvariantCulture, $"cohere returned {vectors.Count} float embeddings for {expected} inputs. Check that '{model}' is an embedding model; retry if it is."),
                new ProviderErrorDetails(CohereConstants.ProviderName, IsRetryable: true));
        }

        foreach (var vector in vectors)
        {
            into.Add(new Embedding<float>(vector) { ModelId = model });
        }
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
