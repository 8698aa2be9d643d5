using System;
using System.Collections.Generic;
using LlmAdapters.Auth;

namespace LlmAdapters;

/// <summary>
/// Settings of a <see cref="LlmClientFactory"/> and of the clients registered from configuration, bound from the
/// <c>LlmAdapters</c> configuration section:
/// <code>
/// "LlmAdapters": {
///   "ChatModel": "openai:gpt-4.1",
///   "EmbeddingModel": "openai:text-embedding-3-small",
///   "Providers": { "openai": { "ApiKey": "…" }, "azure": { "Endpoint": "https://myres.openai.azure.com/" }, "anthropic": { "OAuthProfile": "claude" } },
///   "OAuth": { "Profiles": { "claude": { "TokenEndpoint": "…", "ClientId": "…" } } },
///   "Clients": { "fast": { "Model": "groq:llama-3.1-8b-instant" }, "smart": { "Model": "anthropic:claude-sonnet-4-5", "Temperature": 0.2 } },
///   "EmbeddingClients": { "search": { "Model": "openai:text-embedding-3-small", "Dimensions": 512 } }
/// }
/// </code>
/// </summary>
public sealed class LlmAdaptersOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "LlmAdapters";

    /// <summary>Gets or sets the <c>provider:model</c> registered by <c>AddLlmChatClient(configuration)</c>.</summary>
    public string? ChatModel { get; set; }

    /// <summary>Gets or sets the <c>provider:model</c> registered by <c>AddLlmEmbeddingGenerator(configuration)</c>.</summary>
    public string? EmbeddingModel { get; set; }

    /// <summary>Gets the per-provider settings, keyed by provider name (case-insensitive), for example <c>openai</c> or <c>groq</c>.
    /// Every client of that provider starts from them.</summary>
    public IDictionary<string, LlmProviderSettings> Providers { get; } = new Dictionary<string, LlmProviderSettings>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets the OAuth sign-in settings (<c>LlmAdapters:OAuth</c>): the profiles a provider's
    /// <see cref="LlmProviderSettings.OAuthProfile"/> names, the token store directory and the refresh skew.</summary>
    public OAuthOptions OAuth { get; } = new();

    /// <summary>Gets the named chat clients that <c>AddLlmClients(configuration)</c> registers as keyed <c>IChatClient</c>
    /// services, keyed by name.</summary>
    public IDictionary<string, LlmChatClientSettings> Clients { get; } = new Dictionary<string, LlmChatClientSettings>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets the named embedding generators that <c>AddLlmClients(configuration)</c> registers as keyed
    /// <c>IEmbeddingGenerator&lt;string, Embedding&lt;float&gt;&gt;</c> services, keyed by name.</summary>
    public IDictionary<string, LlmEmbeddingClientSettings> EmbeddingClients { get; } =
        new Dictionary<string, LlmEmbeddingClientSettings>(StringComparer.OrdinalIgnoreCase);
}
