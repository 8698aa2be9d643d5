using System.Collections.Generic;
using LlmAdapters.OpenAI.Wire;
using LlmAdapters.Providers;
using Microsoft.Extensions.AI;

namespace LlmAdapters.OpenAI;

/// <summary>Embedding requests and responses of <c>/embeddings</c>. Pure.</summary>
internal static class OpenAIEmbeddingMapper
{
    public static EmbeddingRequest ToWireRequest(IReadOnlyList<string> inputs, EmbeddingGenerationOptions? options, string model, OpenAICompatibility compatibility) => new()
    {
        Model = model,
        Input = inputs as IList<string> ?? [.. inputs],
        Dimensions = options?.Dimensions,

        // base64 float32 is a quarter of the bytes of decimal text; servers that lack it take the default.
        EncodingFormat = compatibility.EmbeddingsAsBase64 ? "base64" : null,
    };

    /// <summary>The vectors in input order (the API tags each with its input's index) and the usage.</summary>
    public static EmbeddingBatch FromWireResponse(EmbeddingResponse response, string provider)
    {
        var data = response.Data ?? [];
        var ordered = new Embedding<float>[data.Count];
        foreach (var item in data)
        {
            if (item.Index < 0 || item.Index >= data.Count || item.Embedding is null || ordered[item.Index] is not null)
            {
                throw new ProviderException(
                    $"{provider} returned an embedding with index {item.Index} among {data.Count}. Check that the endpoint and model serve embeddings.",
                    new ProviderErrorDetails(provider));
            }

            ordered[item.Index] = new Embedding<float>(item.Embedding) { ModelId = response.Model };
        }

        UsageDetails? usage = response.Usage is { } wire
            ? new UsageDetails { InputTokenCount = wire.PromptTokens ?? 0, TotalTokenCount = wire.TotalTokens ?? wire.PromptTokens ?? 0 }
            : null;
        return new EmbeddingBatch(ordered, usage);
    }
}
