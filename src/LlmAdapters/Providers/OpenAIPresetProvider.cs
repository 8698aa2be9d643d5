using LlmAdapters.OpenAI;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Providers;

/// <summary>OpenAI and each OpenAI-compatible preset (Groq, OpenRouter, DeepSeek, Mistral, xAI, Together, LM Studio, Ollama).</summary>
internal sealed class OpenAIPresetProvider(OpenAIPreset preset) : LlmProviderDescriptor
{
    public override LlmProviderInfo Info { get; } = new(
        preset.Name,
        preset.DisplayName,
        preset.ProviderName,
        preset.ApiKeyEnvironmentVariable,
        preset.RequiresApiKey,
        preset.DefaultModelId,
        preset.DefaultEmbeddingModelId,
        preset.SupportsEmbeddings);

    public override IChatClient CreateChatClient(string model, LlmProviderSettings settings) =>
        new OpenAIChatClient(CreateOptions(model, settings));

    public override IEmbeddingGenerator<string, Embedding<float>>? CreateEmbeddingGenerator(string model, LlmProviderSettings settings) =>
        new OpenAIEmbeddingGenerator(CreateOptions(model, settings));

    private OpenAIOptions CreateOptions(string model, LlmProviderSettings settings) =>
        settings.ApplyTo(preset.CreateOptions(model, settings.ApiKey));
}
