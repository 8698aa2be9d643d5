using System.Net.ServerSentEvents;
using Azure.Core;
using LlmAdapters.Http;
using LlmAdapters.OpenAI.Wire;
using LlmAdapters.Providers;
using Microsoft.Extensions.AI;

namespace LlmAdapters.OpenAI;

/// <summary>
/// What the engine needs to talk to an OpenAI-shaped endpoint: validated settings, the credential (resolved before any
/// I/O), the transport, the request URLs for plain, compatible and Azure (classic and v1) endpoints, and the pure pieces
/// the chat engine plugs in. A chat completion and a stream chunk decode to the same <see cref="OpenAIStreamChunk"/>.
/// </summary>
internal sealed class OpenAIProtocol : ChatProtocol<ChatCompletionRequest, OpenAIStreamChunk, OpenAIStreamChunk>
{
    private static readonly BodyParser<OpenAIStreamChunk> CompletionParser = OpenAIStreamDecoder.ParseCompletion;
    private readonly RefreshingBearerCredential? _ownedCredential;

    private OpenAIProtocol(OpenAIOptions options, Uri endpoint, ProviderTransport transport, RefreshingBearerCredential? ownedCredential)
        : base(transport, endpoint, options.DefaultModelId)
    {
        Settings = options;
        Endpoint = endpoint;
        _ownedCredential = ownedCredential;
        ChatCompletionsUri = Operation("chat/completions");
        EmbeddingsUri = Operation("embeddings");
    }

    public OpenAIOptions Settings { get; }

    public Uri Endpoint { get; }

    public Uri ChatCompletionsUri { get; }

    public Uri EmbeddingsUri { get; }

    public override object Options => Settings;


    // An Azure deployment is the model when no model is named.
    public override string? DefaultModelId => Settings.DefaultModelId ?? Settings.AzureDeployment;

    public override string MissingModelHint => "set ChatOptions.ModelId or OpenAIOptions.DefaultModelId.";

    public static OpenAIProtocol Create(OpenAIOptions options)
    {
        Throw.IfNull(options);
        Throw.IfNull(options.Endpoint, "options.Endpoint");
        var endpoint = options.Endpoint.AbsoluteUri.EndsWith('/') ? options.Endpoint : new Uri(options.Endpoint.AbsoluteUri + "/");
        if (options.Compatibility.MaxEmbeddingInputs <= 0)
        {
            throw new ArgumentException("OpenAIOptions.Compatibility.MaxEmbeddingInputs must be positive.", nameof(options));
        }

        var (credential, owned) = CreateCredential(options);
        var headers = new List<KeyValuePair<string, string>>();
        AddHeader(headers, "OpenAI-Organization", options.Organization);
        AddHeader(headers, "OpenAI-Project", options.Project);
        AddHeader(headers, "HTTP-Referer", options.HttpReferer);
        AddHeader(headers, "X-Title", options.AppTitle);
        foreach (var header in options.Headers)
        {
            AddHeader(headers, header.Key, header.Value);
        }

        var transport = new ProviderTransport(new ProviderTransportOptions
        {
            Provider = options.ProviderName,
            ErrorParser = OpenAIErrors.Parser,
            HttpClient = options.HttpClient,
            Credential = credential,
            DefaultHeaders = headers,
            MaxResponseBytes = options.MaxResponseBytes,
            TimeProvider = options.TimeProvider,
        });
        return new OpenAIProtocol(options, endpoint, transport, owned);
    }

    public override ChatCompletionRequest ToWireRequest(IEnumerable<ChatMessage> messages, ChatOptions? options, string model, bool stream) =>
        OpenAIRequestMapper.ToWireRequest(messages, options, Settings, model, stream);

    public override HttpContent ToContent(ChatCompletionRequest request, object? raw) =>
        RawRequestMerge.ToContent(request, OpenAIJsonContext.Default.ChatCompletionRequest, raw);

    public override Uri RequestUri(ChatCompletionRequest request, string model, bool stream) => ChatCompletionsUri;

    public override ValueTask<OpenAIStreamChunk> ReadResponseAsync(ProviderResponse response, CancellationToken cancellationToken) =>
        response.ReadAsync(CompletionParser, "a chat completion", cancellationToken);

    public override ChatResponse FromWireResponse(OpenAIStreamChunk response, ChatCompletionRequest request, string model) =>
        OpenAIResponseMapper.FromWireResponse(response, Settings.Compatibility);

    public override SseItemParser<OpenAIStreamChunk> CreateStreamDecoder(string? requestId) => new OpenAIStreamDecoder().Parse;

    public override StreamMapper<OpenAIStreamChunk> CreateStreamMapper(ChatCompletionRequest request, string model) =>
        new OpenAIStreamMapper(Settings.Compatibility);

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _ownedCredential?.Dispose();
        }
    }

    private static (CredentialSource? Credential, RefreshingBearerCredential? Owned) CreateCredential(OpenAIOptions options)
    {
        if (options.TokenCredential is { } tokenCredential)
        {
            var owned = new RefreshingBearerCredential(
                async ct =>
                {
                    var token = await tokenCredential.GetTokenAsync(new TokenRequestContext([OpenAIOptions.AzureTokenScope]), ct).ConfigureAwait(false);
                    return new LlmAdapters.AccessToken(token.Token, token.ExpiresOn);
                },
                "OpenAIOptions.TokenCredential (Entra ID token for " + OpenAIOptions.AzureTokenScope + ")",
                timeProvider: options.TimeProvider);
            return (owned, owned);
        }

        string[] variables = options.ApiKeyEnvironmentVariable is { Length: > 0 } variable ? [variable] : [];
        var key = ApiKeyResolver.Find(options.ApiKey, variables);
        var description = ApiKeyResolver.Describe("OpenAIOptions.ApiKey", variables);
        if (key is null && options.RequiresApiKey)
        {
            throw new ProviderConfigurationException(variables.Length == 0
                ? $"No API key for {options.ProviderName}: set OpenAIOptions.ApiKey."
                : $"No API key for {options.ProviderName}: set OpenAIOptions.ApiKey or the environment variable {variables[0]}.");
        }

        CredentialSource? credential = key is null
            ? null
            : options.UseApiKeyHeader
                ? new ApiKeyCredential(key, "api-key", null, description)
                : new ApiKeyCredential(key, "Authorization", "Bearer", description);
        return (credential, null);
    }

    private static void AddHeader(List<KeyValuePair<string, string>> headers, string name, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            headers.Add(new KeyValuePair<string, string>(name, value));
        }
    }

    private Uri Operation(string path)
    {
        if (Settings.AzureDeployment is { } deployment && Settings.AzureApiVersion is { } version)
        {
            return new Uri(Endpoint, $"deployments/{Uri.EscapeDataString(deployment)}/{path}?api-version={Uri.EscapeDataString(version)}");
        }

        return new Uri(Endpoint, path);
    }
}
