using System.Globalization;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using LlmAdapters.Anthropic.Wire;
using LlmAdapters.Http;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Anthropic;

/// <summary>
/// An <see cref="IChatClient"/> for the Anthropic Messages API (streaming and not), with extended thinking, tools,
/// documents, prompt caching and structured output. Also an <see cref="ITokenCounter"/> over
/// <c>/v1/messages/count_tokens</c>, and a model lister. Anthropic has no embeddings endpoint.
/// </summary>
public sealed class AnthropicChatClient : IChatClient, ITokenCounter
{
    /// <summary>The OpenTelemetry GenAI provider name reported in <see cref="ChatClientMetadata"/> and errors.</summary>
    public const string ProviderName = "anthropic";

    /// <summary>The beta flag that must accompany OAuth access tokens.</summary>
    internal const string OAuthBeta = "oauth-2025-04-20";

    private const string FilesBeta = "files-api-2025-04-14";
    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json");

    private readonly AnthropicOptions _options;
    private readonly ProviderTransport _transport;
    private readonly ChatClientMetadata _metadata;
    private readonly Uri _messagesUri;
    private readonly Uri _countTokensUri;
    private readonly Uri _modelsUri;
    private readonly KeyValuePair<string, string>[] _filesHeaders;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="options">Endpoint, credentials and defaults.</param>
    /// <exception cref="ProviderConfigurationException">No API key or OAuth token in the options or the environment.</exception>
    public AnthropicChatClient(AnthropicOptions options)
    {
        _options = Throw.IfNull(options);
        var endpoint = Throw.IfNull(options.Endpoint);
        if (!endpoint.AbsoluteUri.EndsWith('/'))
        {
            endpoint = new Uri(endpoint.AbsoluteUri + "/");
        }

        _messagesUri = new Uri(endpoint, "v1/messages");
        _countTokensUri = new Uri(endpoint, "v1/messages/count_tokens");
        _modelsUri = new Uri(endpoint, "v1/models");
        _metadata = new ChatClientMetadata(ProviderName, endpoint, options.DefaultModelId);

        var (credential, isOAuth) = ResolveCredential(options);
        var betas = options.BetaFeatures.Where(b => !string.IsNullOrWhiteSpace(b)).ToList();
        if (isOAuth && !betas.Contains(OAuthBeta))
        {
            betas.Add(OAuthBeta);
        }

        var headers = new List<KeyValuePair<string, string>> { new("anthropic-version", options.ApiVersion) };
        if (betas.Count > 0)
        {
            headers.Add(new("anthropic-beta", string.Join(",", betas)));
        }

        foreach (var header in options.Headers)
        {
            if (!string.IsNullOrWhiteSpace(header.Value))
            {
                headers.Add(header);
            }
        }

        _filesHeaders = [new("anthropic-beta", string.Join(",", betas.Contains(FilesBeta) ? betas : [.. betas, FilesBeta]))];
        _transport = new ProviderTransport(new ProviderTransportOptions
        {
            Provider = ProviderName,
            ErrorParser = AnthropicErrors.Parse,
            HttpClient = options.HttpClient,
            Credential = credential,
            RequestIdHeader = "request-id",
            DefaultHeaders = headers,
            TimeProvider = options.TimeProvider ?? TimeProvider.System,
        });
    }

    /// <summary>Returns the <c>max_tokens</c> sent for <paramref name="modelId"/> when neither
    /// <c>ChatOptions.MaxOutputTokens</c> nor <see cref="AnthropicOptions.DefaultMaxOutputTokens"/> is set:
    /// 4,096 for Claude 3 Haiku/Sonnet/Opus, 8,192 for every later model.</summary>
    /// <param name="modelId">The model id.</param>
    /// <returns>The default output limit.</returns>
    public static int GetDefaultMaxOutputTokens(string modelId) => AnthropicModels.DefaultMaxOutputTokens(Throw.IfNull(modelId));

    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var request = Map(messages, options, stream: false);
        using var response = await _transport.SendAsync(
            HttpMethod.Post, _messagesUri, ToContent(request), streaming: false, cancellationToken, request.UsesFiles ? _filesHeaders : null).ConfigureAwait(false);
        var wire = await response.ReadJsonAsync(AnthropicJsonContext.Default.MessagesResponse, cancellationToken).ConfigureAwait(false);
        var chat = AnthropicResponseMapper.FromWireResponse(wire, request.StructuredOutputTool);
        chat.AdditionalProperties = AddResponseMetadata(chat.AdditionalProperties, response);
        return chat;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var request = Map(messages, options, stream: true);
        using var response = await _transport.SendAsync(
            HttpMethod.Post, _messagesUri, ToContent(request), streaming: true, cancellationToken, request.UsesFiles ? _filesHeaders : null).ConfigureAwait(false);
        var body = await response.OpenBodyAsync(cancellationToken).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            var mapper = new AnthropicStreamMapper(request.StructuredOutputTool);
            var first = true;

            var events = new SseEventSource<AnthropicStreamEvent>(body, AnthropicStreamEvent.Parse, ProviderName, response.RequestId, cancellationToken);
            await using (events.ConfigureAwait(false))
            {
                while (await events.MoveNextAsync().ConfigureAwait(false))
                {
                    var evt = events.Current.Data;
                    if (ReferenceEquals(evt.Type, AnthropicStreamEvent.Error))
                    {
                        // An error after the 200 (for example overloaded_error): what was yielded stays yielded.
                        throw _transport.StreamError(AnthropicErrors.FromWire(evt.Body?.Error), response.RequestId);
                    }

                    var update = mapper.FromStreamEvent(evt);
                    if (update is null)
                    {
                        continue;
                    }

                    if (first)
                    {
                        first = false;
                        update.AdditionalProperties = AddResponseMetadata(update.AdditionalProperties, response);
                    }

                    yield return update;
                    if (mapper.Completed)
                    {
                        yield break;
                    }
                }
            }

            throw ProviderErrorFactory.StreamInterrupted(ProviderName, response.RequestId, "the stream ended before message_stop", null);
        }
    }

    /// <summary>Counts the input tokens of exactly what <see cref="GetResponseAsync"/> would send, with
    /// <c>POST /v1/messages/count_tokens</c>.</summary>
    /// <param name="messages">The conversation.</param>
    /// <param name="options">The options (model, instructions, tools, reasoning).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The input-token count Anthropic reports.</returns>
    public async Task<int> CountTokensAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var request = AnthropicRequestMapper.ToCountTokensRequest(Map(messages, options, stream: false));
        using var response = await _transport.SendAsync(
            HttpMethod.Post, _countTokensUri, ToContent(request), streaming: false, cancellationToken, request.UsesFiles ? _filesHeaders : null).ConfigureAwait(false);
        var wire = await response.ReadJsonAsync(AnthropicJsonContext.Default.CountTokensResponse, cancellationToken).ConfigureAwait(false);
        return wire.InputTokens;
    }

    /// <summary>Lists the models the credentials can use (<c>GET /v1/models</c>, every page).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The models, newest first as the API orders them.</returns>
    public async Task<IReadOnlyList<AnthropicModelInfo>> ListModelsAsync(CancellationToken cancellationToken = default)
    {
        var models = new List<AnthropicModelInfo>();
        string? after = null;
        while (true)
        {
            var uri = after is null
                ? new Uri(_modelsUri + "?limit=1000")
                : new Uri(string.Create(CultureInfo.InvariantCulture, $"{_modelsUri}?limit=1000&after_id={Uri.EscapeDataString(after)}"));
            var page = (await _transport.SendJsonAsync(HttpMethod.Get, uri, AnthropicJsonContext.Default.ModelsPage, cancellationToken).ConfigureAwait(false)).Value;
            foreach (var model in page.Data ?? [])
            {
                if (model.Id is { } id)
                {
                    models.Add(new AnthropicModelInfo(id, model.DisplayName, model.CreatedAt, model.MaxInputTokens, model.MaxTokens));
                }
            }

            if (!page.HasMore || page.LastId is null || page.LastId == after)
            {
                return models;
            }

            after = page.LastId;
        }
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == typeof(ChatClientMetadata))
        {
            return _metadata;
        }

        if (serviceType == typeof(AnthropicOptions))
        {
            return _options;
        }

        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <summary>Releases the HTTP client when this instance created it (a client passed in options is left alone).</summary>
    public void Dispose() => _transport.Dispose();

    private static (CredentialSource Credential, bool IsOAuth) ResolveCredential(AnthropicOptions options)
    {
        const string Where = "AnthropicOptions.ApiKey, AnthropicOptions.AuthToken or the ANTHROPIC_API_KEY / ANTHROPIC_AUTH_TOKEN environment variables";
        if (!string.IsNullOrWhiteSpace(options.AuthToken))
        {
            return (Bearer(options.AuthToken, "AnthropicOptions.AuthToken"), true);
        }

        if (ApiKeyResolver.Find(options.ApiKey, "ANTHROPIC_API_KEY") is { } key)
        {
            var from = string.IsNullOrWhiteSpace(options.ApiKey) ? "the ANTHROPIC_API_KEY environment variable" : "AnthropicOptions.ApiKey";

            // OAuth access tokens look like keys but are sent as bearer tokens with the OAuth beta flag.
            return key.StartsWith("sk-ant-oat", StringComparison.Ordinal)
                ? (Bearer(key, from), true)
                : (new ApiKeyCredential(key, "x-api-key", scheme: null, description: from), false);
        }

        if (ApiKeyResolver.Find(null, "ANTHROPIC_AUTH_TOKEN") is { } token)
        {
            return (Bearer(token, "the ANTHROPIC_AUTH_TOKEN environment variable"), true);
        }

        throw new ProviderConfigurationException($"No Anthropic credentials: set {Where}.");

        static ApiKeyCredential Bearer(string token, string from) => new(token, "Authorization", "Bearer", from);
    }

    private AnthropicRequest Map(IEnumerable<ChatMessage> messages, ChatOptions? options, bool stream) =>
        AnthropicRequestMapper.ToWireRequest(messages, options, _options, stream, options?.RawRepresentationFactory?.Invoke(this));

    private static ByteArrayContent ToContent(AnthropicRequest request)
    {
        if (request.Overrides is not { } overrides)
        {
            return ProviderTransport.JsonContent(request.Body, AnthropicJsonContext.Requests.MessagesRequest);
        }

        // Fields the caller pre-built through RawRepresentationFactory take precedence over mapped ones.
        var node = JsonSerializer.SerializeToNode(request.Body, AnthropicJsonContext.Requests.MessagesRequest)!.AsObject();
        foreach (var (name, value) in overrides)
        {
            node[name] = value?.DeepClone();
        }

        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(node, AnthropicJsonContext.Requests.JsonObject));
        content.Headers.ContentType = JsonMediaType;
        return content;
    }

    private static AdditionalPropertiesDictionary? AddResponseMetadata(AdditionalPropertiesDictionary? properties, ProviderResponse response)
    {
        if (response.RequestId is { } requestId)
        {
            (properties ??= [])[AdditionalPropertyKeys.RequestId] = requestId;
        }

        if (response.RateLimits is { } rateLimits)
        {
            (properties ??= [])[AdditionalPropertyKeys.RateLimits] = rateLimits;
        }

        return properties;
    }
}
