using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using LlmAdapters.Cohere.Wire;
using LlmAdapters.Providers;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Cohere;

/// <summary>
/// An <see cref="IChatClient"/> for Cohere's <c>/v2/chat</c> (streaming and not), with tools and the model's tool plan,
/// documents and citations, structured output, reasoning and Cohere's sampling options.
/// </summary>
/// <remarks>
/// <para>The tool plan arrives as a <see cref="TextReasoningContent"/> marked with <see cref="CoherePropertyKeys.ToolPlan"/>
/// and is sent back on the assistant message that made the calls. Citations arrive as <see cref="CitationAnnotation"/>s on
/// the content they cite. Usage reports the tokens the model processed; the billed units are in
/// <c>UsageDetails.AdditionalCounts</c> under <see cref="AdditionalPropertyKeys.BilledInputTokens"/> and
/// <see cref="AdditionalPropertyKeys.BilledOutputTokens"/>.</para>
/// <para><c>ChatOptions.RawRepresentationFactory</c> may return a <see cref="System.Text.Json.Nodes.JsonObject"/> of request
/// fields: they win, and the mapped request fills only what they leave unset (nested objects merged field by field).</para>
/// </remarks>
public sealed class CohereChatClient : IChatClient
{
    /// <summary>The OpenTelemetry GenAI provider name reported in <see cref="ChatClientMetadata"/> and errors.</summary>
    public const string ProviderName = CohereConstants.ProviderName;

    private readonly ProviderChatClient<CohereChatRequest, CohereChatResponse, CohereStreamChunk> _engine;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="options">Endpoint, key and defaults.</param>
    /// <exception cref="ProviderConfigurationException">No API key in the options or the environment.</exception>
    public CohereChatClient(CohereOptions options) => _engine = new(this, CohereProtocol.Create(Throw.IfNull(options)));

    /// <inheritdoc />
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        _engine.GetResponseAsync(messages, options, cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        _engine.GetStreamingResponseAsync(messages, options, cancellationToken);

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null) => _engine.GetService(serviceType, serviceKey);

    /// <summary>Releases the HTTP client when this instance created it (a client passed in options is left alone).</summary>
    public void Dispose() => _engine.Dispose();
}
