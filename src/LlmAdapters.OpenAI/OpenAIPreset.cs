using System;

namespace LlmAdapters.OpenAI;

/// <summary>
/// A known OpenAI-compatible provider: its endpoint, key variable, OpenTelemetry provider name, default model and
/// quirks. <see cref="CreateOptions"/> turns it into ready-to-use <see cref="OpenAIOptions"/>.
/// </summary>
public sealed class OpenAIPreset
{
    private readonly Action<OpenAICompatibility>? _configure;

    internal OpenAIPreset(
        string name,
        string displayName,
        Uri endpoint,
        string? apiKeyEnvironmentVariable,
        string providerName,
        string defaultModelId,
        string? defaultEmbeddingModelId,
        Action<OpenAICompatibility>? configure)
    {
        Name = name;
        DisplayName = displayName;
        Endpoint = endpoint;
        ApiKeyEnvironmentVariable = apiKeyEnvironmentVariable;
        ProviderName = providerName;
        DefaultModelId = defaultModelId;
        DefaultEmbeddingModelId = defaultEmbeddingModelId;
        _configure = configure;
    }

    /// <summary>Gets the short name used in <c>provider:model</c> strings, for example <c>groq</c>.</summary>
    public string Name { get; }

    /// <summary>Gets the human-readable name, for example <c>Groq</c>.</summary>
    public string DisplayName { get; }

    /// <summary>Gets the API base address.</summary>
    public Uri Endpoint { get; }

    /// <summary>Gets the environment variable holding the key, or <see langword="null"/> when the server needs none.</summary>
    public string? ApiKeyEnvironmentVariable { get; }

    /// <summary>Gets a value indicating whether requests need an API key.</summary>
    public bool RequiresApiKey => ApiKeyEnvironmentVariable is not null;

    /// <summary>Gets the OpenTelemetry GenAI provider name, for example <c>groq</c> or <c>x_ai</c>.</summary>
    public string ProviderName { get; }

    /// <summary>Gets the model used when none is given.</summary>
    public string DefaultModelId { get; }

    /// <summary>Gets the embedding model used when none is given, or <see langword="null"/> when the provider has no embeddings endpoint.</summary>
    public string? DefaultEmbeddingModelId { get; }

    /// <summary>Gets a value indicating whether the provider serves <c>/embeddings</c>.</summary>
    public bool SupportsEmbeddings => DefaultEmbeddingModelId is not null;

    /// <summary>Creates options for this provider.</summary>
    /// <param name="modelId">The default model; <see langword="null"/> uses <see cref="DefaultModelId"/>.</param>
    /// <param name="apiKey">The key; <see langword="null"/> reads <see cref="ApiKeyEnvironmentVariable"/> when the client is created.</param>
    /// <returns>New options.</returns>
    public OpenAIOptions CreateOptions(string? modelId = null, string? apiKey = null)
    {
        var options = new OpenAIOptions
        {
            Endpoint = Endpoint,
            ApiKey = apiKey,
            ApiKeyEnvironmentVariable = ApiKeyEnvironmentVariable,
            RequiresApiKey = RequiresApiKey,
            ProviderName = ProviderName,
            DefaultModelId = string.IsNullOrWhiteSpace(modelId) ? DefaultModelId : modelId,
        };
        _configure?.Invoke(options.Compatibility);
        return options;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Endpoint})";
}
