using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using LlmAdapters.Gemini.Wire;
using LlmAdapters.Providers;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Gemini;

/// <summary>
/// An <see cref="IChatClient"/> for Gemini models on the Gemini API (API key) or Vertex AI (Google credentials):
/// text, images, documents, audio and video in; text, thoughts (with their signatures), function calls and usage out.
/// </summary>
/// <remarks>
/// <para><see cref="GetService"/> also returns an <see cref="ITokenCounter"/> (<c>:countTokens</c>), and an
/// <see cref="IContextCacheService"/> / <see cref="GeminiContextCaches"/> over <c>cachedContents</c>.</para>
/// <para><c>ChatOptions.RawRepresentationFactory</c> may return a <see cref="System.Text.Json.Nodes.JsonObject"/> holding request
/// fields: they win, and the adapter fills only what that object leaves unset (nested objects merged field by field).</para>
/// </remarks>
public sealed class GeminiChatClient : IChatClient
{
    private readonly ProviderChatClient<GeminiRequest, GeminiResponse, GeminiStreamChunk> _engine;
    private readonly GeminiProtocol _protocol;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="options">The endpoint, credentials and default model.</param>
    /// <exception cref="ProviderConfigurationException">No API key or Vertex project/credential could be found.</exception>
    public GeminiChatClient(GeminiOptions options)
    {
        _protocol = GeminiProtocol.Create(options);
        _engine = new(this, _protocol);
    }

    /// <summary>Gets the options this client was created with.</summary>
    public GeminiOptions Options => _protocol.Settings;

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
