using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using LlmAdapters.Http;
using LlmAdapters.Ollama.Wire;
using LlmAdapters.Providers;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Ollama;

/// <summary>
/// What the engine needs to talk to an Ollama server: the endpoint (options, then <c>OLLAMA_HOST</c>, then
/// <c>http://localhost:11434/</c>), an optional bearer key, the paths, NDJSON stream framing, and the pure pieces of the
/// chat and embeddings engines. The model service sends through the same transport.
/// </summary>
internal sealed class OllamaProtocol : ChatProtocol<OllamaChatRequest, OllamaChatResponse, OllamaStreamChunk>, IEmbeddingProtocol
{
    private readonly OllamaOptions _options;
    private OllamaModelService? _models;

    private OllamaProtocol(OllamaOptions options, Uri endpoint, ProviderTransport transport)
        : base(transport, endpoint, options.DefaultModelId)
    {
        _options = options;
        Endpoint = endpoint;
        ChatUri = new Uri(endpoint, "api/chat");
        EmbedUri = new Uri(endpoint, "api/embed");
        TagsUri = new Uri(endpoint, "api/tags");
        ShowUri = new Uri(endpoint, "api/show");
    }

    public Uri Endpoint { get; }

    public Uri ChatUri { get; }

    public Uri EmbedUri { get; }

    public Uri TagsUri { get; }

    public Uri ShowUri { get; }

    public override object Options => _options;

    public override string MissingModelHint => "set ChatOptions.ModelId or OllamaOptions.DefaultModelId (for example llama3.2).";

    public string? DefaultEmbeddingModelId => _options.DefaultModelId;

    public string MissingEmbeddingModelHint => "set EmbeddingGenerationOptions.ModelId or OllamaOptions.DefaultModelId (for example nomic-embed-text).";

    /// <summary>The model service over this protocol's transport.</summary>
    public OllamaModelService Models => _models ??= new OllamaModelService(this);

    public static OllamaProtocol Create(OllamaOptions options)
    {
        Throw.IfNull(options);
        var endpoint = ResolveEndpoint(options.Endpoint, Environment.GetEnvironmentVariable(OllamaConstants.HostEnvironmentVariable));
        CredentialSource? credential = options.Credential;
        if (credential is null && ApiKeyResolver.Find(options.ApiKey, OllamaConstants.ApiKeyEnvironmentVariable) is { } key)
        {
            var from = string.IsNullOrWhiteSpace(options.ApiKey) ? $"the {OllamaConstants.ApiKeyEnvironmentVariable} environment variable" : "OllamaOptions.ApiKey";
            credential = new ApiKeyCredential(key, "Authorization", "Bearer", from);
        }

        var transport = new ProviderTransport(ProviderTransportSettings.From(options, OllamaConstants.ProviderName, OllamaErrors.Parse, credential));
        return new OllamaProtocol(options, endpoint, transport);
    }

    /// <summary>The server's base address: <paramref name="configured"/>, else <paramref name="ollamaHost"/> read as the
    /// <c>ollama</c> command reads <c>OLLAMA_HOST</c>, else the local default. Always ends in <c>/</c>; a trailing <c>v1/</c>
    /// (the OpenAI-compatible API's base) is dropped, since the native API lives beside it.</summary>
    internal static Uri ResolveEndpoint(Uri? configured, string? ollamaHost)
    {
        var endpoint = configured ?? (string.IsNullOrWhiteSpace(ollamaHost) ? new Uri(OllamaConstants.DefaultEndpoint) : ParseHost(ollamaHost));
        if (!endpoint.IsAbsoluteUri)
        {
            throw new ProviderConfigurationException($"OllamaOptions.Endpoint '{endpoint}' is not an absolute URL such as {OllamaConstants.DefaultEndpoint}.");
        }

        var text = endpoint.AbsoluteUri;
        if (!text.EndsWith('/'))
        {
            text += "/";
        }

        if (text.EndsWith("/v1/", StringComparison.OrdinalIgnoreCase))
        {
            text = text[..^"v1/".Length];
        }

        return new Uri(text);
    }

    /// <summary>Reads <c>OLLAMA_HOST</c>: <c>host</c>, <c>host:port</c> or <c>scheme://host[:port][/path]</c>. Without a port the
    /// port is 11434, or 80/443 when a scheme is given; the bare <c>ollama.com</c> means <c>https://ollama.com</c>; an empty
    /// host, <c>0.0.0.0</c> or <c>::</c> (a server listening everywhere) is reached on this machine.</summary>
    internal static Uri ParseHost(string value)
    {
        var text = value.Trim().Trim('"', '\'');
        var scheme = "http";
        var port = OllamaConstants.DefaultPort;
        var separator = text.IndexOf("://", StringComparison.Ordinal);
        if (separator > 0)
        {
            scheme = text[..separator].ToLowerInvariant();
            text = text[(separator + 3)..];
            port = scheme == "https" ? 443 : 80;
        }
        else if (string.Equals(text, "ollama.com", StringComparison.OrdinalIgnoreCase))
        {
            scheme = "https";
            port = 443;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var path = slash >= 0 ? text[slash..] : "/";
        var hostPort = slash >= 0 ? text[..slash] : text;
        string host;
        string? portText = null;
        if (hostPort.StartsWith('['))
        {
            var close = hostPort.IndexOf(']', StringComparison.Ordinal);
            host = close > 0 ? hostPort[1..close] : hostPort;
            portText = close > 0 && close + 1 < hostPort.Length && hostPort[close + 1] == ':' ? hostPort[(close + 2)..] : null;
        }
        else if (hostPort.Count(c => c == ':') == 1)
        {
            var colon = hostPort.IndexOf(':', StringComparison.Ordinal);
            host = hostPort[..colon];
            portText = hostPort[(colon + 1)..];
        }
        else
        {
            host = hostPort;
        }

        if (portText is not null && !(int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is > 0 and < 65536))
        {
            throw new ProviderConfigurationException(
                $"{OllamaConstants.HostEnvironmentVariable} '{value}' has no valid port: write it as host:port or scheme://host:port, for example 127.0.0.1:11434.");
        }

        host = host switch
        {
            "" or "0.0.0.0" => "127.0.0.1",
            "::" => "::1",
            _ => host,
        };
        if (scheme is not ("http" or "https") || Uri.CheckHostName(host) == UriHostNameType.Unknown)
        {
            throw new ProviderConfigurationException(
                $"{OllamaConstants.HostEnvironmentVariable} '{value}' is not a server address: write it as host, host:port or http(s)://host:port, for example 127.0.0.1:11434.");
        }

        return new UriBuilder(scheme, host, port, path.EndsWith('/') ? path : path + "/").Uri;
    }

    public override OllamaChatRequest ToWireRequest(IEnumerable<ChatMessage> messages, ChatOptions? options, string model, bool stream) =>
        OllamaRequestMapper.ToWireRequest(messages, options, model, stream);

    public override HttpContent ToContent(OllamaChatRequest request, object? raw) =>
        RawRequestMerge.ToContent(request, OllamaJsonContext.Default.OllamaChatRequest, raw);

    public override Uri RequestUri(OllamaChatRequest request, string model, bool stream) => ChatUri;

    public override ValueTask<OllamaChatResponse> ReadResponseAsync(ProviderResponse response, CancellationToken cancellationToken) =>
        new(response.ReadJsonAsync(OllamaJsonContext.Default.OllamaChatResponse, cancellationToken));

    public override ChatResponse FromWireResponse(OllamaChatResponse response, OllamaChatRequest request, string model) =>
        OllamaResponseMapper.FromWireResponse(response, OllamaResponseMapper.NewResponseId());

    public override IAsyncEnumerator<OllamaStreamChunk> OpenStream(Stream body, string? requestId, CancellationToken cancellationToken) =>
        new NdjsonEventSource<OllamaStreamChunk>(body, new OllamaStreamDecoder().Decode, ProviderName, requestId, cancellationToken);

    /// <summary>Ollama's <c>/api/chat</c> runs no tools on the server.</summary>
    public override bool ServesHostedTool(AITool tool) => false;

    public override StreamMapper<OllamaStreamChunk> CreateStreamMapper(OllamaChatRequest request, string model) => new OllamaStreamMapper(OllamaResponseMapper.NewResponseId());

    public override ProviderException? RefineError(ProviderException error, OllamaChatRequest request, string model) => OllamaErrors.Refine(error, model, Endpoint);

    public override object? GetService(Type serviceType) => serviceType == typeof(OllamaModelService) ? Models : null;

    // The server embeds a whole batch in one request: input is an array.
    public int MaxInputsPerRequest(string model) => int.MaxValue;

    public Uri EmbeddingRequestUri(string model) => EmbedUri;

    public HttpContent ToEmbeddingContent(IReadOnlyList<string> inputs, EmbeddingGenerationOptions? options, string model, object? raw) =>
        RawRequestMerge.ToContent(OllamaEmbeddingMapper.ToWireRequest(inputs, options, model), OllamaJsonContext.Default.OllamaEmbedRequest, raw);

    public async ValueTask<EmbeddingBatch> ReadEmbeddingsAsync(ProviderResponse response, string model, CancellationToken cancellationToken)
    {
        var wire = await response.ReadJsonAsync(OllamaJsonContext.Default.OllamaEmbedResponse, cancellationToken).ConfigureAwait(false);
        return OllamaEmbeddingMapper.FromWireResponse(wire, model);
    }

    public ProviderException? RefineEmbeddingError(ProviderException error, string model) => OllamaErrors.Refine(error, model, Endpoint);

    public object? GetEmbeddingService(Type serviceType) => GetService(serviceType);

    /// <summary>Sends a request outside the engines (the model service), refining failures as the engines do.</summary>
    public async Task<ProviderResponse> SendAsync(HttpMethod method, Uri uri, HttpContent? content, string? model, CancellationToken cancellationToken)
    {
        try
        {
            return await Transport.SendAsync(method, uri, content, streaming: false, cancellationToken).ConfigureAwait(false);
        }
        catch (ProviderException ex) when (OllamaErrors.Refine(ex, model, Endpoint) is { } refined)
        {
            throw refined;
        }
    }
}
