using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using LlmAdapters.Ollama.Wire;
using LlmAdapters.Providers;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Ollama;

/// <summary>
/// An <see cref="IChatClient"/> for Ollama's native <c>/api/chat</c> (streamed as NDJSON, or whole), with images, tools,
/// thinking (<c>think</c> from <c>ChatOptions.Reasoning</c>), structured output (<c>format</c>) and the runtime knobs under
/// <see cref="OllamaPropertyKeys"/> (<c>num_ctx</c>, <c>keep_alive</c> …). Usage comes from <c>prompt_eval_count</c> and
/// <c>eval_count</c>; the server's timings are in <c>AdditionalProperties</c>. <see cref="OllamaModelService"/> (through
/// <see cref="Models"/> or <c>GetService</c>) lists models and reads their context length.
/// </summary>
/// <remarks><c>ChatOptions.RawRepresentationFactory</c> may return a <see cref="System.Text.Json.Nodes.JsonObject"/> of request
/// fields: they win, and the mapped request fills only what they leave unset (nested objects such as <c>options</c> merged
/// field by field).</remarks>
public sealed class OllamaChatClient : IChatClient
{
    /// <summary>The OpenTelemetry GenAI provider name reported in <see cref="ChatClientMetadata"/> and errors.</summary>
    public const string ProviderName = OllamaConstants.ProviderName;

    private readonly ProviderChatClient<OllamaChatRequest, OllamaChatResponse, OllamaStreamChunk> _engine;
    private readonly OllamaProtocol _protocol;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="options">Endpoint, optional key and default model.</param>
    /// <exception cref="ProviderConfigurationException">The endpoint (or <c>OLLAMA_HOST</c>) is not a usable address.</exception>
    public OllamaChatClient(OllamaOptions options)
    {
        _protocol = OllamaProtocol.Create(Throw.IfNull(options));
        _engine = new(this, _protocol);
    }

    /// <summary>Gets the server's models and model details, over this client's connection.</summary>
    public OllamaModelService Models => _protocol.Models;

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
