using Azure.Core;
using LlmAdapters.Http;

namespace LlmAdapters.OpenAI;

/// <summary>
/// What a chat client and an embedding generator share: validated settings, the credential (resolved before any
/// I/O), the transport and the request URLs for plain, compatible and Azure (classic and v1) endpoints.
/// </summary>
internal sealed class OpenAIConnection : IDisposable
{
    private readonly RefreshingBearerCredential? _ownedCredential;
    private readonly Uri _endpoint;

    public OpenAIConnection(OpenAIOptions options)
    {
        Throw.IfNull(options);
        Settings = options;
        Throw.IfNull(options.Endpoint, "options.Endpoint");
        _endpoint = options.Endpoint.AbsoluteUri.EndsWith('/') ? options.Endpoint : new Uri(options.Endpoint.AbsoluteUri + "/");
        if (options.Compatibility.MaxEmbeddingInputs <= 0)
        {
            throw new ArgumentException("OpenAIOptions.Compatibility.MaxEmbeddingInputs must be positive.", nameof(options));
        }

        CredentialSource? credential;
        if (options.TokenCredential is { } tokenCredential)
        {
            _ownedCredential = new RefreshingBearerCredential(
                async ct =>
                {
                    var token = await tokenCredential.GetTokenAsync(new TokenRequestContext([OpenAIOptions.AzureTokenScope]), ct).ConfigureAwait(false);
                    return new LlmAdapters.AccessToken(token.Token, token.ExpiresOn);
                },
                "OpenAIOptions.TokenCredential (Entra ID token for " + OpenAIOptions.AzureTokenScope + ")",
                timeProvider: options.TimeProvider);
            credential = _ownedCredential;
        }
        else
        {
            string[] variables = options.ApiKeyEnvironmentVariable is { Length: > 0 } variable ? [variable] : [];
            var key = ApiKeyResolver.Find(options.ApiKey, variables);
            var description = ApiKeyResolver.Describe("OpenAIOptions.ApiKey", variables);
            if (key is null && options.RequiresApiKey)
            {
                throw new ProviderConfigurationException(variables.Length == 0
                    ? $"No API key for {options.ProviderName}: set OpenAIOptions.ApiKey."
                    : $"No API key for {options.ProviderName}: set OpenAIOptions.ApiKey or the environment variable {variables[0]}.");
            }

            credential = key is null
                ? null
                : options.UseApiKeyHeader
                    ? new ApiKeyCredential(key, "api-key", null, description)
                    : new ApiKeyCredential(key, "Authorization", "Bearer", description);
        }

        var headers = new List<KeyValuePair<string, string>>();
        AddHeader(headers, "OpenAI-Organization", options.Organization);
        AddHeader(headers, "OpenAI-Project", options.Project);
        AddHeader(headers, "HTTP-Referer", options.HttpReferer);
        AddHeader(headers, "X-Title", options.AppTitle);
        foreach (var header in options.Headers)
        {
            AddHeader(headers, header.Key, header.Value);
        }

        Transport = new ProviderTransport(new ProviderTransportOptions
        {
            Provider = options.ProviderName,
            ErrorParser = OpenAIErrors.Parser,
            HttpClient = options.HttpClient,
            Credential = credential,
            DefaultHeaders = headers,
            MaxResponseBytes = options.MaxResponseBytes,
            TimeProvider = options.TimeProvider,
        });
        ChatCompletionsUri = Operation("chat/completions");
        EmbeddingsUri = Operation("embeddings");
    }

    public OpenAIOptions Settings { get; }

    public ProviderTransport Transport { get; }

    public Uri ChatCompletionsUri { get; }

    public Uri EmbeddingsUri { get; }

    /// <summary>Gets the endpoint reported in metadata.</summary>
    public Uri Endpoint => _endpoint;

    public void Dispose()
    {
        Transport.Dispose();
        _ownedCredential?.Dispose();
    }

    private Uri Operation(string path)
    {
        if (Settings.AzureDeployment is { } deployment && Settings.AzureApiVersion is { } version)
        {
            return new Uri(_endpoint, $"deployments/{Uri.EscapeDataString(deployment)}/{path}?api-version={Uri.EscapeDataString(version)}");
        }

        return new Uri(_endpoint, path);
    }

    private static void AddHeader(List<KeyValuePair<string, string>> headers, string name, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            headers.Add(new KeyValuePair<string, string>(name, value));
        }
    }
}
