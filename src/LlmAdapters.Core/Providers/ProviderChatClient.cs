using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using LlmAdapters.Http;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Providers;

/// <summary>
/// The chat engine every provider face forwards to: argument checks and model resolution before any I/O, the request
/// mapped once with <see cref="RawRequestMerge"/>, sending through the <see cref="ProviderTransport"/>, the response
/// mapped and stamped (<see cref="ResponseStamp"/>), the stream session (<c>ProviderChatClient.Streaming.cs</c>), the
/// <c>GetService</c> chain and disposal. It knows no provider's JSON: the <see cref="ChatProtocol{TRequest, TResponse, TChunk}"/> does.
/// </summary>
/// <remarks>"No model" — neither <c>ChatOptions.ModelId</c> nor the options' default — is an <see cref="ArgumentException"/>
/// on <c>options</c> for every provider: it is a per-call argument the caller fixes at the call (or by setting a default),
/// unlike <see cref="ProviderConfigurationException"/>, which constructors raise for a client that cannot work at all.</remarks>
internal sealed partial class ProviderChatClient<TRequest, TResponse, TChunk> : IDisposable
{
    private readonly IChatClient _face;
    private readonly ChatProtocol<TRequest, TResponse, TChunk> _protocol;

    public ProviderChatClient(IChatClient face, ChatProtocol<TRequest, TResponse, TChunk> protocol)
    {
        _face = Throw.IfNull(face);
        _protocol = Throw.IfNull(protocol);
    }

    public ChatProtocol<TRequest, TResponse, TChunk> Protocol => _protocol;

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
    {
        var (request, model, content) = Prepare(messages, options, stream: false);
        var transport = _protocol.Transport;
        using var response = await SendAsync(request, model, content, stream: false, cancellationToken).ConfigureAwait(false);
        var result = await ReadWholeAsync(response, request, model, cancellationToken).ConfigureAwait(false);
        ResponseStamp.Apply(result, response, transport.Provider, model);
        return result;
    }

    /// <summary>
    /// Decodes and maps a whole response. Whatever a decoder or mapper throws on provider bytes (invalid UTF-8, a date out
    /// of range, a value a Microsoft.Extensions.AI constructor rejects) becomes <see cref="ProviderResponseException"/>
    /// with the failure as its inner exception, so resilience and fallback see a typed error.
    /// </summary>
    private async ValueTask<ChatResponse> ReadWholeAsync(ProviderResponse response, TRequest request, string model, CancellationToken cancellationToken)
    {
        try
        {
            var wire = await _protocol.ReadResponseAsync(response, cancellationToken).ConfigureAwait(false);
            return _protocol.FromWireResponse(wire, request, model);
        }
        catch (Exception ex) when (ProviderErrorFactory.IsDecodingFailure(ex))
        {
            throw ProviderErrorFactory.ResponseUndecodable(_protocol.ProviderName, response.StatusCode, response.RequestId, ex);
        }
    }

    /// <summary>Resolves the model the call uses; <see cref="ArgumentException"/> when there is none.</summary>
    public string ResolveModel(ChatOptions? options) =>
        _protocol.NormalizeModel(ModelResolver.Resolve(options?.ModelId, _protocol.DefaultModelId, "model", _protocol.ProviderName, _protocol.MissingModelHint, nameof(options)));

    /// <summary>Maps the call to the wire request (what the token counter and caches reuse).</summary>
    public (TRequest Request, string Model) Map(IEnumerable<ChatMessage> messages, ChatOptions? options, bool stream)
    {
        Throw.IfNull(messages);
        var model = ResolveModel(options);
        if (options?.Tools is { Count: > 0 })
        {
            // Only a call with tools pays for the check (and for the method-group delegate it takes).
            HostedTools.EnsureServed(options, _protocol.ProviderName, _protocol.ServesHostedTool);
        }

        return (_protocol.ToWireRequest(messages, options, model, stream), model);
    }

    public object? GetService(Type serviceType, object? serviceKey)
    {
        Throw.IfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == typeof(ChatClientMetadata))
        {
            return _protocol.Metadata;
        }

        // The base type too, so provider-neutral middleware can key shared state on the credential (by hash).
        if (serviceType == _protocol.Options.GetType() || serviceType == typeof(ProviderOptions))
        {
            return _protocol.Options;
        }

        if (serviceType == typeof(PromptCachingStyle))
        {
            return PromptCachingStyles.Boxed(_protocol.PromptCaching);
        }

        return _protocol.GetService(serviceType) ?? (serviceType.IsInstanceOfType(_face) ? _face : null);
    }

    public void Dispose() => _protocol.Dispose();

    /// <summary>Sends the mapped request; a failure the protocol can say more about is replaced by its refinement.</summary>
    private async Task<ProviderResponse> SendAsync(TRequest request, string model, HttpContent content, bool stream, CancellationToken cancellationToken)
    {
        try
        {
            return await _protocol.Transport.SendAsync(
                HttpMethod.Post, _protocol.RequestUri(request, model, stream), content, stream, cancellationToken, _protocol.RequestHeaders(request)).ConfigureAwait(false);
        }
        catch (ProviderException ex) when (_protocol.RefineError(ex, request, model) is { } refined)
        {
            throw refined;
        }
    }

    private (TRequest Request, string Model, HttpContent Content) Prepare(IEnumerable<ChatMessage> messages, ChatOptions? options, bool stream)
    {
        var (request, model) = Map(messages, options, stream);
        var raw = options?.RawRepresentationFactory?.Invoke(_face);
        return (request, model, _protocol.ToContent(request, raw));
    }
}
