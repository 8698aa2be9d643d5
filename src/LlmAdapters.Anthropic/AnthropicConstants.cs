namespace LlmAdapters.Anthropic;

/// <summary>Facts about the Anthropic Messages API that the adapter and the <c>provider:model</c> factory share.</summary>
public static class AnthropicConstants
{
    /// <summary>The OpenTelemetry GenAI provider name.</summary>
    public const string ProviderName = "anthropic";

    /// <summary>The environment variable read for an API key.</summary>
    public const string ApiKeyEnvironmentVariable = "ANTHROPIC_API_KEY";

    /// <summary>The environment variable read for an OAuth access token when no key is set.</summary>
    public const string AuthTokenEnvironmentVariable = "ANTHROPIC_AUTH_TOKEN";

    /// <summary>The public endpoint.</summary>
    public const string DefaultEndpoint = "https://api.anthropic.com/";
}
