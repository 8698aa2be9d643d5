using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using LlmAdapters.Anthropic.Wire;
using LlmAdapters.Http;
using LlmAdapters.Providers;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Anthropic;

/// <summary>
/// What the engine needs to talk to the Messages API: the credential (an API key as <c>x-api-key</c>, or an OAuth token
/// as a bearer with the OAuth beta flag), the version and beta headers, the endpoints, and the pure pieces of the chat engine.
/// </summary>
internal sealed class AnthropicProtocol : ChatProtocol<AnthropicRequest, MessagesResponse, AnthropicStreamEvent>
{
    /// <summary>The beta flag that must accompany OAuth access tokens.</summary>
    internal const string OAuthBeta = "oauth-2025-04-20";

    private const string FilesBeta = "files-api-2025-04-14";
    private static readonly SseEventParser<AnthropicStreamEvent> Decoder = AnthropicStreamEvent.Parse;
    private readonly AnthropicOptions _options;
    private readonly KeyValuePair<string, string>[] _filesHeaders;
    private readonly List<string> _betas;

    private AnthropicProtocol(AnthropicOptions options, Uri endpoint, ProviderTransport transport, KeyValuePair<string, string>[] filesHeaders, List<string> betas)
        : base(transport, endpoint, options.DefaultModelId)
    {
        _options = options;
        _filesHeaders = filesHeaders;
        _betas = betas;
        MessagesUri = new Uri(endpoint, "v1/messages");
        CountTokensUri = new Uri(endpoint, "v1/messages/count_tokens");
        ModelsUri = new Uri(endpoint, "v1/models");
    }

    public Uri MessagesUri { get; }

    public Uri CountTokensUri { get; }

    public Uri ModelsUri { get; }

    public override object Options => _options;

    /// <summary>Messages API caching is <c>cache_control</c> breakpoints placed in the request.</summary>
    public override PromptCachingStyle PromptCaching => PromptCachingStyle.Breakpoints;

    public override string MissingModelHint => "set ChatOptions.ModelId or AnthropicOptions.DefaultModelId (for example claude-sonnet-4-5).";

    public static AnthropicProtocol Create(AnthropicOptions options)
    {
        Throw.IfNull(options);
        var endpoint = options.Endpoint ?? AnthropicOptions.DefaultEndpoint;
        if (!endpoint.AbsoluteUri.EndsWith('/'))
        {
            endpoint = new Uri(endpoint.AbsoluteUri + "/");
        }

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

        KeyValuePair<string, string>[] filesHeaders = [new("anthropic-beta", string.Join(",", betas.Contains(FilesBeta) ? betas : [.. betas, FilesBeta]))];
        var transport = new ProviderTransport(ProviderTransportSettings.From(
            options, AnthropicChatClient.ProviderName, AnthropicErrors.Parse, credential, headers, requestIdHeader: "request-id"));
        return new AnthropicProtocol(options, endpoint, transport, filesHeaders, betas);
    }

    public override AnthropicRequest ToWireRequest(IEnumerable<ChatMessage> messages, ChatOptions? options, string model, bool stream) =>
        AnthropicRequestMapper.ToWireRequest(messages, options, _options, model, stream);

    public override HttpContent ToContent(AnthropicRequest request, object? raw) =>
        RawRequestMerge.ToContent(request.Body, AnthropicJsonContext.Requests.MessagesRequest, raw);

    public override Uri RequestUri(AnthropicRequest request, string model, bool stream) => MessagesUri;

    /// <summary>The per-request <c>anthropic-beta</c> header (it replaces the configured one): the configured flags plus
    /// the files flag when the request references uploaded files and the flags its server tools need.</summary>
    public override IEnumerable<KeyValuePair<string, string>>? RequestHeaders(AnthropicRequest request)
    {
        if (request.Betas is not { Count: > 0 } extra)
        {
            return request.UsesFiles ? _filesHeaders : null;
        }

        var betas = new List<string>(_betas);
        if (request.UsesFiles && !betas.Contains(FilesBeta))
        {
            betas.Add(FilesBeta);
        }

        foreach (var beta in extra)
        {
            if (!betas.Contains(beta))
            {
                betas.Add(beta);
            }
        }

        return [new("anthropic-beta", string.Join(",", betas))];
    }

    public override ValueTask<MessagesResponse> ReadResponseAsync(ProviderResponse response, CancellationToken cancellationToken) =>
        new(response.ReadJsonAsync(AnthropicJsonContext.Default.MessagesResponse, cancellationToken));

    public override ChatResponse FromWireResponse(MessagesResponse response, AnthropicRequest request, string model) =>
        AnthropicResponseMapper.FromWireResponse(response, request.StructuredOutputTool);

    public override SseEventParser<AnthropicStreamEvent> CreateStreamDecoder(string? requestId) => Decoder;

    /// <summary>Anthropic's server tools: web search (and web fetch through it), code execution and the MCP connector.</summary>
    public override bool ServesHostedTool(AITool tool) => tool is HostedWebSearchTool or HostedCodeInterpreterTool or HostedMcpServerTool;

    public override StreamMapper<AnthropicStreamEvent> CreateStreamMapper(AnthropicRequest request, string model) =>
        new AnthropicStreamMapper(request.StructuredOutputTool);

    private static (CredentialSource Credential, bool IsOAuth) ResolveCredential(AnthropicOptions options)
    {
        const string Where = "AnthropicOptions.ApiKey, AnthropicOptions.AuthToken or the ANTHROPIC_API_KEY / ANTHROPIC_AUTH_TOKEN environment variables";
        if (options.Credential is { } supplied)
        {
            // A supplied source (a stored OAuth sign-in) sends bearer tokens: they go with the OAuth beta flag.
            return (supplied, true);
        }

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
}
