using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using LlmAdapters.OpenAI.Responses.Wire;
using LlmAdapters.Providers;
using Microsoft.Extensions.AI;

namespace LlmAdapters.OpenAI;

/// <summary>
/// An <see cref="IChatClient"/> for the OpenAI Responses API (<c>POST /responses</c>), the API OpenAI's reasoning models and
/// hosted tools are built for; also served by Azure OpenAI, xAI and other compatible servers. Created from the same
/// <see cref="OpenAIOptions"/> as <see cref="OpenAIChatClient"/>.
/// </summary>
/// <remarks>
/// <para><b>Conversation state.</b> <c>ChatOptions.ConversationId</c> is sent as <c>previous_response_id</c> (or as
/// <c>conversation</c> when it is a <c>conv_…</c> id); every response reports its id as <c>ConversationId</c> unless it was not
/// stored, so a caller (or <c>FunctionInvokingChatClient</c>) can send only the new messages next turn.</para>
/// <para><b>Stateless use.</b> With <see cref="OpenAIPropertyKeys.Store"/> set to <see langword="false"/> in
/// <c>ChatOptions.AdditionalProperties</c>, nothing is kept by the service: the request asks for
/// <c>reasoning.encrypted_content</c>, which arrives in <c>TextReasoningContent.ProtectedData</c> and is sent back with the
/// history on the next turn.</para>
/// <para><b>Hosted tools.</b> <see cref="HostedWebSearchTool"/>, <see cref="HostedFileSearchTool"/> (vector stores from its
/// inputs), <see cref="HostedCodeInterpreterTool"/> and <see cref="HostedMcpServerTool"/> are sent as the service's tools;
/// their calls and results come back as MEAI contents and are sent back as they came in later turns. Other tool types throw
/// <see cref="NotSupportedException"/> before any request is sent.</para>
/// <para><c>ChatOptions.RawRepresentationFactory</c> may return a <see cref="System.Text.Json.Nodes.JsonObject"/> of request
/// fields: they win, and the mapped request fills only what they leave unset.</para>
/// </remarks>
public sealed class OpenAIResponsesChatClient : IChatClient
{
    private readonly ProviderChatClient<OpenAIResponsesRequest, OpenAIResponsesResponse, OpenAIResponsesStreamEvent> _engine;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="options">The endpoint, credentials and defaults.</param>
    /// <exception cref="ProviderConfigurationException">No API key in the options or the environment.</exception>
    /// <exception cref="NotSupportedException">The options are a preset whose service has no Responses API (DeepSeek, Mistral).</exception>
    public OpenAIResponsesChatClient(OpenAIOptions options)
    {
        Options = Throw.IfNull(options);
        _engine = new(this, Responses.OpenAIResponsesProtocol.Create(options));
    }

    /// <summary>Gets the options this client was created with.</summary>
    public OpenAIOptions Options { get; }

    /// <inheritdoc />
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        _engine.GetResponseAsync(messages, options, cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        _engine.GetStreamingResponseAsync(messages, options, cancellationToken);

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null) => _engine.GetService(serviceType, serviceKey);

    /// <inheritdoc />
    public void Dispose() => _engine.Dispose();
}
