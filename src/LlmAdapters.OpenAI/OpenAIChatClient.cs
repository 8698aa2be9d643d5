using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using LlmAdapters.OpenAI.Wire;
using LlmAdapters.Providers;
using Microsoft.Extensions.AI;

namespace LlmAdapters.OpenAI;

/// <summary>
/// An <see cref="IChatClient"/> for OpenAI Chat Completions and every endpoint that speaks it: the presets in
/// <see cref="OpenAIPresets"/> (Groq, OpenRouter, DeepSeek, Mistral, xAI, Together, LM Studio, Ollama) and Azure OpenAI.
/// </summary>
/// <remarks><c>ChatOptions.RawRepresentationFactory</c> may return a <see cref="System.Text.Json.Nodes.JsonObject"/> of request
/// fields: they win, and the mapped request fills only what they leave unset (nested objects merged field by field).</remarks>
public sealed class OpenAIChatClient : IChatClient
{
    private readonly ProviderChatClient<ChatCompletionRequest, OpenAIStreamChunk, OpenAIStreamChunk> _engine;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="options">The endpoint, credentials and defaults.</param>
    /// <exception cref="ProviderConfigurationException">No API key in the options or the environment.</exception>
    public OpenAIChatClient(OpenAIOptions options)
    {
        Options = Throw.IfNull(options);
        _engine = new(this, OpenAIProtocol.Create(options));
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
