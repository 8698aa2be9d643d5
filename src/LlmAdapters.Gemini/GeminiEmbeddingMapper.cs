using System;
using System.Collections.Generic;
using System.Linq;
using LlmAdapters.Gemini.Wire;
using LlmAdapters.Providers;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Gemini;

/// <summary>The embedding settings read from <see cref="EmbeddingGenerationOptions"/>.</summary>
internal readonly record struct GeminiEmbeddingSettings(int? Dimensions, string? TaskType, string? Title, bool? AutoTruncate)
{
    public static GeminiEmbeddingSettings From(EmbeddingGenerationOptions? options)
    {
        if (options is null)
        {
            return default;
        }

        var extra = options.AdditionalProperties;
        return new GeminiEmbeddingSettings(
            options.Dimensions,
            extra?.TryGetValue(GeminiPropertyKeys.TaskType, out var t) == true ? t?.ToString() : null,
            extra?.TryGetValue(GeminiPropertyKeys.Title, out var title) == true ? title?.ToString() : null,
            extra?.TryGetValue(GeminiPropertyKeys.AutoTruncate, out var a) == true && a is bool b ? b : null);
    }
}

/// <summary>The wire forms of a Gemini embeddings call.</summary>
internal enum GeminiEmbeddingForm
{
    /// <summary>Gemini API: <c>batchEmbedContents</c>, up to 100 inputs.</summary>
    BatchEmbedContents,

    /// <summary>Vertex AI <c>:predict</c> (<c>text-embedding-*</c>, <c>text-multilingual-embedding-*</c>, <c>gemini-embedding-001</c>).</summary>
    Predict,

    /// <summary>Vertex AI <c>embedContent</c> for newer Gemini embedding models, one input per request.</summary>
    EmbedContent,
}

/// <summary>Embedding requests and responses for both back ends. Pure.</summary>
internal static class GeminiEmbeddingMapper
{
    /// <summary>The most inputs one <c>batchEmbedContents</c> request accepts.</summary>
    public const int GeminiBatchLimit = 100;

    /// <summary>The most instances one Vertex <c>:predict</c> request accepts for <c>text-embedding-*</c> models.</summary>
    public const int VertexPredictLimit = 250;

    public static GeminiEmbeddingForm FormOf(string model, bool vertex) =>
        !vertex ? GeminiEmbeddingForm.BatchEmbedContents
        : UsesPredict(model) ? GeminiEmbeddingForm.Predict
        : GeminiEmbeddingForm.EmbedContent;

    /// <summary>Vertex serves <c>text-embedding-*</c>, <c>text-multilingual-embedding-*</c> and <c>gemini-embedding-001</c> through <c>:predict</c>.</summary>
    public static bool UsesPredict(string model) =>
        model.StartsWith("text-", StringComparison.Ordinal)
        || model.StartsWith("textembedding-", StringComparison.Ordinal)
        || model.StartsWith("gemini-embedding-001", StringComparison.Ordinal);

    public static int MaxInputs(GeminiEmbeddingForm form, string model) => form switch
    {
        GeminiEmbeddingForm.BatchEmbedContents => GeminiBatchLimit,

        // gemini-embedding-001 takes a single instance per :predict call on Vertex AI.
        GeminiEmbeddingForm.Predict => model.StartsWith("gemini-embedding-001", StringComparison.Ordinal) ? 1 : VertexPredictLimit,
        _ => 1,
    };

    public static string Method(GeminiEmbeddingForm form) => form switch
    {
        GeminiEmbeddingForm.BatchEmbedContents => "batchEmbedContents",
        GeminiEmbeddingForm.Predict => "predict",
        _ => "embedContent",
    };

    public static GeminiBatchEmbedRequest ToBatchRequest(IEnumerable<string> inputs, string modelResource, GeminiEmbeddingSettings settings) => new()
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

    public static VertexPredictRequest ToPredictRequest(IEnumerable<string> inputs, GeminiEmbeddingSettings settings) => new()
    {
        Instances = inputs.Select(text => new VertexEmbedInstance { Content = text, TaskType = settings.TaskType, Title = settings.Title }).ToList(),
        Parameters = settings.Dimensions is null && settings.AutoTruncate is null
            ? null
            : new VertexEmbedParameters { OutputDimensionality = settings.Dimensions, AutoTruncate = settings.AutoTruncate },
    };

    public static GeminiEmbedRequest ToVertexEmbedContent(string input, GeminiEmbeddingSettings settings) => new()
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

    /// <summary><c>batchEmbedContents</c> reports no usage.</summary>
    public static EmbeddingBatch FromWireResponse(GeminiBatchEmbedResponse response) =>
        new([.. (response.Embeddings ?? []).Select(e => new Embedding<float>(e.Values ?? []))], null);

    public static EmbeddingBatch FromWireResponse(VertexPredictResponse response)
    {
        var predictions = response.Predictions ?? [];
        var embeddings = new Embedding<float>[predictions.Count];
        long? tokens = null;
        for (var i = 0; i < predictions.Count; i++)
        {
            var values = predictions[i].Embeddings;
            embeddings[i] = new Embedding<float>(values?.Values ?? []);
            if (values?.Statistics?.TokenCount is { } count)
            {
                tokens = (tokens ?? 0) + (long)count;
            }
        }

        return new EmbeddingBatch(embeddings, Usage(tokens));
    }

    public static EmbeddingBatch FromWireResponse(GeminiEmbedResponse response) =>
        new(response.Embedding is { } e ? [new Embedding<float>(e.Values ?? [])] : [], Usage(response.UsageMetadata?.PromptTokenCount));

    private static UsageDetails? Usage(long? tokens) => tokens is { } t ? new UsageDetails { InputTokenCount = t, TotalTokenCount = t } : null;

    private static GeminiContent TextContent(string text) => new() { Parts = [new GeminiPart { Text = text }] };
}
