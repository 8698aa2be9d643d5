namespace LlmAdapters.OpenAI;

/// <summary>Facts about OpenAI and Azure OpenAI that the adapter and the <c>provider:model</c> factory share.</summary>
public static class OpenAIConstants
{
    /// <summary>The OpenTelemetry GenAI provider name of OpenAI.</summary>
    public const string ProviderName = "openai";

    /// <summary>The OpenTelemetry GenAI provider name of Azure OpenAI.</summary>
    public const string AzureProviderName = "azure.ai.openai";

    /// <summary>The environment variable read for an OpenAI API key.</summary>
    public const string ApiKeyEnvironmentVariable = "OPENAI_API_KEY";

    /// <summary>The environment variable read for an Azure OpenAI API key.</summary>
    public const string AzureApiKeyEnvironmentVariable = "AZURE_OPENAI_API_KEY";

    /// <summary>The environment variable holding the Azure OpenAI resource endpoint.</summary>
    public const string AzureEndpointEnvironmentVariable = "AZURE_OPENAI_ENDPOINT";

    /// <summary>OpenAI's public endpoint.</summary>
    public const string DefaultEndpoint = "https://api.openai.com/v1/";
}
