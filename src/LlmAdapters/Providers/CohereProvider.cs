using System;
using LlmAdapters.Cohere;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Providers;

/// <summary><c>cohere:MODEL</c>: Cohere's v2 API with a key from settings, <c>COHERE_API_KEY</c> or <c>CO_API_KEY</c>.</summary>
internal sealed class CohereProvider : LlmProviderDescriptor
{
    public override LlmProviderInfo Info { get; } = new(
        "cohere",
        "Cohere",
        CohereConstants.ProviderName,
        CohereConstants.ApiKeyEnvironmentVariable,
        RequiresApiKey: true,
        DefaultModelId: "command-a-03-2025",
        DefaultEmbeddingModelId: "embed-v4.0",
        SupportsEmbeddings: true);

    // The adapter appends v2/chat and v2/embed itself.
    public override Uri EmulatorEndpoint(Uri emulatorBase) => emulatorBase;

    // Cohere's own SDKs read CO_API_KEY; it is honoured when COHERE_API_KEY is not set.
    public override void ApplyEnvironment(LlmProviderSettings settings, Func<string, string?> environment)
    {
        if (string.IsNullOrWhiteSpace(settings.ApiKey))
        {
            var key = environment(CohereConstants.ApiKeyEnvironmentVariable);
            settings.ApiKey = string.IsNullOrWhiteSpace(key) ? environment(CohereConstants.AlternateApiKeyEnvironmentVariable) : key;
        }
    }

    public override IChatClient CreateChatClient(string model, LlmProviderSettings settings) =>
        new CohereChatClient(settings.ApplyTo(new CohereOptions { DefaultModelId = model }));

    public override IEmbeddingGenerator<string, Embedding<float>>? CreateEmbeddingGenerator(string model, LlmProviderSettings settings) =>
        new CohereEmbeddingGenerator(settings.ApplyTo(new CohereOptions { DefaultModelId = model }));
}
