using System;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Providers;

/// <summary>
/// One provider the factory knows: its public facts and how to build its clients from <see cref="LlmProviderSettings"/>.
/// Each provider lives in its own file under <c>Providers/</c> and is listed once in <see cref="LlmProviderRegistry"/>.
/// </summary>
internal abstract class LlmProviderDescriptor
{
    public abstract LlmProviderInfo Info { get; }

    public string Name => Info.Name;

    /// <summary>Builds a chat client for <paramref name="model"/>; throws <see cref="ProviderConfigurationException"/> when a key or endpoint is missing.</summary>
    public abstract IChatClient CreateChatClient(string model, LlmProviderSettings settings);

    /// <summary>The endpoint that reaches this provider's dialect on a <c>ProviderEmulator</c> at <paramref name="emulatorBase"/>
    /// (the CLI's offline mode). OpenAI-compatible providers live under <c>v1/</c>.</summary>
    public virtual Uri EmulatorEndpoint(Uri emulatorBase) => new(emulatorBase, "v1/");

    /// <summary>Fills the settings' key from <paramref name="environment"/> (a program's view of its environment variables)
    /// when none is set: by default from <see cref="LlmProviderInfo.ApiKeyEnvironmentVariable"/>.</summary>
    public virtual void ApplyEnvironment(LlmProviderSettings settings, Func<string, string?> environment)
    {
        if (string.IsNullOrWhiteSpace(settings.ApiKey) && Info.ApiKeyEnvironmentVariable is { } variable)
        {
            settings.ApiKey = environment(variable);
        }
    }

    /// <summary>For a keyless server that usually runs on the user's machine: the address to check before the CLI talks to it,
    /// so that with nothing listening there it can answer offline from the emulator instead. Null (the default) for providers
    /// that are reached over the network, or when the environment names the server explicitly.</summary>
    public virtual Uri? LocalServer(Func<string, string?> environment) => null;

    /// <summary>Builds an embedding generator, or returns null when the provider has none (the default; the factory then
    /// says which providers embed). Only called when <see cref="LlmProviderInfo.SupportsEmbeddings"/> is true.</summary>
    public virtual IEmbeddingGenerator<string, Embedding<float>>? CreateEmbeddingGenerator(string model, LlmProviderSettings settings) => null;
}
