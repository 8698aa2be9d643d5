using System;
using LlmAdapters.Gemini;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Providers;

/// <summary><c>gemini:MODEL</c>: the Gemini API with an API key (GEMINI_API_KEY or GOOGLE_API_KEY).</summary>
internal sealed class GeminiProvider : LlmProviderDescriptor
{
    public override LlmProviderInfo Info { get; } = new(
        "gemini",
        "Google Gemini API",
        GeminiConstants.GeminiProviderName,
        GeminiConstants.ApiKeyEnvironmentVariable,
        RequiresApiKey: true,
        DefaultModelId: "gemini-2.5-flash",
        DefaultEmbeddingModelId: "gemini-embedding-001",
        SupportsEmbeddings: true);

    // The adapter appends v1beta/models/… itself.
    public override Uri EmulatorEndpoint(Uri emulatorBase) => emulatorBase;

    public override IChatClient CreateChatClient(string model, LlmProviderSettings settings) =>
        new GeminiChatClient(CreateOptions(model, settings));

    public override IEmbeddingGenerator<string, Embedding<float>>? CreateEmbeddingGenerator(string model, LlmProviderSettings settings) =>
        new GeminiEmbeddingGenerator(CreateOptions(model, settings, embeddings: true));

    /// <summary>Options for either back end: <paramref name="vertex"/> null selects the Gemini API.</summary>
    internal static GeminiOptions CreateOptions(string model, LlmProviderSettings settings, bool embeddings = false, GeminiVertexOptions? vertex = null)
    {
        var options = settings.ApplyTo(new GeminiOptions { ApiVersion = settings.ApiVersionOrNull(), Vertex = vertex });
        if (embeddings)
        {
            options.DefaultEmbeddingModelId = model;
        }
        else
        {
            options.DefaultModelId = model;
        }

        return options;
    }
}
