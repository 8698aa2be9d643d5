using Google.Apis.Auth.OAuth2;

namespace LlmAdapters.Gemini;

/// <summary>
/// Settings of <see cref="GeminiChatClient"/>, <see cref="GeminiEmbeddingGenerator"/> and <see cref="GeminiContextCaches"/>.
/// Without <see cref="Vertex"/> the clients talk to the Gemini API with an API key; with it, to Vertex AI. The shared settings
/// (endpoint, key, default model, HTTP client, headers, limits, timeouts, clock) are on <see cref="ProviderOptions"/>.
/// </summary>
/// <remarks>
/// <para><see cref="ProviderOptions.Endpoint"/> is the service root. It is <see langword="null"/> by default, which selects
/// <c>https://generativelanguage.googleapis.com/</c> for the Gemini API, and for Vertex AI
/// <c>https://{location}-aiplatform.googleapis.com/</c> (<c>https://aiplatform.googleapis.com/</c> for the <c>global</c>
/// location and for express mode).</para>
/// <para><see cref="ProviderOptions.ApiKey"/> is sent in the <c>x-goog-api-key</c> header (never in the URL). When unset, the
/// <c>GEMINI_API_KEY</c> and then the <c>GOOGLE_API_KEY</c> environment variables are read. With <see cref="Vertex"/> and no
/// project, a key selects Vertex AI express mode.</para>
/// </remarks>
public sealed class GeminiOptions : ProviderOptions
{
    /// <summary>Initializes a new instance; the endpoint is chosen by back end unless set.</summary>
    public GeminiOptions()
        : base(defaultEndpoint: null)
    {
    }

    /// <summary>Gets or sets the API version path segment. <value>The default is <c>v1beta</c> for the Gemini API and <c>v1</c> for Vertex AI.</value></summary>
    public string? ApiVersion { get; set; }

    /// <summary>Gets or sets the embedding model used when <c>EmbeddingGenerationOptions.ModelId</c> is not set.
    /// <value>The default is <c>gemini-embedding-001</c>.</value></summary>
    public string DefaultEmbeddingModelId { get; set; } = "gemini-embedding-001";

    /// <summary>Gets or sets the Vertex AI settings; <see langword="null"/> uses the Gemini API.</summary>
    public GeminiVertexOptions? Vertex { get; set; }
}

/// <summary>Vertex AI settings: where the model runs and whose credentials pay for it.</summary>
public sealed class GeminiVertexOptions
{
    /// <summary>Gets or sets the Google Cloud project id. Required unless an API key selects express mode.</summary>
    public string? Project { get; set; }

    /// <summary>Gets or sets the location, for example <c>us-central1</c>, <c>europe-west4</c> or <c>global</c>.
    /// <value>The default is <c>global</c>.</value></summary>
    public string Location { get; set; } = "global";

    /// <summary>Gets or sets the credential (service account, user or workload identity). It is scoped to
    /// <c>https://www.googleapis.com/auth/cloud-platform</c> when it needs scopes. When null and no API key is set,
    /// Application Default Credentials are used (<c>GOOGLE_APPLICATION_CREDENTIALS</c>, gcloud, metadata server).</summary>
    public GoogleCredential? Credential { get; set; }
}
