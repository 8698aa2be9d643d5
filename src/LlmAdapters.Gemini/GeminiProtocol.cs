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
    private ModelUri? _lastUri;
    private ModelUri? _lastStreamUri;

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

    public override Uri RequestUri(GeminiRequest request, string model, bool stream)
    {
        // The URL names the model: keep the last one per method, as a call rarely changes models (a Uri costs ~400 bytes).
        var last = stream ? _lastStreamUri : _lastUri;
        if (last is not null && string.Equals(last.Model, model, StringComparison.Ordinal))
        {
            return last.Uri;
        }

        last = new ModelUri(model, stream ? _connection.ModelMethod(model, "streamGenerateContent", "?alt=sse") : _connection.ModelMethod(model, "generateContent"));
        if (stream)
        {
            _lastStreamUri = last;
        }
        else
        {
            _lastUri = last;
        }

        return last.Uri;
    }

    public override ValueTask<GeminiResponse> ReadResponseAsync(ProviderResponse response, CancellationToken cancellationToken) =>
        response.ReadAsync(GeminiResponseMapper.ParseBody, "the expected JSON", cancellationToken);

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

    private sealed record ModelUri(string Model, Uri Uri);
}
