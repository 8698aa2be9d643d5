using System;
using Azure.Core;

namespace LlmAdapters.OpenAI;

/// <summary>
/// Settings of an <see cref="OpenAIChatClient"/> or <see cref="OpenAIEmbeddingGenerator"/>: the endpoint (OpenAI, an
/// OpenAI-compatible server, or Azure OpenAI), credentials, defaults and the endpoint's <see cref="Compatibility"/> quirks.
/// Use <see cref="OpenAIPresets"/> for known providers and <see cref="ForAzure(Uri, string, string?, string?)"/> for Azure.
/// The shared settings (endpoint, key, default model, HTTP client, headers, limits, timeouts, clock) are on <see cref="ProviderOptions"/>.
/// </summary>
public sealed class OpenAIOptions : ProviderOptions
{
    /// <summary>Initializes a new instance for OpenAI's public endpoint (<c>https://api.openai.com/v1/</c>); the key is read
    /// from <see cref="ApiKeyEnvironmentVariable"/> when <see cref="ProviderOptions.ApiKey"/> is empty.</summary>
    public OpenAIOptions()
        : base(new Uri(OpenAIConstants.DefaultEndpoint))
    {
    }

    /// <summary>The Azure OpenAI api-version used when none is given.</summary>
    public const string DefaultAzureApiVersion = "2024-10-21";

    /// <summary>The Entra ID scope of Azure OpenAI tokens.</summary>
    public const string AzureTokenScope = "https://cognitiveservices.azure.com/.default";

    /// <summary>Gets or sets the environment variable read when <see cref="ProviderOptions.ApiKey"/> is empty.
    /// <value>The default is <c>OPENAI_API_KEY</c>.</value></summary>
    public string? ApiKeyEnvironmentVariable { get; set; } = OpenAIConstants.ApiKeyEnvironmentVariable;

    /// <summary>Gets or sets a value indicating whether a key is required (local servers such as LM Studio and Ollama need none).
    /// <value>The default is <see langword="true"/>.</value></summary>
    public bool RequiresApiKey { get; set; } = true;

    /// <summary>Gets or sets the OpenTelemetry GenAI provider name reported in metadata and errors.
    /// <value>The default is <c>openai</c>.</value></summary>
    public string ProviderName { get; set; } = OpenAIConstants.ProviderName;

    /// <summary>Gets or sets the <c>OpenAI-Organization</c> header value.</summary>
    public string? Organization { get; set; }

    /// <summary>Gets or sets the <c>OpenAI-Project</c> header value.</summary>
    public string? Project { get; set; }

    /// <summary>Gets or sets the OpenRouter attribution <c>HTTP-Referer</c> header (your site's URL).</summary>
    public string? HttpReferer { get; set; }

    /// <summary>Gets or sets the OpenRouter attribution <c>X-Title</c> header (your app's name).</summary>
    public string? AppTitle { get; set; }

    /// <summary>Gets or sets the Azure OpenAI deployment. With <see cref="AzureApiVersion"/> set, requests use the classic
    /// <c>/openai/deployments/{deployment}/…?api-version=…</c> form; otherwise the deployment is sent as the model.</summary>
    public string? AzureDeployment { get; set; }

    /// <summary>Gets or sets the Azure OpenAI <c>api-version</c> of the classic deployment URLs; <see langword="null"/> for the v1 API.</summary>
    public string? AzureApiVersion { get; set; }

    /// <summary>Gets or sets an Entra ID credential (for example <c>DefaultAzureCredential</c>); when set, requests carry a bearer
    /// token for <see cref="AzureTokenScope"/>, refreshed before it expires, instead of an API key.</summary>
    public TokenCredential? TokenCredential { get; set; }

    /// <summary>Gets or sets a value indicating whether the API key is sent in an <c>api-key</c> header (Azure) instead of
    /// <c>Authorization: Bearer</c>. <value>The default is <see langword="false"/>.</value></summary>
    public bool UseApiKeyHeader { get; set; }

    /// <summary>Gets or sets the endpoint's differences from OpenAI's own API.</summary>
    public OpenAICompatibility Compatibility { get; set; } = new();

    /// <summary>Gets a value indicating whether these options target Azure OpenAI.</summary>
    public bool IsAzure => AzureDeployment is not null || ProviderName == OpenAIConstants.AzureProviderName;

    /// <summary>Creates options for an Azure OpenAI resource authenticated with an API key.</summary>
    /// <param name="resource">The resource, for example <c>https://myres.openai.azure.com/</c> (any path is ignored).</param>
    /// <param name="deployment">The deployment name.</param>
    /// <param name="apiKey">The key; when null it is read from <c>AZURE_OPENAI_API_KEY</c>.</param>
    /// <param name="apiVersion">The api-version of the classic deployment URLs; <see langword="null"/> uses the v1 API
    /// (<c>/openai/v1/</c>, deployment sent as the model). <value>The default is <see cref="DefaultAzureApiVersion"/>.</value></param>
    /// <returns>The options.</returns>
    public static OpenAIOptions ForAzure(Uri resource, string deployment, string? apiKey, string? apiVersion = DefaultAzureApiVersion)
    {
        var options = CreateAzure(resource, deployment, apiVersion);
        options.ApiKey = apiKey;
        return options;
    }

    /// <summary>Creates options for an Azure OpenAI resource authenticated with Entra ID.</summary>
    /// <param name="resource">The resource, for example <c>https://myres.openai.azure.com/</c> (any path is ignored).</param>
    /// <param name="deployment">The deployment name.</param>
    /// <param name="credential">The credential, for example <c>DefaultAzureCredential</c>.</param>
    /// <param name="apiVersion">The api-version of the classic deployment URLs; <see langword="null"/> uses the v1 API.
    /// <value>The default is <see cref="DefaultAzureApiVersion"/>.</value></param>
    /// <returns>The options.</returns>
    public static OpenAIOptions ForAzure(Uri resource, string deployment, TokenCredential credential, string? apiVersion = DefaultAzureApiVersion)
    {
        var options = CreateAzure(resource, deployment, apiVersion);
        options.TokenCredential = Throw.IfNull(credential);
        options.RequiresApiKey = false;
        return options;
    }

    /// <summary>Creates a copy (the header dictionary and <see cref="Compatibility"/> are copied too).</summary>
    /// <returns>The copy.</returns>
    public OpenAIOptions Clone()
    {
        var copy = (OpenAIOptions)MemberwiseClone();
        copy.Compatibility = Compatibility.Clone();
        copy.CopyHeadersFrom(this);
        return copy;
    }

    private static OpenAIOptions CreateAzure(Uri resource, string deployment, string? apiVersion)
    {
        Throw.IfNull(resource);
        Throw.IfNullOrWhiteSpace(deployment);
        var root = resource.GetLeftPart(UriPartial.Authority);
        return new OpenAIOptions
        {
            Endpoint = new Uri(root + (apiVersion is null ? "/openai/v1/" : "/openai/")),
            AzureDeployment = deployment,
            AzureApiVersion = apiVersion,
            DefaultModelId = deployment,
            ApiKeyEnvironmentVariable = OpenAIConstants.AzureApiKeyEnvironmentVariable,
            ProviderName = OpenAIConstants.AzureProviderName,
            UseApiKeyHeader = true,
        };
    }
}
