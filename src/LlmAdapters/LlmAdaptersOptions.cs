namespace LlmAdapters;

/// <summary>
/// Settings of a <see cref="LlmClientFactory"/>, bound from the <c>LlmAdapters</c> configuration section:
/// <code>
/// "LlmAdapters": {
///   "ChatModel": "openai:gpt-4.1",
///   "EmbeddingModel": "openai:text-embedding-3-small",
///   "Providers": { "openai": { "ApiKey": "…" }, "azure": { "Endpoint": "https://myres.openai.azure.com/" } }
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

    /// <summary>Gets the per-provider settings, keyed by provider name (case-insensitive), for example <c>openai</c> or <c>groq</c>.</summary>
    public IDictionary<string, LlmProviderSettings> Providers { get; } = new Dictionary<string, LlmProviderSettings>(StringComparer.OrdinalIgnoreCase);
}
