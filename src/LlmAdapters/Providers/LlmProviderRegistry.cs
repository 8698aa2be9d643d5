using System;
using System.Collections.Generic;
using System.Linq;
using LlmAdapters.OpenAI;

namespace LlmAdapters.Providers;

/// <summary>Every provider the factory resolves, in the order <see cref="LlmClientFactory.Providers"/> lists them.</summary>
internal static class LlmProviderRegistry
{
    /// <summary>The providers; adding one is a file under <c>Providers/</c> plus one entry here.</summary>
    public static IReadOnlyList<LlmProviderDescriptor> All { get; } =
    [
        .. OpenAIPresets.All.Where(preset => preset != OpenAIPresets.Ollama).Select(preset => new OpenAIPresetProvider(preset)),
        new OllamaProvider(),

        // The same server's OpenAI-compatible /v1 API, for code written against it.
        new OpenAIPresetProvider(OpenAIPresets.Ollama, "ollama-openai", "Ollama (OpenAI-compatible API)"),
        new AzureOpenAIProvider(),
        new OpenAIResponsesProvider(),
        new AnthropicProvider(),
        new GeminiProvider(),
        new VertexProvider(),
        new CohereProvider(),
    ];

    public static LlmProviderDescriptor? Find(string name)
    {
        foreach (var descriptor in All)
        {
            if (string.Equals(descriptor.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return descriptor;
            }
        }

        return null;
    }
}
