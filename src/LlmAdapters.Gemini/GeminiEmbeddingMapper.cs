using LlmAdapters.Gemini.Wire;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Gemini;

/// <summary>The embedding settings read from <see cref="EmbeddingGenerationOptions"/>.</summary>
internal readonly record struct EmbeddingSettings(int? Dimensions, string? TaskType, string? Title, bool? AutoTruncate)
{
    public static EmbeddingSettings From(EmbeddingGenerationOptions? options)
    {
        if (options is null)
        {
            return default;
        }

        var extra = options.AdditionalProperties;
        return new EmbeddingSettings(
            options.Dimensions,
            extra?.TryGetValue(GeminiPropertyKeys.TaskType, out var t) == true ? t?.ToString() : null,
            extra?.TryGetValue(GeminiPropertyKeys.Title, out var title) == true ? title?.ToString() : null,
            extra?.TryGetValue(GeminiPropertyKeys.AutoTruncate, out var a) == true && a is bool b ? b : null);
    }
}

/// <summary>Embedding requests and responses for both back ends. Pure.</summary>
internal static class GeminiEmbeddingMapper
{
    /// <summary>Vertex serves <c>text-embedding-*</c>, <c>text-multilingual-embedding-*</c> and <c>gemini-embedding-001</c> through <c>:predict</c>.</summary>
    public static bool UsesPredict(string model) =>
        model.StartsWith("text-", StringComparison.Ordinal)
        || model.StartsWith("textembedding-", StringComparison.Ordinal)
        || model.StartsWith("gemini-embedding-001", StringComparison.Ordinal);

    public static GeminiBatchEmbedRequest ToBatchRequest(IEnumerable<string> inputs, string modelResource, EmbeddingSettings settings) => new()
    {
        Requests = inputs.Select(text => new GeminiEmbedRequest
        {
            Model = modelResource,
            Content = TextContent(text),
            TaskType = settings.TaskType,
            Title = settings.Title,
            OutputDimensionality = settings.Dimensions,
        }).ToList(),
    };

    public static VertexPredictRequest ToPredictRequest(IEnumerable<string> inputs, EmbeddingSettings settings) => new()
    {
        Instances = inputs.Select(text => new VertexEmbedInstance { Content = text, TaskType = settings.TaskType, Title = settings.Title }).ToList(),
        Parameters = settings.Dimensions is null && settings.AutoTruncate is null
            ? null
            : new VertexEmbedParameters { OutputDimensionality = settings.Dimensions, AutoTruncate = settings.AutoTruncate },
    };

    public static GeminiEmbedRequest ToVertexEmbedContent(string input, EmbeddingSettings settings) => new()
    {
        Content = TextContent(input),
        EmbedContentConfig = settings == default
            ? null
            : new GeminiEmbedContentConfig
            {
                TaskType = settings.TaskType,
                Title = settings.Title,
                OutputDimensionality = settings.Dimensions,
                AutoTruncate = settings.AutoTruncate,
            },
    };

    public static void AddBatch(GeminiBatchEmbedResponse response, int expected, string model, GeneratedEmbeddings<Embedding<float>> into, string provider)
    {
        var embeddings = response.Embeddings ?? [];
        CheckCount(embeddings.Count, expected, provider);
        foreach (var e in embeddings)
        {
            into.Add(new Embedding<float>(e.Values ?? []) { ModelId = model });
        }
    }

    public static long AddPredictions(VertexPredictResponse response, int expected, string model, GeneratedEmbeddings<Embedding<float>> into, string provider, ref bool sawTokens)
    {
        var predictions = response.Predictions ?? [];
        CheckCount(predictions.Count, expected, provider);
        long tokens = 0;
        foreach (var p in predictions)
        {
            into.Add(new Embedding<float>(p.Embeddings?.Values ?? []) { ModelId = model });
            if (p.Embeddings?.Statistics?.TokenCount is { } count)
            {
                tokens += (long)count;
                sawTokens = true;
            }
        }

        return tokens;
    }

    public static Embedding<float> FromEmbedResponse(GeminiEmbedResponse response, string model, string provider)
    {
        CheckCount(response.Embedding is null ? 0 : 1, 1, provider);
        return new Embedding<float>(response.Embedding!.Values ?? []) { ModelId = model };
    }

    private static GeminiContent TextContent(string text) => new() { Parts = [new GeminiPart { Text = text }] };

    private static void CheckCount(int actual, int expected, string provider)
    {
        if (actual != expected)
        {
            throw new ProviderException(
                $"{provider} returned {actual} embeddings for {expected} inputs. Retry the request; if it persists, embed the inputs in smaller batches.",
                new ProviderErrorDetails(provider, IsRetryable: true));
        }
    }
}
