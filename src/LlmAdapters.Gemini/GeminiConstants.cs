namespace LlmAdapters.Gemini;

/// <summary>Facts about the Gemini API and Vertex AI that the adapter and the <c>provider:model</c> factory share.</summary>
public static class GeminiConstants
{
    /// <summary>The OpenTelemetry GenAI provider name of the Gemini API.</summary>
    public const string GeminiProviderName = "gcp.gemini";

    /// <summary>The OpenTelemetry GenAI provider name of Vertex AI.</summary>
    public const string VertexProviderName = "gcp.vertex_ai";

    /// <summary>The environment variable read first for a Gemini API key.</summary>
    public const string ApiKeyEnvironmentVariable = "GEMINI_API_KEY";

    /// <summary>The environment variable read for a Google API key: the Gemini API's second choice, and the key of Vertex AI express mode.</summary>
    public const string GoogleApiKeyEnvironmentVariable = "GOOGLE_API_KEY";

    /// <summary>The environment variable naming a service-account or user credentials <em>file</em> for Application Default
    /// Credentials. It is never an API key: the Google auth library reads the file itself.</summary>
    public const string CredentialsFileEnvironmentVariable = "GOOGLE_APPLICATION_CREDENTIALS";

    /// <summary>The environment variable holding the Google Cloud project of Vertex AI.</summary>
    public const string ProjectEnvironmentVariable = "GOOGLE_CLOUD_PROJECT";

    /// <summary>The environment variable holding the Vertex AI location.</summary>
    public const string LocationEnvironmentVariable = "GOOGLE_CLOUD_LOCATION";

    /// <summary>The Gemini API's public endpoint.</summary>
    public const string DefaultEndpoint = "https://generativelanguage.googleapis.com/";
}
