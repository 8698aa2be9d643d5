using LlmAdapters.OpenAI;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Providers;

/// <summary>OpenAI through the Responses API (<c>openai-responses:gpt-5-mini</c>): the same endpoint, key and settings keys as
/// <c>openai</c>, answered by <see cref="OpenAIResponsesChatClient"/>; embeddings use the ordinary embeddings endpoint.</summary>
internal sealed class OpenAIResponsesProvider : LlmProviderDescriptor
{
    /// <summary>The spec name.</summary>
    public const string SpecName = "openai-responses";

    public override LlmProviderInfo Info { get; } = new(
        SpecName,
        "OpenAI (Responses API)",
        OpenAIPresets.OpenAI.ProviderName,
        OpenAIPresets.OpenAI.ApiKeyEnvironmentVariable,
        RequiresApiKey: true,
        DefaultModelId: "gpt-5-mini",
        OpenAIPresets.OpenAI.DefaultEmbeddingModelId,
        SupportsEmbeddings: true);

    public override IChatClient CreateChatClient(string model, LlmProviderSettings settings) =>
        new OpenAIResponsesChatClient(CreateOptions(model, settings));

    public override IEmbeddingGenerator<string, Embedding<float>>? CreateEmbeddingGenerator(string model, LlmProviderSettings settings) =>
        new OpenAIEmbeddingGenerator(CreateOptions(model, settings));

    private static OpenAIOptions CreateOptions(string model, LlmProviderSettings settings) =>
        settings.ApplyTo(OpenAIPresets.OpenAI.CreateOptions(model, settings.ApiKey));
}
