using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using LlmAdapters.Http;
using LlmAdapters.OpenAI.Wire;
using Microsoft.Extensions.AI;

namespace LlmAdapters.OpenAI;

/// <summary>
/// An <see cref="IChatClient"/> for OpenAI Chat Completions and every endpoint that speaks it: the presets in
/// <see cref="OpenAIPresets"/> (Groq, OpenRouter, DeepSeek, Mistral, xAI, Together, LM Studio, Ollama) and Azure OpenAI.
/// </summary>
public sealed class OpenAIChatClient : IChatClient
{
    private readonly OpenAIConnection _connection;
    private readonly ChatClientMetadata _metadata;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="options">The endpoint, credentials and defaults.</param>
    /// <exception cref="ProviderConfigurationException">No API key in the options or the environment.</exception>
    public OpenAIChatClient(OpenAIOptions options)
    {
        Options = Throw.IfNull(options);
        _connection = new OpenAIConnection(options);
        _metadata = new ChatClientMetadata(options.ProviderName, _connection.Endpoint, options.DefaultModelId);
    }

    /// <summary>Gets the options this client was created with.</summary>
    public OpenAIOptions Options { get; }

    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var content = CreateContent(messages, options, stream: false);
        var transport = _connection.Transport;
        using var response = await transport.SendAsync(HttpMethod.Post, _connection.ChatCompletionsUri, content, streaming: false, cancellationToken).ConfigureAwait(false);
        var wire = await ReadCompletionAsync(response, cancellationToken).ConfigureAwait(false);
        var result = OpenAIResponseMapper.FromWireResponse(wire, Options.Compatibility, Options.ProviderName);
        if (response.RateLimits is not null || response.RequestId is not null)
        {
            AddResponseMetadata(result.AdditionalProperties ??= [], response);
        }

        return result;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var content = CreateContent(messages, options, stream: true);
        var transport = _connection.Transport;
        using var response = await transport.SendAsync(HttpMethod.Post, _connection.ChatCompletionsUri, content, streaming: true, cancellationToken).ConfigureAwait(false);
        if (response.Message.Content.Headers.ContentType?.MediaType == "application/json")
        {
            // Some compatible servers ignore "stream": true and answer with one whole completion.
            var whole = OpenAIResponseMapper.FromWireResponse(
                await ReadCompletionAsync(response, cancellationToken).ConfigureAwait(false), Options.Compatibility, Options.ProviderName);
            var firstWhole = true;
            foreach (var update in whole.ToChatResponseUpdates())
            {
                if (firstWhole)
                {
                    firstWhole = false;
                    AddResponseMetadata(update.AdditionalProperties ??= [], response);
                }

                yield return update;
            }

            yield break;
        }

        var body = await response.OpenBodyAsync(cancellationToken).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            var decoder = new OpenAIStreamDecoder();
            var mapper = new OpenAIStreamMapper(Options.Compatibility);
            var first = true;
            var done = false;
            var events = new SseEventSource<OpenAIStreamChunk>(body, decoder.Parse, transport.Provider, response.RequestId, cancellationToken);
            await using (events.ConfigureAwait(false))
            {
                while (await events.MoveNextAsync().ConfigureAwait(false))
                {
                    var chunk = events.Current.Data;
                    if (chunk.IsDone)
                    {
                        done = true;
                        break;
                    }

                    if (chunk.Error is { } error)
                    {
                        throw transport.StreamError(error, response.RequestId);
                    }

                    var update = mapper.FromStreamEvent(chunk);
                    if (update is null)
                    {
                        continue;
                    }

                    if (first)
                    {
                        first = false;
                        AddResponseMetadata(update.AdditionalProperties ??= [], response);
                    }

                    yield return update;
                }
            }

            if (!done)
            {
                throw ProviderErrorFactory.StreamInterrupted(transport.Provider, response.RequestId, "the stream ended without its [DONE] event", null);
            }

            if (mapper.Complete() is { } last)
            {
                if (first)
                {
                    AddResponseMetadata(last.AdditionalProperties ??= [], response);
                }

                yield return last;
            }
        }
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        Throw.IfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == typeof(ChatClientMetadata))
        {
            return _metadata;
        }

        if (serviceType == typeof(OpenAIOptions))
        {
            return Options;
        }

        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <inheritdoc />
    public void Dispose() => _connection.Dispose();

    private HttpContent CreateContent(IEnumerable<ChatMessage> messages, ChatOptions? options, bool stream)
    {
        var request = OpenAIRequestMapper.ToWireRequest(messages, options, Options, stream);
        var raw = options?.RawRepresentationFactory?.Invoke(this);
        return OpenAIRequestMapper.ToHttpContent(request, raw);
    }

    /// <summary>Reads the body into a pooled buffer and decodes it with <see cref="Utf8JsonReader"/>: no DOM, no DTO graph.</summary>
    private async ValueTask<OpenAIStreamChunk> ReadCompletionAsync(ProviderResponse response, CancellationToken cancellationToken)
    {
        var stream = await response.OpenBodyAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
            try
            {
                var length = 0;
                while (true)
                {
                    if (length == buffer.Length)
                    {
                        var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        Buffer.BlockCopy(buffer, 0, bigger, 0, length);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = bigger;
                    }

                    int read;
                    try
                    {
                        read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                    }
                    catch (IOException ex)
                    {
                        throw ProviderErrorFactory.Network(Options.ProviderName, _connection.ChatCompletionsUri, ex, timedOut: false);
                    }

                    if (read == 0)
                    {
                        break;
                    }

                    length += read;
                }

                try
                {
                    return new OpenAIStreamDecoder().ParseCompletion(buffer.AsSpan(0, length));
                }
                catch (JsonException ex)
                {
                    throw new ProviderException(
                        $"{Options.ProviderName} returned a response body that is not a chat completion ({ex.Message}). " +
                        "Check that the endpoint speaks the OpenAI Chat Completions API (a proxy may have answered instead).",
                        new ProviderErrorDetails(Options.ProviderName, response.StatusCode, RequestId: response.RequestId),
                        ex);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    private static void AddResponseMetadata(AdditionalPropertiesDictionary properties, ProviderResponse response)
    {
        if (response.RateLimits is { } limits)
        {
            properties[AdditionalPropertyKeys.RateLimits] = limits;
        }

        if (response.RequestId is { } id)
        {
            properties[AdditionalPropertyKeys.RequestId] = id;
        }
    }
}
