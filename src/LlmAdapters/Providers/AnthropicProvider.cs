using System;
using LlmAdapters.Anthropic;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Providers;

/// <summary><c>anthropic:MODEL</c>: the Messages API. Anthropic has no embeddings endpoint.</summary>
internal sealed class AnthropicProvider : LlmProviderDescriptor
{
    public override LlmProviderInfo Info { get; } = new(
        "anthropic",
        "Anthropic",
        AnthropicConstants.ProviderName,
        AnthropicConstants.ApiKeyEnvironmentVariable,
        RequiresApiKey: true,
        DefaultModelId: "claude-sonnet-4-5",
        DefaultEmbeddingModelId: null,
        SupportsEmbeddings: false);

    // The adapter appends v1/messages itself.
    public override Uri EmulatorEndpoint(Uri emulatorBase) => emulatorBase;

    public override IChatClient CreateChatClient(string model, LlmProviderSettings settings)
    {
        var options = settings.ApplyTo(new AnthropicOptions { DefaultModelId = model });
        if (settings.ApiVersionOrNull() is { } version)
        {
            options.ApiVersion = version;
        }

        return new AnthropicChatClient(options);
    }
}
