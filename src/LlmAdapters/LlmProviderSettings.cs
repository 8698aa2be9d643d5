using System;
using System.Collections.Generic;
using System.Net.Http;

namespace LlmAdapters;

/// <summary>
/// How to reach one provider: key, endpoint and HTTP settings. Bound from configuration
/// (<c>LlmAdapters:Providers:{name}:ApiKey</c>, <c>…:Endpoint</c>, <c>…:ApiVersion</c>, <c>…:Headers:{name}</c>), layered
/// under a named client's own settings (<see cref="LlmClientSettings"/>), and adjustable per call through the
/// <c>configure</c> callbacks of <see cref="LlmClientFactory"/>. Every setting reaches every provider that has a use for it.
/// </summary>
public sealed class LlmProviderSettings
{
    /// <summary>Gets or sets the API key; when empty the provider's usual environment variable is read
    /// (see <see cref="LlmProviderInfo.ApiKeyEnvironmentVariable"/>).</summary>
    public string? ApiKey { get; set; }

    /// <summary>Gets or sets the API base address; <see langword="null"/> uses the provider's public endpoint. Required for
    /// Azure OpenAI (the resource, for example <c>https://myres.openai.azure.com/</c>) unless <c>AZURE_OPENAI_ENDPOINT</c> is set.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>Gets or sets the API version where a provider has one: Azure OpenAI's <c>api-version</c> (<c>v1</c> selects the
    /// Azure v1 API), Anthropic's <c>anthropic-version</c> header, the Gemini and Vertex AI path segment (<c>v1beta</c>, <c>v1</c>).
    /// OpenAI and the OpenAI-compatible providers have none and ignore it.
    /// <value>The default is <see langword="null"/>: the adapter's default version.</value></summary>
    public string? ApiVersion { get; set; }

    /// <summary>Gets or sets the cloud project where a provider needs one (Vertex AI: the Google Cloud project id).</summary>
    public string? Project { get; set; }

    /// <summary>Gets or sets the cloud region where a provider needs one (Vertex AI: <c>global</c>, <c>us-central1</c> …).</summary>
    public string? Location { get; set; }

    /// <summary>Gets or sets the name of an OAuth profile (<c>LlmAdapters:OAuth:Profiles:{name}</c>) whose stored sign-in
    /// authenticates this provider instead of a key: its access token is sent as a bearer token and refreshed before it
    /// expires. Sign in first (<c>llmadapters login {provider}</c> or <c>LlmAdapters.Auth.OAuthSignIn</c>).
    /// <value>The default is <see langword="null"/>: a key.</value></summary>
    public string? OAuthProfile { get; set; }

    /// <summary>The stored sign-in the factory resolved from <see cref="OAuthProfile"/>; read by the settings applier.</summary>
    internal CredentialSource? Credential { get; set; }

    /// <summary>Gets or sets how long to wait for a response's headers (see <see cref="ProviderOptions.ResponseHeadersTimeout"/>).
    /// <value>The default is <see langword="null"/>: the adapter's default.</value></summary>
    public TimeSpan? ResponseHeadersTimeout { get; set; }

    /// <summary>Gets or sets how long a response body may send nothing before it counts as stalled (see
    /// <see cref="ProviderOptions.StreamIdleTimeout"/>).
    /// <value>The default is <see langword="null"/>: the adapter's default.</value></summary>
    public TimeSpan? StreamIdleTimeout { get; set; }

    /// <summary>Gets or sets a caller-owned <see cref="System.Net.Http.HttpClient"/>; <see langword="null"/> lets each client own one.
    /// Not bound from configuration.</summary>
    public HttpClient? HttpClient { get; set; }

    /// <summary>Gets extra headers sent with every request by every provider (attribution headers, gateway keys), after the
    /// provider's own headers. Bound from <c>LlmAdapters:Providers:{name}:Headers:{header}</c>.</summary>
    public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates an independent copy, so per-call changes never leak into shared settings.</summary>
    /// <returns>The copy.</returns>
    public LlmProviderSettings Clone()
    {
        var copy = new LlmProviderSettings
        {
            ApiKey = ApiKey,
            Endpoint = Endpoint,
            ApiVersion = ApiVersion,
            Project = Project,
            Location = Location,
            OAuthProfile = OAuthProfile,
            Credential = Credential,
            ResponseHeadersTimeout = ResponseHeadersTimeout,
            StreamIdleTimeout = StreamIdleTimeout,
            HttpClient = HttpClient,
        };
        foreach (var header in Headers)
        {
            copy.Headers[header.Key] = header.Value;
        }

        return copy;
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"LlmProviderSettings(Endpoint={Endpoint?.ToString() ?? "default"}, ApiKey={(string.IsNullOrEmpty(ApiKey) ? "not set" : "set")})";
}
