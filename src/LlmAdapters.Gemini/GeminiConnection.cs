using System.Globalization;
using LlmAdapters.Http;

namespace LlmAdapters.Gemini;

/// <summary>
/// What every Gemini client shares: the back end (Gemini API or Vertex AI), its URL form, its credentials and the
/// transport. Built once from <see cref="GeminiOptions"/>, validated before any I/O.
/// </summary>
internal sealed class GeminiConnection : IDisposable
{
    public const string GeminiProvider = GeminiConstants.GeminiProviderName;
    public const string VertexProvider = GeminiConstants.VertexProviderName;
    public const string CloudPlatformScope = "https://www.googleapis.com/auth/cloud-platform";
    private static readonly string[] KeyVariables = [GeminiConstants.ApiKeyEnvironmentVariable, GeminiConstants.GoogleApiKeyEnvironmentVariable];
    private readonly string _resourcePrefix;

    public GeminiConnection(GeminiOptions options)
    {
        Options = Throw.IfNull(options);
        var vertex = options.Vertex;
        IsVertex = vertex is not null;
        Provider = IsVertex ? VertexProvider : GeminiProvider;
        CredentialSource credential;
        if (vertex is null)
        {
            var key = ApiKeyResolver.Require(options.ApiKey, "the Gemini API", "GeminiOptions.ApiKey", KeyVariables);
            credential = new ApiKeyCredential(key, "x-goog-api-key", scheme: null, ApiKeyResolver.Describe("GeminiOptions.ApiKey", KeyVariables));
            Endpoint = options.Endpoint ?? new Uri(GeminiConstants.DefaultEndpoint);
            ApiVersion = options.ApiVersion ?? "v1beta";
            _resourcePrefix = string.Empty;
        }
        else
        {
            var location = string.IsNullOrWhiteSpace(vertex.Location) ? "global" : vertex.Location.Trim();
            var key = vertex.Credential is null ? ApiKeyResolver.Find(options.ApiKey, GeminiConstants.GoogleApiKeyEnvironmentVariable) : null;
            if (vertex.Credential is null && key is not null && string.IsNullOrWhiteSpace(vertex.Project))
            {
                // Express mode: an API key, no project or location in the path.
                credential = new ApiKeyCredential(key, "x-goog-api-key", scheme: null, "GeminiOptions.ApiKey (Vertex AI express mode)");
                _resourcePrefix = string.Empty;
                Endpoint = options.Endpoint ?? new Uri("https://aiplatform.googleapis.com/");
            }
            else
            {
                if (string.IsNullOrWhiteSpace(vertex.Project))
                {
                    throw new ProviderConfigurationException(
                        "Vertex AI needs a project: set GeminiOptions.Vertex.Project to the Google Cloud project id (or set an API key for express mode).");
                }

                credential = GoogleBearerCredential.Create(vertex.Credential, options.TimeProvider);
                _resourcePrefix = string.Create(CultureInfo.InvariantCulture, $"projects/{vertex.Project.Trim()}/locations/{location}/");
                Endpoint = options.Endpoint ?? new Uri(location == "global"
                    ? "https://aiplatform.googleapis.com/"
                    : $"https://{location}-aiplatform.googleapis.com/");
            }

            ApiVersion = options.ApiVersion ?? "v1";
        }

        if (!Endpoint.AbsoluteUri.EndsWith('/'))
        {
            Endpoint = new Uri(Endpoint.AbsoluteUri + "/");
        }

        Transport = new ProviderTransport(new ProviderTransportOptions
        {
            Provider = Provider,
            ErrorParser = GeminiErrors.Parse,
            HttpClient = options.HttpClient,
            Credential = credential,
            RequestIdHeader = "x-goog-request-id",
            DefaultHeaders = [.. options.Headers.Where(h => !string.IsNullOrWhiteSpace(h.Value))],
            MaxResponseBytes = options.MaxResponseBytes,
            TimeProvider = options.TimeProvider,
        });
    }

    public GeminiOptions Options { get; }

    public bool IsVertex { get; }

    public string Provider { get; }

    public Uri Endpoint { get; }

    public string ApiVersion { get; }

    public ProviderTransport Transport { get; }

    /// <summary>The model's resource name as the API spells it inside bodies: <c>models/x</c> or <c>publishers/google/models/x</c>.</summary>
    public string ModelResource(string model)
    {
        if (model.Contains('/', StringComparison.Ordinal))
        {
            return model;
        }

        return IsVertex ? string.Concat(_resourcePrefix, "publishers/google/models/", model) : "models/" + model;
    }

    /// <summary>The URL of a model method such as <c>generateContent</c>.</summary>
    public Uri ModelMethod(string model, string method, string? query = null)
    {
        var resource = model.StartsWith("models/", StringComparison.Ordinal) && IsVertex ? model["models/".Length..] : model;
        return new Uri(Endpoint, string.Concat(ApiVersion, "/", ModelResource(resource), ":", method, query));
    }

    /// <summary>The collection or item URL of <c>cachedContents</c>.</summary>
    public Uri CachedContents(string? name = null, string? query = null)
    {
        var path = name is null ? _resourcePrefix + "cachedContents" : CacheResource(name);
        return new Uri(Endpoint, string.Concat(ApiVersion, "/", path, query));
    }

    /// <summary>The full resource name of a cache, as <c>cachedContent</c> in a request expects it:
    /// <c>abc</c> and <c>cachedContents/abc</c> gain the Vertex AI project and location prefix; full names stay as they are.</summary>
    public string CacheResource(string name)
    {
        if (name.StartsWith("projects/", StringComparison.Ordinal))
        {
            return name;
        }

        return name.StartsWith("cachedContents/", StringComparison.Ordinal)
            ? _resourcePrefix + name
            : _resourcePrefix + "cachedContents/" + name;
    }

    /// <summary>The Files API root, for expanding <c>files/abc</c> ids into <c>fileUri</c>s.</summary>
    public string FilesRoot => new Uri(Endpoint, ApiVersion + "/").AbsoluteUri;

    public void Dispose()
    {
        Transport.Dispose();
        (Transport.Credential as IDisposable)?.Dispose();
    }
}
