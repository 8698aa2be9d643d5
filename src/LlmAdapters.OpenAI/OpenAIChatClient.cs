using System.Runtime.CompilerServices;
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
        var wire = await response.ReadJsonAsync(OpenAIJsonContext.Default.ChatCompletionResponse, cancellationToken).ConfigureAwait(false);
        var result = OpenAIResponseMapper.FromWireResponse(wire, Options.Compatibility, Options.ProviderName);
        AddResponseMetadata(result.AdditionalProperties ??= [], response);
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
        var body = await response.OpenBodyAsync(cancellationToken).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            var decoder = new OpenAIStreamDecoder();
            var mapper = new OpenAIStreamMapper(Options.Compatibility);
            var first = true;
            var done = false;
            await foreach (var item in SseReader.ReadAsync<OpenAIStreamChunk>(body, decoder.Parse, transport.Provider, response.RequestId, cancellationToken).ConfigureAwait(false))
            {
                var chunk = item.Data;
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
