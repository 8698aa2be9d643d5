using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using LlmAdapters.Http;
using LlmAdapters.OpenAI.Responses.Wire;
using LlmAdapters.Providers;
using Microsoft.Extensions.AI;

namespace LlmAdapters.OpenAI.Responses;

/// <summary>
/// What the engine needs to talk to <c>POST /responses</c>: the transport and credentials of <see cref="OpenAIProtocol"/> (same
/// options, same headers, same error bodies), the URL (<c>{endpoint}responses</c>; on Azure's classic form
/// <c>/openai/responses?api-version=…</c> with the deployment as the model), and the pure Responses pieces.
/// </summary>
internal sealed class OpenAIResponsesProtocol : ChatProtocol<OpenAIResponsesRequest, OpenAIResponsesResponse, OpenAIResponsesStreamEvent>
{
    // The presets whose services have no /responses endpoint, by OpenTelemetry provider name.
    private static readonly Dictionary<string, string> WithoutResponses = new(StringComparer.Ordinal)
    {
        [OpenAIPresets.DeepSeek.ProviderName] = OpenAIPresets.DeepSeek.DisplayName,
        [OpenAIPresets.Mistral.ProviderName] = OpenAIPresets.Mistral.DisplayName,
    };

    private readonly OpenAIProtocol _inner;

    private OpenAIResponsesProtocol(OpenAIProtocol inner)
        : base(inner.Transport, inner.Endpoint, inner.Settings.DefaultModelId)
    {
        _inner = inner;
        var settings = inner.Settings;
        ResponsesUri = settings.AzureDeployment is not null && settings.AzureApiVersion is { } version
            ? new Uri(inner.Endpoint, $"responses?api-version={Uri.EscapeDataString(version)}")
            : new Uri(inner.Endpoint, "responses");
    }

    public Uri ResponsesUri { get; }

    public override object Options => _inner.Settings;

    // An Azure deployment is the model when no model is named.
    public override string? DefaultModelId => _inner.DefaultModelId;

    public override string MissingModelHint => _inner.MissingModelHint;

    public static OpenAIResponsesProtocol Create(OpenAIOptions options)
    {
        Throw.IfNull(options);
        if (WithoutResponses.TryGetValue(options.ProviderName, out var displayName))
        {
            throw new NotSupportedException(
                $"The {displayName} preset ({options.ProviderName}) does not serve the Responses API (/responses): use OpenAIChatClient for it.");
        }

        return new OpenAIResponsesProtocol(OpenAIProtocol.Create(options));
    }

    public override OpenAIResponsesRequest ToWireRequest(IEnumerable<ChatMessage> messages, ChatOptions? options, string model, bool stream) =>
        OpenAIResponsesRequestMapper.ToWireRequest(messages, options, ProviderName, model, stream);

    public override HttpContent ToContent(OpenAIResponsesRequest request, object? raw) =>
        RawRequestMerge.ToContent(request, OpenAIResponsesJsonContext.Requests.OpenAIResponsesRequest, raw);

    public override Uri RequestUri(OpenAIResponsesRequest request, string model, bool stream) => ResponsesUri;

    public override ValueTask<OpenAIResponsesResponse> ReadResponseAsync(ProviderResponse response, CancellationToken cancellationToken) =>
        new(response.ReadJsonAsync(OpenAIResponsesJsonContext.Default.OpenAIResponsesResponse, cancellationToken));

    public override ChatResponse FromWireResponse(OpenAIResponsesResponse response, OpenAIResponsesRequest request, string model)
    {
        if (response.Status == "failed")
        {
            // A 200 whose response failed (for example a vector store timeout): typed as the same error in a stream would be.
            // Codes without a kind of their own (vector_store_timeout, image errors) are failures on the server's side.
            var error = response.Error;
            var info = OpenAIResponsesResponseMapper.ToErrorInfo(error?.Type, error?.Code, error?.Message, error?.Param);
            throw Transport.BodyError(info.Kind is null ? info with { Kind = ProviderErrorKind.Server } : info, null);
        }

        return OpenAIResponsesResponseMapper.FromWireResponse(response, request.Store != false);
    }

    /// <summary>Answers <see cref="ITokenCounter"/> (and <see cref="ILocalTokenCounter"/>) with the Chat Completions client's local
    /// tokenizer: the model's own encoding, with that API's documented framing rules, since the Responses API documents none
    /// of its own.</summary>
    public override object? GetService(Type serviceType) => _inner.GetService(serviceType);

    public override SseEventParser<OpenAIResponsesStreamEvent> CreateStreamDecoder(string? requestId) => new OpenAIResponsesStreamDecoder().Parse;

    public override StreamMapper<OpenAIResponsesStreamEvent> CreateStreamMapper(OpenAIResponsesRequest request, string model) =>
        new OpenAIResponsesStreamMapper(request.Store != false);

    protected override void Dispose(bool disposing)
    {
        // The inner protocol shares the transport (disposing it twice is harmless) and owns any credential it created.
        base.Dispose(disposing);
        if (disposing)
        {
            _inner.Dispose();
        }
    }
}
