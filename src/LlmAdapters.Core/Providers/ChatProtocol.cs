using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using LlmAdapters.Http;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Providers;

/// <summary>
/// What a provider plugs into <see cref="ProviderChatClient{TRequest, TResponse, TChunk}"/>: the transport (endpoint,
/// headers, credentials, error parser), and pure pieces — the request mapper, the response mapper, a stream decoder and a
/// per-stream mapper. Nothing here does I/O except through the transport the engine drives.
/// </summary>
/// <typeparam name="TRequest">The wire request DTO.</typeparam>
/// <typeparam name="TResponse">The decoded non-streaming response.</typeparam>
/// <typeparam name="TChunk">The decoded stream chunk (one type, whichever decoding path produced it).</typeparam>
internal abstract class ChatProtocol<TRequest, TResponse, TChunk> : IDisposable
{
    protected ChatProtocol(ProviderTransport transport, Uri endpoint, string? defaultModelId)
    {
        Transport = Throw.IfNull(transport);
        Metadata = new ChatClientMetadata(transport.Provider, endpoint, defaultModelId);
    }

    /// <summary>Gets the transport: HTTP client, credentials, default headers and error parser.</summary>
    public ProviderTransport Transport { get; }

    /// <summary>Gets the OpenTelemetry GenAI provider name (<c>openai</c>, <c>anthropic</c>, <c>gcp.gemini</c> …).</summary>
    public string ProviderName => Transport.Provider;

    /// <summary>Gets the metadata reported through <c>GetService</c>.</summary>
    public ChatClientMetadata Metadata { get; }

    /// <summary>Gets the options object the face was created with (returned by <c>GetService</c> for its type).</summary>
    public abstract object Options { get; }

    /// <summary>Gets the model used when a call names none; <see langword="null"/> when there is none.</summary>
    public virtual string? DefaultModelId => Metadata.DefaultModelId;

    /// <summary>Gets the text of the "no model" error, naming the options property to set.</summary>
    public abstract string MissingModelHint { get; }

    /// <summary>Normalizes a model id (for example strips a <c>models/</c> prefix).</summary>
    public virtual string NormalizeModel(string model) => model;

    /// <summary>Maps the call to the wire request (pure).</summary>
    public abstract TRequest ToWireRequest(IEnumerable<ChatMessage> messages, ChatOptions? options, string model, bool stream);

    /// <summary>Serializes the request body under the caller's raw fields: providers call <see cref="RawRequestMerge.ToContent"/>
    /// with their source-generated metadata, so the merge has one meaning everywhere.</summary>
    public abstract HttpContent ToContent(TRequest request, object? raw);

    /// <summary>The URL the request goes to.</summary>
    public abstract Uri RequestUri(TRequest request, string model, bool stream);

    /// <summary>Per-request headers (beta flags a request needs); null for none.</summary>
    public virtual IEnumerable<KeyValuePair<string, string>>? RequestHeaders(TRequest request) => null;

    /// <summary>Reads and decodes a whole successful response body.</summary>
    public abstract ValueTask<TResponse> ReadResponseAsync(ProviderResponse response, CancellationToken cancellationToken);

    /// <summary>Maps the decoded response (pure). The engine stamps ids, origin, request id and rate limits afterwards.</summary>
    public abstract ChatResponse FromWireResponse(TResponse response, TRequest request, string model);

    /// <summary>Creates the decoder of one stream (the name and data bytes of one SSE event → one chunk). Protocols whose streams are not
    /// server-sent events override <see cref="OpenStream"/> instead.</summary>
    public virtual SseEventParser<TChunk> CreateStreamDecoder(string? requestId) =>
        throw new NotSupportedException($"{ProviderName} streams are not server-sent events; its protocol overrides OpenStream.");

    /// <summary>Opens the chunks of one streamed body. The default reads server-sent events with
    /// <see cref="CreateStreamDecoder"/>; an NDJSON provider (Ollama) reads lines with <see cref="NdjsonEventSource{T}"/>. Either
    /// way the caller's token is checked before every chunk and read failures arrive as the exception family; a decoder that
    /// throws on provider bytes surfaces as <see cref="StreamInterruptedException"/> (inner kept).</summary>
    public virtual IAsyncEnumerator<TChunk> OpenStream(Stream body, string? requestId, CancellationToken cancellationToken) =>
        new SseEventSource<TChunk>(body, CreateStreamDecoder(requestId), ProviderName, requestId, cancellationToken);

    /// <summary>Lets the provider replace a failed request's exception with one that says more about the fix, judged on the
    /// exception's status and error type together with what the request asked for (Ollama: a missing model names
    /// <c>ollama pull</c>; Gemini: a request naming a context cache that is gone fails with
    /// <see cref="ContextCacheNotFoundException"/>); null keeps it.</summary>
    public virtual ProviderException? RefineError(ProviderException error, TRequest request, string model) => null;

    /// <summary>Gets how the provider caches prompt prefixes, answered through <c>GetService</c> so middleware needs no
    /// provider names.</summary>
    public virtual PromptCachingStyle PromptCaching => PromptCachingStyle.None;

    /// <summary>Whether the provider serves <paramref name="tool"/>, a hosted tool (see <see cref="HostedTools.IsHosted"/>)
    /// that runs on the provider's side. The engine refuses one it cannot serve with <see cref="NotSupportedException"/>
    /// before any I/O. The default serves every hosted tool: a protocol that does not override this maps them itself.</summary>
    public virtual bool ServesHostedTool(AITool tool) => true;

    /// <summary>Creates the mapper of one stream; it holds that stream's state.</summary>
    public abstract StreamMapper<TChunk> CreateStreamMapper(TRequest request, string model);

    /// <summary>Returns a provider-only service (token counter, context caches, capabilities), or null.</summary>
    public virtual object? GetService(Type serviceType) => null;

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the transport and anything else the protocol created.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            Transport.Dispose();
        }
    }
}
