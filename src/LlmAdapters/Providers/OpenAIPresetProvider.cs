using LlmAdapters.OpenAI;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Providers;

/// <summary>OpenAI and each OpenAI-compatible preset (Groq, OpenRouter, DeepSeek, Mistral, xAI, Together, LM Studio, and
/// Ollama's compatible API as <c>ollama-openai</c>).</summary>
/// <param name="preset">The preset.</param>
/// <param name="name">The spec name when it is not the preset's own (the preset's name belongs to a native adapter).</param>
/// <param name="displayName">The display name that goes with <paramref name="name"/>.</param>
internal sealed class OpenAIPresetProvider(OpenAIPreset preset, string? name = null, string? displayName = null) : LlmProviderDescriptor
{
    public override LlmProviderInfo Info { get; } = new(
        name ?? preset.Name,
        displayName ?? preset.DisplayName,
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
