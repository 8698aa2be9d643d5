using LlmAdapters.Providers;
using Microsoft.Extensions.AI;

namespace LlmAdapters;

/// <summary>
/// Resolves a <c>provider:model</c> string (<see cref="ModelSpec"/>) to a configured <see cref="IChatClient"/> or embedding
/// generator: <c>openai:gpt-4.1</c>, <c>groq:llama-3.3-70b-versatile</c>, <c>ollama:llama3.2:3b</c>, <c>azure:my-deployment</c>.
/// A spec that names only a provider (<c>groq</c>) uses that provider's default model. Keys come from
/// <see cref="LlmProviderSettings.ApiKey"/> first, then the provider's usual environment variable.
/// </summary>
/// <example>
/// <code>
/// var factory = new LlmClientFactory();
/// using IChatClient chat = factory.CreateChatClient("groq:llama-3.3-70b-versatile");
/// using IChatClient local = factory.CreateChatClient("ollama:llama3.2", s => s.Endpoint = new Uri("http://gpu-box:11434/v1/"));
/// </code>
/// </example>
public sealed class LlmClientFactory
{
    private readonly LlmAdaptersOptions _options;

    /// <summary>Initializes a new instance that reads keys from the environment only.</summary>
    public LlmClientFactory()
        : this(new LlmAdaptersOptions())
    {
    }

    /// <summary>Initializes a new instance with per-provider settings (usually bound from the <c>LlmAdapters</c> configuration section).</summary>
    /// <param name="options">The settings.</param>
    public LlmClientFactory(LlmAdaptersOptions options)
    {
        _options = Throw.IfNull(options);
    }

    /// <summary>Gets every provider this factory resolves, OpenAI first.</summary>
    public static IReadOnlyList<LlmProviderInfo> Providers { get; } = [.. LlmProviderRegistry.All.Select(d => d.Info)];

    /// <summary>Gets the settings this factory was created with.</summary>
    public LlmAdaptersOptions Options => _options;

    /// <summary>Finds a provider by name (case-insensitive).</summary>
    /// <param name="name">The provider name, for example <c>groq</c>.</param>
    /// <returns>The provider, or <see langword="null"/> when no provider has that name.</returns>
    public static LlmProviderInfo? FindProvider(string name)
    {
        Throw.IfNull(name);
        return LlmProviderRegistry.Find(name)?.Info;
    }

    /// <summary>
    /// Parses a spec and checks that its provider is known; a spec naming only a provider gets that provider's default model.
    /// </summary>
    /// <param name="spec">The spec, for example <c>openai:gpt-4.1</c> or <c>groq</c>.</param>
    /// <returns>The resolved spec.</returns>
    /// <exception cref="ArgumentException">The spec is malformed, names an unknown provider, or names a provider without a default model.</exception>
    public static ModelSpec ResolveSpec(string spec) => Resolve(spec, embeddings: false).Spec;

    /// <summary>Creates a chat client for <paramref name="spec"/>.</summary>
    /// <param name="spec">The <c>provider:model</c> spec, for example <c>openai:gpt-4.1</c>.</param>
    /// <param name="configure">Adjusts this call's copy of the provider's settings (endpoint, key, HTTP client).</param>
    /// <returns>The client; the caller disposes it.</returns>
    /// <exception cref="ArgumentException">The spec is malformed or names an unknown provider.</exception>
    /// <exception cref="ProviderConfigurationException">The provider needs a key (or endpoint) that is neither configured nor in the environment.</exception>
    public IChatClient CreateChatClient(string spec, Action<LlmProviderSettings>? configure = null)
    {
        var (descriptor, resolved) = Resolve(spec, embeddings: false);
        return descriptor.CreateChatClient(resolved.Model, SettingsFor(descriptor, configure));
    }

    /// <summary>Creates an embedding generator for <paramref name="spec"/>, for example <c>openai:text-embedding-3-small</c>.</summary>
    /// <param name="spec">The spec; a provider name alone uses the provider's default embedding model.</param>
    /// <param name="configure">Adjusts this call's copy of the provider's settings.</param>
    /// <returns>The generator; the caller disposes it.</returns>
    /// <exception cref="ArgumentException">The spec is malformed, names an unknown provider, or a provider without embeddings.</exception>
    /// <exception cref="ProviderConfigurationException">The provider needs a key (or endpoint) that is neither configured nor in the environment.</exception>
    public IEmbeddingGenerator<string, Embedding<float>> CreateEmbeddingGenerator(string spec, Action<LlmProviderSettings>? configure = null)
    {
        var (descriptor, resolved) = Resolve(spec, embeddings: true);
        var generator = descriptor.Info.SupportsEmbeddings ? descriptor.CreateEmbeddingGenerator(resolved.Model, SettingsFor(descriptor, configure)) : null;
        if (generator is null)
        {
            var withEmbeddings = string.Join(", ", Providers.Where(p => p.SupportsEmbeddings).Select(p => p.Name));
            throw new ArgumentException($"{descriptor.Info.DisplayName} has no embeddings endpoint. Providers with embeddings: {withEmbeddings}.", nameof(spec));
        }

        return generator;
    }

    /// <summary>The endpoint at which a <c>ProviderEmulator</c> at <paramref name="emulatorBase"/> serves <paramref name="provider"/>.</summary>
    internal static Uri EmulatorEndpoint(string provider, Uri emulatorBase) =>
        (LlmProviderRegistry.Find(provider) ?? throw new ArgumentException($"Unknown provider '{provider}'.", nameof(provider))).EmulatorEndpoint(emulatorBase);

    private static (LlmProviderDescriptor Descriptor, ModelSpec Spec) Resolve(string spec, bool embeddings)
    {
        Throw.IfNull(spec);
        var text = spec.Trim();
        if (!text.Contains(':', StringComparison.Ordinal) && LlmProviderRegistry.Find(text) is { } alone)
        {
            var model = embeddings ? alone.Info.DefaultEmbeddingModelId : alone.Info.DefaultModelId;
            if (model is null)
            {
                var what = embeddings ? "embedding model" : "model";
                throw new ArgumentException(
                    $"'{spec}' names no model and {alone.Info.DisplayName} has no default {what}: write it as '{alone.Name}:<model>'" +
                    (alone.Name == "azure" ? " with the deployment name as the model." : "."),
                    nameof(spec));
            }

            return (alone, new ModelSpec(alone.Name, model));
        }

        if (!ModelSpec.TryParse(text, out var parsed))
        {
            try
            {
                ModelSpec.Parse(text);
            }
            catch (FormatException ex)
            {
                throw new ArgumentException(ex.Message, nameof(spec), ex);
            }
        }

        var descriptor = LlmProviderRegistry.Find(parsed.Provider)
            ?? throw new ArgumentException(
                $"Unknown provider '{parsed.Provider}' in '{spec}'. Known providers: {string.Join(", ", Providers.Select(p => p.Name))}.",
                nameof(spec));
        return (descriptor, parsed);
    }

    private LlmProviderSettings SettingsFor(LlmProviderDescriptor descriptor, Action<LlmProviderSettings>? configure)
    {
        var settings = _options.Providers.TryGetValue(descriptor.Name, out var configured) && configured is not null
            ? configured.Clone()
            : new LlmProviderSettings();
        configure?.Invoke(settings);
        return settings;
    }
}
