using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using LlmAdapters.Gemini.Wire;
using LlmAdapters.Http;
using LlmAdapters.Providers;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Gemini;

/// <summary>
/// What the engines need to talk to Gemini: the back end (Gemini API or Vertex AI), its URL form, its credentials and the
/// transport, validated before any I/O; the pure pieces of the chat engine (request and response mappers, stream decoder and
/// mapper) and of the embeddings engine; and the provider-only services reached through <c>GetService</c> (token counter,
/// context caches).
/// </summary>
internal sealed class GeminiProtocol : ChatProtocol<GeminiRequest, GeminiResponse, GeminiStreamChunk>, IEmbeddingProtocol
{
    /// <summary>The OAuth scope Vertex AI tokens are requested for.</summary>
    public const string CloudPlatformScope = "https://www.googleapis.com/auth/cloud-platform";

    private static readonly string[] KeyVariables = [GeminiConstants.ApiKeyEnvironmentVariable, GeminiConstants.GoogleApiKeyEnvironmentVariable];
    private readonly string _resourcePrefix;
    private readonly GeminiTokenCounter _tokenCounter;
    private GeminiContextCaches? _caches;
    private ModelUri? _lastUri;
    private ModelUri? _lastStreamUri;

    private GeminiProtocol(GeminiOptions options, ProviderTransport transport, Uri endpoint, string apiVersion, string resourcePrefix)
        : base(transport, endpoint, options.DefaultModelId)
    {
        Settings = options;
        Endpoint = endpoint;
        ApiVersion = apiVersion;
        IsVertex = options.Vertex is not null;
        _resourcePrefix = resourcePrefix;
        _tokenCounter = new GeminiTokenCounter(this);
    }

    public GeminiOptions Settings { get; }

    public override object Options => Settings;

    /// <summary>Both back ends cache through stored <c>cachedContents</c> (<see cref="GeminiContextCaches"/>).</summary>
    public override PromptCachingStyle PromptCaching => PromptCachingStyle.ContextCache;

    public bool IsVertex { get; }

    public Uri Endpoint { get; }

    public string ApiVersion { get; }

    /// <summary>The Files API root, for expanding <c>files/abc</c> ids into <c>fileUri</c>s.</summary>
    public string FilesRoot => new Uri(Endpoint, ApiVersion + "/").AbsoluteUri;

    public override string MissingModelHint => "set ChatOptions.ModelId or GeminiOptions.DefaultModelId (for example 'gemini-2.5-flash').";

    public string? DefaultEmbeddingModelId => Settings.DefaultEmbeddingModelId;

    public string MissingEmbeddingModelHint => "set EmbeddingGenerationOptions.ModelId or GeminiOptions.DefaultEmbeddingModelId (for example 'gemini-embedding-001').";

    /// <summary>Validates the options, resolves the back end and its credential, and builds the transport.</summary>
    /// <exception cref="ProviderConfigurationException">No API key or Vertex project/credential could be found.</exception>
    public static GeminiProtocol Create(GeminiOptions options)
    {
        Throw.IfNull(options);
        CredentialSource credential;
        Uri endpoint;
        string resourcePrefix = string.Empty;
        if (options.Vertex is not { } vertex)
        {
            credential = options.Credential ?? new ApiKeyCredential(
                ApiKeyResolver.Require(options.ApiKey, "the Gemini API", "GeminiOptions.ApiKey", KeyVariables),
                "x-goog-api-key",
                scheme: null,
                ApiKeyResolver.Describe("GeminiOptions.ApiKey", KeyVariables));
            endpoint = options.Endpoint ?? new Uri(GeminiConstants.DefaultEndpoint);
        }
        else
        {
            var location = string.IsNullOrWhiteSpace(vertex.Location) ? "global" : vertex.Location.Trim();
            var key = vertex.Credential is null ? ApiKeyResolver.Find(options.ApiKey, GeminiConstants.GoogleApiKeyEnvironmentVariable) : null;
            if (vertex.Credential is null && key is not null && string.IsNullOrWhiteSpace(vertex.Project))
            {
                // Express mode: an API key, no project or location in the path.
                credential = new ApiKeyCredential(key, "x-goog-api-key", scheme: null, "GeminiOptions.ApiKey (Vertex AI express mode)");
                endpoint = options.Endpoint ?? new Uri("https://aiplatform.googleapis.com/");
            }
            else
            {
                if (string.IsNullOrWhiteSpace(vertex.Project))
                {
                    throw new ProviderConfigurationException(
                        "Vertex AI needs a project: set GeminiOptions.Vertex.Project to the Google Cloud project id (or set an API key for express mode).");
                }

                credential = options.Credential ?? GoogleBearerCredential.Create(vertex.Credential, options.TimeProvider);
                resourcePrefix = string.Create(CultureInfo.InvariantCulture, $"projects/{vertex.Project.Trim()}/locations/{location}/");
                endpoint = options.Endpoint ?? new Uri(location == "global"
                    ? "https://aiplatform.googleapis.com/"
                    : $"https://{location}-aiplatform.googleapis.com/");
            }
        }

        if (!endpoint.AbsoluteUri.EndsWith('/'))
        {
            endpoint = new Uri(endpoint.AbsoluteUri + "/");
        }

        var provider = options.Vertex is null ? GeminiConstants.GeminiProviderName : GeminiConstants.VertexProviderName;
        var transport = new ProviderTransport(ProviderTransportSettings.From(options, provider, GeminiErrors.Parse, credential, requestIdHeader: "x-goog-request-id"));
        var apiVersion = options.ApiVersion ?? (options.Vertex is null ? "v1beta" : "v1");
        return new GeminiProtocol(options, transport, endpoint, apiVersion, resourcePrefix);
    }

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

    public override string NormalizeModel(string model) => model.StartsWith("models/", StringComparison.Ordinal) ? model["models/".Length..] : model;

    public override GeminiRequest ToWireRequest(IEnumerable<ChatMessage> messages, ChatOptions? options, string model, bool stream) =>
        GeminiRequestMapper.ToWireRequest(messages, options, new GeminiRequestContext(model, FilesRoot, CacheResource));

    public override HttpContent ToContent(GeminiRequest request, object? raw) =>
        RawRequestMerge.ToContent(request, GeminiJsonContext.Default.GeminiRequest, raw);

    public override Uri RequestUri(GeminiRequest request, string model, bool stream)
    {
        // The URL names the model: keep the last one per method, as a call rarely changes models (a Uri costs ~400 bytes).
        var last = stream ? _lastStreamUri : _lastUri;
        if (last is not null && string.Equals(last.Model, model, StringComparison.Ordinal))
        {
            return last.Uri;
        }

        last = new ModelUri(model, stream ? ModelMethod(model, "streamGenerateContent", "?alt=sse") : ModelMethod(model, "generateContent"));
        if (stream)
        {
            _lastStreamUri = last;
        }
        else
        {
            _lastUri = last;
        }

        return last.Uri;
    }

    public override ValueTask<GeminiResponse> ReadResponseAsync(ProviderResponse response, CancellationToken cancellationToken) =>
        response.ReadAsync(GeminiResponseMapper.ParseBody, "the expected JSON", cancellationToken);

    public override ChatResponse FromWireResponse(GeminiResponse response, GeminiRequest request, string model) =>
        GeminiResponseMapper.FromWireResponse(response, ProviderName, model);

    public override SseEventParser<GeminiStreamChunk> CreateStreamDecoder(string? requestId) => new GeminiStreamDecoder().Decode;

    /// <summary>Gemini's built-in tools: Google Search grounding (and URL context through it) and code execution.</summary>
    public override bool ServesHostedTool(AITool tool) => tool is HostedWebSearchTool or HostedCodeInterpreterTool;

    public override StreamMapper<GeminiStreamChunk> CreateStreamMapper(GeminiRequest request, string model) => new GeminiStreamMapper(ProviderName, model, keepsAnswer: request.Tools is { Count: > 0 });

    public override ProviderException? RefineError(ProviderException error, GeminiRequest request, string model) =>
        GeminiErrors.CacheGone(error, request.CachedContent);

    public int MaxInputsPerRequest(string model) => GeminiEmbeddingMapper.MaxInputs(GeminiEmbeddingMapper.FormOf(model, IsVertex), model);

    public Uri EmbeddingRequestUri(string model) => ModelMethod(model, GeminiEmbeddingMapper.Method(GeminiEmbeddingMapper.FormOf(model, IsVertex)));

    public HttpContent ToEmbeddingContent(IReadOnlyList<string> inputs, EmbeddingGenerationOptions? options, string model, object? raw)
    {
        var settings = GeminiEmbeddingSettings.From(options);
        return GeminiEmbeddingMapper.FormOf(model, IsVertex) switch
        {
            GeminiEmbeddingForm.BatchEmbedContents => RawRequestMerge.ToContent(
                GeminiEmbeddingMapper.ToBatchRequest(inputs, ModelResource(model), settings), GeminiJsonContext.Default.GeminiBatchEmbedRequest, raw),
            GeminiEmbeddingForm.Predict => RawRequestMerge.ToContent(
                GeminiEmbeddingMapper.ToPredictRequest(inputs, settings), GeminiJsonContext.Default.VertexPredictRequest, raw),
            _ => RawRequestMerge.ToContent(
                GeminiEmbeddingMapper.ToVertexEmbedContent(inputs[0], settings), GeminiJsonContext.Default.GeminiEmbedRequest, raw),
        };
    }

    public async ValueTask<EmbeddingBatch> ReadEmbeddingsAsync(ProviderResponse response, string model, CancellationToken cancellationToken) =>
        GeminiEmbeddingMapper.FormOf(model, IsVertex) switch
        {
            GeminiEmbeddingForm.BatchEmbedContents => GeminiEmbeddingMapper.FromWireResponse(
                await response.ReadJsonAsync(GeminiJsonContext.Default.GeminiBatchEmbedResponse, cancellationToken).ConfigureAwait(false)),
            GeminiEmbeddingForm.Predict => GeminiEmbeddingMapper.FromWireResponse(
                await response.ReadJsonAsync(GeminiJsonContext.Default.VertexPredictResponse, cancellationToken).ConfigureAwait(false)),
            _ => GeminiEmbeddingMapper.FromWireResponse(
                await response.ReadJsonAsync(GeminiJsonContext.Default.GeminiEmbedResponse, cancellationToken).ConfigureAwait(false)),
        };

    public override object? GetService(Type serviceType)
    {
        if (serviceType == typeof(ITokenCounter))
        {
            return _tokenCounter;
        }

        if (serviceType == typeof(GeminiContextCaches) || serviceType == typeof(IContextCacheService))
        {
            return _caches ??= new GeminiContextCaches(this, ownsProtocol: false);
        }

        return null;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            // The transport was released above; the Vertex AI token source is ours too, a caller-supplied one is not.
            if (!ReferenceEquals(Transport.Credential, Settings.Credential))
            {
                (Transport.Credential as IDisposable)?.Dispose();
            }
        }
    }

    private sealed record ModelUri(string Model, Uri Uri);
}
