using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using LlmAdapters.Gemini.Wire;
using LlmAdapters.Http;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Gemini;

/// <summary>
/// An <see cref="IChatClient"/> for Gemini models on the Gemini API (API key) or Vertex AI (Google credentials):
/// text, images, documents, audio and video in; text, thoughts (with their signatures), function calls and usage out.
/// </summary>
/// <remarks>
/// <para><see cref="GetService"/> also returns an <see cref="ITokenCounter"/> (<c>:countTokens</c>), and an
/// <see cref="IContextCacheService"/> / <see cref="GeminiContextCaches"/> over <c>cachedContents</c>.</para>
/// <para><c>ChatOptions.RawRepresentationFactory</c> may return a <see cref="JsonObject"/> holding request fields; the adapter
/// fills only the fields that object leaves unset.</para>
/// </remarks>
public sealed class GeminiChatClient : IChatClient
{
    private readonly GeminiConnection _connection;
    private readonly ChatClientMetadata _metadata;
    private GeminiContextCaches? _caches;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="options">The endpoint, credentials and default model.</param>
    /// <exception cref="ProviderConfigurationException">No API key or Vertex project/credential could be found.</exception>
    public GeminiChatClient(GeminiOptions options)
    {
        _connection = new GeminiConnection(Throw.IfNull(options));
        _metadata = new ChatClientMetadata(_connection.Provider, _connection.Endpoint, options.DefaultModelId);
        TokenCounter = new GeminiTokenCounter(_connection);
    }

    /// <summary>Gets the options this client was created with.</summary>
    public GeminiOptions Options => _connection.Options;

    internal GeminiTokenCounter TokenCounter { get; }

    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var (content, model) = BuildRequest(messages, options);
        var uri = _connection.ModelMethod(model, "generateContent");
        using var response = await _connection.Transport.SendAsync(HttpMethod.Post, uri, content, streaming: false, cancellationToken).ConfigureAwait(false);
        var wire = await response.ReadJsonAsync(GeminiJsonContext.Default.GeminiResponse, cancellationToken).ConfigureAwait(false);
        var result = GeminiResponseMapper.FromWireResponse(wire, _connection.Provider, model);
        AddResponseMetadata(result.AdditionalProperties ??= [], response);
        return result;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var (content, model) = BuildRequest(messages, options);
        var uri = _connection.ModelMethod(model, "streamGenerateContent", "?alt=sse");
        var transport = _connection.Transport;
        using var response = await transport.SendAsync(HttpMethod.Post, uri, content, streaming: true, cancellationToken).ConfigureAwait(false);
        var body = await response.OpenBodyAsync(cancellationToken).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            var state = new GeminiStreamState(_connection.Provider, model);
            var decoder = new GeminiStreamDecoder(state, transport, response.RequestId);
            var first = true;
            var events = new SseEventSource<ChatResponseUpdate>(body, decoder.Decode, transport.Provider, response.RequestId, cancellationToken);
            await using (events.ConfigureAwait(false))
            {
                while (await events.MoveNextAsync().ConfigureAwait(false))
                {
                    var update = events.Current.Data;
                    if (first)
                    {
                        first = false;
                        AddResponseMetadata(update.AdditionalProperties ??= [], response);
                    }

                    yield return update;
                }
            }

            if (!state.Finished)
            {
                throw ProviderErrorFactory.StreamInterrupted(
                    transport.Provider, response.RequestId, "the stream ended before a chunk with a finishReason arrived", null);
            }

            if (GeminiStreamMapper.Final(state) is { } final)
            {
                yield return final;
            }
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

        if (serviceType == typeof(GeminiOptions))
        {
            return _connection.Options;
        }

        if (serviceType == typeof(ITokenCounter))
        {
            return TokenCounter;
        }

        if (serviceType == typeof(GeminiContextCaches) || serviceType == typeof(IContextCacheService))
        {
            return _caches ??= new GeminiContextCaches(_connection, ownsConnection: false);
        }

        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <inheritdoc />
    public void Dispose() => _connection.Dispose();

    internal (ByteArrayContent Content, string Model) BuildRequest(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var model = ResolveModel(options);
        var raw = options?.RawRepresentationFactory?.Invoke(this);
        var context = Context(model);
        if (raw is JsonObject callerJson)
        {
            var built = GeminiRequestMapper.ToWireRequest(messages, options, context);
            var merged = JsonSerializer.SerializeToNode(built, GeminiJsonContext.Default.GeminiRequest)!.AsObject();
            JsonMerge.FillUnset(callerJson, merged);
            var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(callerJson, GeminiJsonContext.Default.JsonObject));
            content.Headers.ContentType = new("application/json");
            return (content, model);
        }

        var request = GeminiRequestMapper.ToWireRequest(messages, options, context, raw as GeminiRequest);
        return (ProviderTransport.JsonContent(request, GeminiJsonContext.Default.GeminiRequest), model);
    }

    internal GeminiRequestContext Context(string model) => new(model, _connection.FilesRoot, _connection.CacheResource);

    internal string ResolveModel(ChatOptions? options) => GeminiTokenCounter.ResolveModel(_connection, options);

    private static void AddResponseMetadata(AdditionalPropertiesDictionary properties, ProviderResponse response)
    {
        if (response.RateLimits is { } limits)
        {
            properties[AdditionalPropertyKeys.RateLimits] = limits;
        }

        if (response.RequestId is { } requestId)
        {
            properties[AdditionalPropertyKeys.RequestId] = requestId;
        }
    }
}
