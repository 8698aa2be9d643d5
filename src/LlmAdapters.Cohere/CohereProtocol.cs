using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using LlmAdapters.Cohere.Wire;
using LlmAdapters.Http;
using LlmAdapters.Providers;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Cohere;

/// <summary>
/// What the engine needs to talk to Cohere: the key (from the options, then <c>COHERE_API_KEY</c>, then <c>CO_API_KEY</c>)
/// sent as <c>Authorization: Bearer</c>, the extra headers, the <c>/v2/chat</c> and <c>/v2/embed</c> endpoints, and the pure
/// pieces of the chat and embeddings engines.
/// </summary>
internal sealed class CohereProtocol : ChatProtocol<CohereChatRequest, CohereChatResponse, CohereStreamChunk>, IEmbeddingProtocol
{
    /// <summary>The response header that identifies a request to Cohere's support (Cohere documents no request-id header;
    /// this trace id is the one every response carries).</summary>
    internal const string RequestIdHeader = "x-debug-trace-id";

    private static readonly SseEventParser<CohereStreamChunk> Decoder = CohereStreamDecoder.Decode;
    private readonly CohereOptions _options;

    private CohereProtocol(CohereOptions options, Uri endpoint, ProviderTransport transport)
        : base(transport, endpoint, options.DefaultModelId)
    {
        _options = options;
        Endpoint = endpoint;
        ChatUri = new Uri(endpoint, "v2/chat");
        EmbedUri = new Uri(endpoint, "v2/embed");
    }

    public Uri Endpoint { get; }

    public Uri ChatUri { get; }

    public Uri EmbedUri { get; }

    public override object Options => _options;

    public override string MissingModelHint => "set ChatOptions.ModelId or CohereOptions.DefaultModelId (for example command-a-03-2025).";

    public string? DefaultEmbeddingModelId => _options.DefaultModelId;

    public string MissingEmbeddingModelHint => "set EmbeddingGenerationOptions.ModelId or CohereOptions.DefaultModelId (for example embed-v4.0).";

    /// <summary>Creates the protocol; <see cref="ProviderConfigurationException"/> when no key is configured.</summary>
    public static CohereProtocol Create(CohereOptions options)
    {
        Throw.IfNull(options);
        var endpoint = options.Endpoint ?? new Uri(CohereConstants.DefaultEndpoint);
        if (!endpoint.AbsoluteUri.EndsWith('/'))
        {
            endpoint = new Uri(endpoint.AbsoluteUri + "/");
        }

        var transport = new ProviderTransport(ProviderTransportSettings.From(options, CohereConstants.ProviderName, CohereErrors.Parse, ResolveCredential(options), requestIdHeader: RequestIdHeader));
        return new CohereProtocol(options, endpoint, transport);
    }

    public override CohereChatRequest ToWireRequest(IEnumerable<ChatMessage> messages, ChatOptions? options, string model, bool stream) =>
        CohereRequestMapper.ToWireRequest(messages, options, model, stream);

    public override HttpContent ToContent(CohereChatRequest request, object? raw) =>
        RawRequestMerge.ToContent(request, CohereJsonContext.Default.CohereChatRequest, raw);

    public override Uri RequestUri(CohereChatRequest request, string model, bool stream) => ChatUri;

    public override ValueTask<CohereChatResponse> ReadResponseAsync(ProviderResponse response, CancellationToken cancellationToken) =>
        new(response.ReadJsonAsync(CohereJsonContext.Default.CohereChatResponse, cancellationToken));

    public override ChatResponse FromWireResponse(CohereChatResponse response, CohereChatRequest request, string model) =>
        CohereResponseMapper.FromWireResponse(response);

    public override SseEventParser<CohereStreamChunk> CreateStreamDecoder(string? requestId) => Decoder;

    /// <summary>Cohere's <c>/v2/chat</c> runs no tools on the server.</summary>
    public override bool ServesHostedTool(AITool tool) => false;

    public override StreamMapper<CohereStreamChunk> CreateStreamMapper(CohereChatRequest request, string model) => new CohereStreamMapper();

    public int MaxInputsPerRequest(string model) => CohereConstants.MaxEmbeddingTextsPerRequest;

    public Uri EmbeddingRequestUri(string model) => EmbedUri;

    public HttpContent ToEmbeddingContent(IReadOnlyList<string> inputs, EmbeddingGenerationOptions? options, string model, object? raw) =>
        RawRequestMerge.ToContent(CohereEmbeddingMapper.ToWireRequest(inputs, model, options), CohereJsonContext.Default.CohereEmbedRequest, raw);

    public async ValueTask<EmbeddingBatch> ReadEmbeddingsAsync(ProviderResponse response, string model, CancellationToken cancellationToken) =>
        CohereEmbeddingMapper.FromWireResponse(
            await response.ReadJsonAsync(CohereJsonContext.Default.CohereEmbedResponse, cancellationToken).ConfigureAwait(false), model);

    private static CredentialSource ResolveCredential(CohereOptions options)
    {
        if (options.Credential is { } supplied)
        {
            return supplied;
        }

        var key = ApiKeyResolver.Find(options.ApiKey, CohereConstants.ApiKeyEnvironmentVariable, CohereConstants.AlternateApiKeyEnvironmentVariable)
            ?? throw new ProviderConfigurationException(
                $"No Cohere API key: set CohereOptions.ApiKey or the {CohereConstants.ApiKeyEnvironmentVariable} (or {CohereConstants.AlternateApiKeyEnvironmentVariable}) environment variable.");
        var from = !string.IsNullOrWhiteSpace(options.ApiKey) ? "CohereOptions.ApiKey"
            : !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(CohereConstants.ApiKeyEnvironmentVariable)) ? $"the {CohereConstants.ApiKeyEnvironmentVariable} environment variable"
            : $"the {CohereConstants.AlternateApiKeyEnvironmentVariable} environment variable";
        return new ApiKeyCredential(key, "Authorization", "Bearer", from);
    }
}
