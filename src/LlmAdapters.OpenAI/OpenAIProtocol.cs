using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Azure.Core;
using LlmAdapters.Http;
using LlmAdapters.OpenAI.Wire;
using LlmAdapters.Providers;
using Microsoft.Extensions.AI;

namespace LlmAdapters.OpenAI;

/// <summary>
/// What the engine needs to talk to an OpenAI-shaped endpoint: validated settings, the credential (resolved before any
/// I/O), the transport, the request URLs for plain, compatible and Azure (classic and v1) endpoints, and the pure pieces
/// the chat and embeddings engines plug in. A chat completion and a stream chunk decode to the same <see cref="OpenAIStreamChunk"/>.
/// </summary>
internal sealed class OpenAIProtocol : ChatProtocol<ChatCompletionRequest, OpenAIStreamChunk, OpenAIStreamChunk>, IEmbeddingProtocol
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

    private OpenAITokenCounter? _tokenCounter;

    public Uri Endpoint { get; }

    public Uri ChatCompletionsUri { get; }

    public Uri EmbeddingsUri { get; }

    public override object Options => Settings;

    /// <summary>OpenAI caches repeated prefixes by itself; <c>prompt_cache_key</c> routes requests to the same cache.</summary>
    public override PromptCachingStyle PromptCaching => PromptCachingStyle.PromptCacheKey;


    // An Azure deployment is the model when no model is named.
    public override string? DefaultModelId => Settings.DefaultModelId ?? Settings.AzureDeployment;

    /// <summary>Answers <see cref="ITokenCounter"/> (and <see cref="ILocalTokenCounter"/>) with the local tokenizer.</summary>
    public override object? GetService(Type serviceType) =>
        serviceType == typeof(ITokenCounter) || serviceType == typeof(ILocalTokenCounter)
            ? _tokenCounter ??= new OpenAITokenCounter(options => options?.ModelId ?? DefaultModelId, model => OpenAIRequestMapper.UsesDeveloperRole(model, Settings))
            : null;

    public override string MissingModelHint => "set ChatOptions.ModelId or OpenAIOptions.DefaultModelId.";

    public string? DefaultEmbeddingModelId => DefaultModelId;

    public string MissingEmbeddingModelHint => "set EmbeddingGenerationOptions.ModelId or OpenAIOptions.DefaultModelId (for example text-embedding-3-small).";

    public static OpenAIProtocol Create(OpenAIOptions options)
    {
        Throw.IfNull(options);
        var configured = options.Endpoint ?? new Uri(OpenAIConstants.DefaultEndpoint);
        var endpoint = configured.AbsoluteUri.EndsWith('/') ? configured : new Uri(configured.AbsoluteUri + "/");
        if (options.Compatibility.MaxEmbeddingInputs <= 0)
        {
            throw new ArgumentException("OpenAIOptions.Compatibility.MaxEmbeddingInputs must be positive.", nameof(options));
        }

        var (credential, owned) = CreateCredential(options);
        KeyValuePair<string, string>[] headers =
        [
            new("OpenAI-Organization", options.Organization ?? string.Empty),
            new("OpenAI-Project", options.Project ?? string.Empty),
            new("HTTP-Referer", options.HttpReferer ?? string.Empty),
            new("X-Title", options.AppTitle ?? string.Empty),
        ];
        var transport = new ProviderTransport(ProviderTransportSettings.From(options, options.ProviderName, OpenAIErrors.Parser, credential, headers));
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

    public override SseEventParser<OpenAIStreamChunk> CreateStreamDecoder(string? requestId) => new OpenAIStreamDecoder().Parse;

    /// <summary>Chat Completions has no server-side tools (OpenAI serves them on the Responses API).</summary>
    public override bool ServesHostedTool(AITool tool) => false;

    public override StreamMapper<OpenAIStreamChunk> CreateStreamMapper(ChatCompletionRequest request, string model) =>
        new OpenAIStreamMapper(Settings.Compatibility);

    public int MaxInputsPerRequest(string model) => Settings.Compatibility.MaxEmbeddingInputs;

    public Uri EmbeddingRequestUri(string model) => EmbeddingsUri;

    public HttpContent ToEmbeddingContent(IReadOnlyList<string> inputs, EmbeddingGenerationOptions? options, string model, object? raw) =>
        RawRequestMerge.ToContent(OpenAIEmbeddingMapper.ToWireRequest(inputs, options, model, Settings.Compatibility), OpenAIJsonContext.Default.EmbeddingRequest, raw);

    public async ValueTask<EmbeddingBatch> ReadEmbeddingsAsync(ProviderResponse response, string model, CancellationToken cancellationToken) =>
        OpenAIEmbeddingMapper.FromWireResponse(
            await response.ReadJsonAsync(OpenAIJsonContext.Default.EmbeddingResponse, cancellationToken).ConfigureAwait(false), ProviderName);

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
        if (options.Credential is { } supplied)
        {
            return (supplied, null);
        }

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

    private Uri Operation(string path)
    {
        if (Settings.AzureDeployment is { } deployment && Settings.AzureApiVersion is { } version)
        {
            return new Uri(Endpoint, $"deployments/{Uri.EscapeDataString(deployment)}/{path}?api-version={Uri.EscapeDataString(version)}");
        }

        return new Uri(Endpoint, path);
    }
}
