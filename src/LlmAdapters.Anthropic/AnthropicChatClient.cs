using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using LlmAdapters.Anthropic.Wire;
using LlmAdapters.Http;
using LlmAdapters.Providers;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Anthropic;

/// <summary>
/// An <see cref="IChatClient"/> for the Anthropic Messages API (streaming and not), with extended thinking, tools,
/// documents, prompt caching and structured output. Also an <see cref="ITokenCounter"/> over
/// <c>/v1/messages/count_tokens</c>, and a model lister. Anthropic has no embeddings endpoint.
/// </summary>
/// <remarks><c>ChatOptions.RawRepresentationFactory</c> may return a <see cref="System.Text.Json.Nodes.JsonObject"/> of request
/// fields: they win, and the mapped request fills only what they leave unset (nested objects merged field by field).</remarks>
public sealed class AnthropicChatClient : IChatClient, ITokenCounter
{
    /// <summary>The OpenTelemetry GenAI provider name reported in <see cref="ChatClientMetadata"/> and errors.</summary>
    public const string ProviderName = AnthropicConstants.ProviderName;

    private readonly ProviderChatClient<AnthropicRequest, MessagesResponse, AnthropicStreamEvent> _engine;
    private readonly AnthropicProtocol _protocol;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="options">Endpoint, credentials and defaults.</param>
    /// <exception cref="ProviderConfigurationException">No API key or OAuth token in the options or the environment.</exception>
    public AnthropicChatClient(AnthropicOptions options)
    {
        _protocol = AnthropicProtocol.Create(Throw.IfNull(options));
        _engine = new(this, _protocol);
    }

    /// <summary>Returns the <c>max_tokens</c> sent for <paramref name="modelId"/> when neither
    /// <c>ChatOptions.MaxOutputTokens</c> nor <see cref="AnthropicOptions.DefaultMaxOutputTokens"/> is set:
    /// 4,096 for Claude 3 Haiku/Sonnet/Opus, 8,192 for every later model.</summary>
    /// <param name="modelId">The model id.</param>
    /// <returns>The default output limit.</returns>
    public static int GetDefaultMaxOutputTokens(string modelId) => AnthropicModels.DefaultMaxOutputTokens(Throw.IfNull(modelId));

    /// <inheritdoc />
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        _engine.GetResponseAsync(messages, options, cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        _engine.GetStreamingResponseAsync(messages, options, cancellationToken);

    /// <summary>Counts the input tokens of exactly what <see cref="GetResponseAsync"/> would send, with
    /// <c>POST /v1/messages/count_tokens</c>.</summary>
    /// <param name="messages">The conversation.</param>
    /// <param name="options">The options (model, instructions, tools, reasoning).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The input-token count Anthropic reports.</returns>
    public async Task<int> CountTokensAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var request = AnthropicRequestMapper.ToCountTokensRequest(_engine.Map(messages, options, stream: false).Request);
        using var response = await _protocol.Transport.SendAsync(
            HttpMethod.Post, _protocol.CountTokensUri, ProviderTransport.JsonContent(request.Body, AnthropicJsonContext.Requests.MessagesRequest),
            streaming: false, cancellationToken, _protocol.RequestHeaders(request)).ConfigureAwait(false);
        var wire = await response.ReadJsonAsync(AnthropicJsonContext.Default.CountTokensResponse, cancellationToken).ConfigureAwait(false);
        return wire.InputTokens;
    }

    /// <summary>Lists the models the credentials can use (<c>GET /v1/models</c>, every page).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The models, newest first as the API orders them.</returns>
    public async Task<IReadOnlyList<AnthropicModelInfo>> ListModelsAsync(CancellationToken cancellationToken = default)
    {
        var models = new List<AnthropicModelInfo>();
        var modelsUri = _protocol.ModelsUri;
        string? after = null;
        while (true)
        {
            var uri = after is null
                ? new Uri(modelsUri + "?limit=1000")
                : new Uri(string.Create(CultureInfo.InvariantCulture, $"{modelsUri}?limit=1000&after_id={Uri.EscapeDataString(after)}"));
            var page = (await _protocol.Transport.SendJsonAsync(HttpMethod.Get, uri, AnthropicJsonContext.Default.ModelsPage, cancellationToken).ConfigureAwait(false)).Value;
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
    public object? GetService(Type serviceType, object? serviceKey = null) => _engine.GetService(serviceType, serviceKey);

    /// <summary>Releases the HTTP client when this instance created it (a client passed in options is left alone).</summary>
    public void Dispose() => _engine.Dispose();
}
