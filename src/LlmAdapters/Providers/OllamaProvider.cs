using System;
using LlmAdapters.Ollama;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Providers;

/// <summary>
/// <c>ollama:MODEL</c>: Ollama's native API (<c>/api/chat</c>, <c>/api/embed</c>). The server is the settings' endpoint, else
/// <c>OLLAMA_HOST</c>, else <c>http://localhost:11434/</c>; no key is needed, but <c>OLLAMA_API_KEY</c> is sent as a bearer
/// token when set (hosted Ollama). The OpenAI-compatible API of the same server stays reachable as <c>ollama-openai:MODEL</c>.
/// </summary>
internal sealed class OllamaProvider : LlmProviderDescriptor
{
    public override LlmProviderInfo Info { get; } = new(
        "ollama",
        "Ollama",
        OllamaConstants.ProviderName,
        OllamaConstants.ApiKeyEnvironmentVariable,
        RequiresApiKey: false,
        DefaultModelId: "llama3.2",
        DefaultEmbeddingModelId: "nomic-embed-text",
        SupportsEmbeddings: true);

    // The adapter appends api/chat itself.
    public override Uri EmulatorEndpoint(Uri emulatorBase) => emulatorBase;

    /// <summary>The key from <c>OLLAMA_API_KEY</c> and the server from <c>OLLAMA_HOST</c>, read through
    /// <paramref name="environment"/>, when the settings name neither.</summary>
    public override void ApplyEnvironment(LlmProviderSettings settings, Func<string, string?> environment)
    {
        base.ApplyEnvironment(settings, environment);
        if (settings.Endpoint is null && environment(OllamaConstants.HostEnvironmentVariable) is { } host && !string.IsNullOrWhiteSpace(host))
        {
            settings.Endpoint = OllamaProtocol.ParseHost(host);
        }
    }

    /// <summary>Without <c>OLLAMA_HOST</c> the server is expected on this machine, at the default address; with it, the user has
    /// named the server, and it is used as named.</summary>
    public override Uri? LocalServer(Func<string, string?> environment) =>
        string.IsNullOrWhiteSpace(environment(OllamaConstants.HostEnvironmentVariable)) ? new Uri(OllamaConstants.DefaultEndpoint) : null;

    public override IChatClient CreateChatClient(string model, LlmProviderSettings settings) =>
        new OllamaChatClient(settings.ApplyTo(new OllamaOptions { DefaultModelId = model }));

    public override IEmbeddingGenerator<string, Embedding<float>>? CreateEmbeddingGenerator(string model, LlmProviderSettings settings) =>
        new OllamaEmbeddingGenerator(settings.ApplyTo(new OllamaOptions { DefaultModelId = model }));
}
