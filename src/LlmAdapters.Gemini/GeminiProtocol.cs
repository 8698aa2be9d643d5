using System.Net.ServerSentEvents;
using LlmAdapters.Gemini.Wire;
using LlmAdapters.Http;
using LlmAdapters.Providers;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Gemini;

/// <summary>
/// The chat engine's view of Gemini: the <see cref="GeminiConnection"/> (back end, URL form, credentials, transport) plus the
/// pure pieces — request and response mappers, the stream decoder and mapper — and the provider-only services reached
/// through <c>GetService</c> (token counter, context caches).
/// </summary>
internal sealed class GeminiProtocol : ChatProtocol<GeminiRequest, GeminiResponse, GeminiStreamChunk>
{
    private readonly GeminiConnection _connection;
    private readonly GeminiTokenCounter _tokenCounter;
    private GeminiContextCaches? _caches;

    public GeminiProtocol(GeminiConnection connection)
        : base(connection.Transport, connection.Endpoint, connection.Options.DefaultModelId)
    {
        _connection = connection;
        _tokenCounter = new GeminiTokenCounter(connection);
    }

    public GeminiConnection Connection => _connection;

    public override object Options => _connection.Options;

    public override string MissingModelHint => "set ChatOptions.ModelId or GeminiOptions.DefaultModelId (for example 'gemini-2.5-flash').";

    public override string NormalizeModel(string model) => model.StartsWith("models/", StringComparison.Ordinal) ? model["models/".Length..] : model;

    public override GeminiRequest ToWireRequest(IEnumerable<ChatMessage> messages, ChatOptions? options, string model, bool stream) =>
        GeminiRequestMapper.ToWireRequest(messages, options, new GeminiRequestContext(model, _connection.FilesRoot, _connection.CacheResource));

    public override HttpContent ToContent(GeminiRequest request, object? raw) =>
        RawRequestMerge.ToContent(request, GeminiJsonContext.Default.GeminiRequest, raw);

    public override Uri RequestUri(GeminiRequest request, string model, bool stream) =>
        stream ? _connection.ModelMethod(model, "streamGenerateContent", "?alt=sse") : _connection.ModelMethod(model, "generateContent");

    public override ValueTask<GeminiResponse> ReadResponseAsync(ProviderResponse response, CancellationToken cancellationToken) =>
        new(response.ReadJsonAsync(GeminiJsonContext.Default.GeminiResponse, cancellationToken));

    public override ChatResponse FromWireResponse(GeminiResponse response, GeminiRequest request, string model) =>
        GeminiResponseMapper.FromWireResponse(response, ProviderName, model);

    public override SseItemParser<GeminiStreamChunk> CreateStreamDecoder(string? requestId) => new GeminiStreamDecoder().Decode;

    public override StreamMapper<GeminiStreamChunk> CreateStreamMapper(GeminiRequest request, string model) => new GeminiStreamMapper(ProviderName, model);

    public override object? GetService(Type serviceType)
    {
        if (serviceType == typeof(ITokenCounter))
        {
            return _tokenCounter;
        }

        if (serviceType == typeof(GeminiContextCaches) || serviceType == typeof(IContextCacheService))
        {
            return _caches ??= new GeminiContextCaches(_connection, ownsConnection: false);
        }

        return null;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            // The credential the connection created (the transport was released above; releasing it twice is harmless).
            _connection.Dispose();
        }
    }
}
