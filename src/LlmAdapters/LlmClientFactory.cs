using System;
using System.Collections.Generic;
using System.Linq;
using LlmAdapters.Providers;
using Microsoft.Extensions.AI;

namespace LlmAdapters;

/// <summary>
/// Resolves a <c>provider:model</c> string (<see cref="ModelSpec"/>) to a configured <see cref="IChatClient"/> or embedding
/// generator: <c>openai:gpt-4.1</c>, <c>groq:llama-3.3-70b-versatile</c>, <c>ollama:llama3.2:3b</c>, <c>azure:my-deployment</c>.
/// A spec that names only a provider (<c>groq</c>) uses that provider's default model. Keys come from
/// <see cref="LlmProviderSettings.ApiKey"/> first, then the provider's usual environment variable; a provider whose
/// <see cref="LlmProviderSettings.OAuthProfile"/> is set uses that profile's stored sign-in instead.
/// </summary>
/// <example>
/// <code>
/// var factory = new LlmClientFactory();
/// using IChatClient chat = factory.CreateChatClient("groq:llama-3.3-70b-versatile");
/// using IChatClient local = factory.CreateChatClient("ollama:llama3.2", s => s.Endpoint = new Uri("http://gpu-box:11434/"));
/// </code>
/// </example>
public sealed class LlmClientFactory
{
    private readonly LlmAdaptersOptions _options;
    private readonly StoredSignIns _signIns;

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
        _signIns = new StoredSignIns(options.OAuth);
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
        return descriptor.CreateEmbeddingGenerator(resolved.Model, SettingsFor(descriptor, configure))
            ?? throw new ArgumentException(NoEmbeddings(descriptor) ?? $"{descriptor.Info.DisplayName} created no embedding generator.", nameof(spec));
    }

    /// <summary>The endpoint at which a <c>ProviderEmulator</c> at <paramref name="emulatorBase"/> serves <paramref name="provider"/>.</summary>
    internal static Uri EmulatorEndpoint(string provider, Uri emulatorBase) =>
        (LlmProviderRegistry.Find(provider) ?? throw new ArgumentException($"Unknown provider '{provider}'.", nameof(provider))).EmulatorEndpoint(emulatorBase);

    /// <summary>Resolves a spec for embeddings: like <see cref="ResolveSpec"/>, and the provider must embed.</summary>
    internal static ModelSpec ResolveEmbeddingSpec(string spec) => Resolve(spec, embeddings: true).Spec;

    /// <summary>Checks a spec without throwing: the error says what is wrong and how to write it, or is null.</summary>
    internal static string? CheckSpec(string spec, bool embeddings, out Exception? cause)
    {
        var resolution = TryResolve(spec, embeddings);
        cause = resolution.Cause;
        return resolution.Error;
    }

    private static (LlmProviderDescriptor Descriptor, ModelSpec Spec) Resolve(string spec, bool embeddings)
    {
        var resolution = TryResolve(spec, embeddings);
        return resolution.Error is null
            ? (resolution.Descriptor!, resolution.Spec)
            : throw new ArgumentException(resolution.Error, nameof(spec), resolution.Cause);
    }

    private static SpecResolution TryResolve(string spec, bool embeddings)
    {
        Throw.IfNull(spec);
        var text = spec.Trim();
        if (!text.Contains(':', StringComparison.Ordinal) && LlmProviderRegistry.Find(text) is { } alone)
        {
            if (embeddings && NoEmbeddings(alone) is { } none)
            {
                return new(null, default, none, null);
            }

            var model = embeddings ? alone.Info.DefaultEmbeddingModelId : alone.Info.DefaultModelId;
            if (model is null)
            {
                var what = embeddings ? "embedding model" : "model";
                return new(null, default,
                    $"'{spec}' names no model and {alone.Info.DisplayName} has no default {what}: write it as '{alone.Name}:<model>'" +
                    (alone.Name == "azure" ? " with the deployment name as the model." : "."),
                    null);
            }

            return new(alone, new ModelSpec(alone.Name, model), null, null);
        }

        if (!ModelSpec.TryParse(text, out var parsed))
        {
            try
            {
                ModelSpec.Parse(text);
            }
            catch (FormatException ex)
            {
                return new(null, default, ex.Message, ex);
            }
        }

        var descriptor = LlmProviderRegistry.Find(parsed.Provider);
        if (descriptor is null)
        {
            return new(null, default, $"Unknown provider '{parsed.Provider}' in '{spec}'. Known providers: {string.Join(", ", Providers.Select(p => p.Name))}.", null);
        }

        return embeddings && NoEmbeddings(descriptor) is { } error
            ? new(null, default, error, null)
            : new(descriptor, parsed, null, null);
    }

    private static string? NoEmbeddings(LlmProviderDescriptor descriptor) =>
        descriptor.Info.SupportsEmbeddings
            ? null
            : $"{descriptor.Info.DisplayName} has no embeddings endpoint. Providers with embeddings: {string.Join(", ", Providers.Where(p => p.SupportsEmbeddings).Select(p => p.Name))}.";

    private LlmProviderSettings SettingsFor(LlmProviderDescriptor descriptor, Action<LlmProviderSettings>? configure)
    {
        var settings = _options.Providers.TryGetValue(descriptor.Name, out var configured) && configured is not null
            ? configured.Clone()
            : new LlmProviderSettings();
        configure?.Invoke(settings);
        _signIns.Apply(settings, descriptor);
        return settings;
    }

    private readonly record struct SpecResolution(LlmProviderDescriptor? Descriptor, ModelSpec Spec, string? Error, Exception? Cause);
}
