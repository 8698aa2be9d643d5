using System.Collections.Generic;
using LlmAdapters.Testing.Dialects.Anthropic;
using LlmAdapters.Testing.Dialects.Cohere;
using LlmAdapters.Testing.Dialects.Gemini;
using LlmAdapters.Testing.Dialects.Ollama;
using LlmAdapters.Testing.Dialects.OpenAI;
using LlmAdapters.Testing.Dialects.OpenAIResponses;

namespace LlmAdapters.Testing;

/// <summary>The dialects an emulator serves when <see cref="ProviderEmulatorOptions.Dialects"/> is not set.</summary>
public static class BuiltInDialects
{
    /// <summary>Creates a fresh set of the built-in dialects (dialects hold state such as caches and issued tokens, so every
    /// emulator gets its own), in the order they are asked whether they serve a request: the dialects with the narrowest
    /// paths first, OpenAI's suffix matching (<c>…/chat/completions</c>, <c>…/models</c>) last.</summary>
    /// <returns>The dialects, in order.</returns>
    public static IReadOnlyList<EmulatorDialect> Create() =>
    [
        new OllamaDialect(),
        new GeminiDialect(),
        new AnthropicDialect(),
        new CohereDialect(),
        new OpenAIResponsesDialect(),
        new OpenAIDialect(),
    ];
}
