using System;

namespace LlmAdapters;

/// <summary>A provider the <see cref="LlmClientFactory"/> can create clients for.</summary>
/// <param name="Name">The name used in <c>provider:model</c>, for example <c>groq</c>.</param>
/// <param name="DisplayName">The human-readable name, for example <c>Groq</c>.</param>
/// <param name="ProviderName">The OpenTelemetry GenAI provider name reported in metadata, for example <c>groq</c> or <c>azure.ai.openai</c>.</param>
/// <param name="ApiKeyEnvironmentVariable">The environment variable read for the key, or <see langword="null"/> when the provider needs none.</param>
/// <param name="RequiresApiKey">Whether requests need an API key.</param>
/// <param name="DefaultModelId">The model used when a spec names only the provider, or <see langword="null"/> when there is none
/// (Azure OpenAI needs a deployment name).</param>
/// <param name="DefaultEmbeddingModelId">The embedding model used when a spec names only the provider.</param>
/// <param name="SupportsEmbeddings">Whether the provider serves embeddings.</param>
public sealed record LlmProviderInfo(
    string Name,
    string DisplayName,
    string ProviderName,
    string? ApiKeyEnvironmentVariable,
    bool RequiresApiKey,
    string? DefaultModelId,
    string? DefaultEmbeddingModelId,
    bool SupportsEmbeddings)
{
    /// <summary>Gets a value indicating whether the provider's key variable is set in this process's environment
    /// (always <see langword="true"/> for providers that need no key).</summary>
    public bool HasApiKeyInEnvironment =>
        !RequiresApiKey || (ApiKeyEnvironmentVariable is { } name && !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(name)));
}
