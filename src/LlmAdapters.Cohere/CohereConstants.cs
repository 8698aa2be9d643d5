namespace LlmAdapters.Cohere;

/// <summary>Facts about the Cohere API that the adapter and the <c>provider:model</c> factory share.</summary>
public static class CohereConstants
{
    /// <summary>The OpenTelemetry GenAI provider name.</summary>
    public const string ProviderName = "cohere";

    /// <summary>The environment variable read first for an API key.</summary>
    public const string ApiKeyEnvironmentVariable = "COHERE_API_KEY";

    /// <summary>The environment variable read when <see cref="ApiKeyEnvironmentVariable"/> is not set (the name Cohere's own
    /// SDKs read).</summary>
    public const string AlternateApiKeyEnvironmentVariable = "CO_API_KEY";

    /// <summary>The public endpoint; the adapter appends <c>v2/chat</c> and <c>v2/embed</c>.</summary>
    public const string DefaultEndpoint = "https://api.cohere.com/";

    /// <summary>The most texts one <c>/v2/embed</c> request accepts; longer inputs are sent in several requests.</summary>
    public const int MaxEmbeddingTextsPerRequest = 96;
}
