using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;

namespace LlmAdapters.Benchmarks.Harness;

/// <summary>
/// The <c>floor</c> variant: the least work a correct client can do. A pre-serialized body over one shared
/// <see cref="HttpClient"/>; streams through <see cref="SseParser"/> with one <see cref="Utf8JsonReader"/> pass per event
/// that pulls out the delta text; whole responses through one <see cref="JsonDocument"/>.
/// </summary>
internal sealed class FloorClient(IEnumerable<KeyValuePair<string, string>> headers) : IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly HttpClient _http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
    private readonly KeyValuePair<string, string>[] _headers = [.. headers];

    /// <summary>Streams one response and returns the total length of the text found under <paramref name="textProperty"/>.</summary>
    public async ValueTask<long> StreamAsync(Uri uri, byte[] body, byte[] textProperty, byte[] doneData, CancellationToken cancellationToken)
    {
        using var request = Request(uri, body);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        long chars = 0;
        var parser = SseParser.Create(stream, (_, data) => data.SequenceEqual(doneData) ? null : FindString(data, textProperty));
        await foreach (var item in parser.EnumerateAsync(cancellationToken))
        {
            chars += item.Data?.Length ?? 0;
        }

        return chars;
    }

    /// <summary>Streams one NDJSON response (Ollama) and returns the total length of the text found under
    /// <paramref name="textProperty"/>: lines split in one buffer, one <see cref="Utf8JsonReader"/> pass per line.</summary>
    public async ValueTask<long> StreamLinesAsync(Uri uri, byte[] body, byte[] textProperty, CancellationToken cancellationToken)
    {
        using var request = Request(uri, body);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        long chars = 0;
        var buffer = new byte[16 * 1024];
        var start = 0;
        var end = 0;
        while (true)
        {
            int newline;
            while ((newline = buffer.AsSpan(start, end - start).IndexOf((byte)'\n')) >= 0)
            {
                chars += FindString(buffer.AsSpan(start, newline), textProperty)?.Length ?? 0;
                start += newline + 1;
            }

            if (start > 0)
            {
                Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                end -= start;
                start = 0;
            }

            if (end == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }

            var read = await stream.ReadAsync(buffer.AsMemory(end), cancellationToken);
            if (read == 0)
            {
                return chars;
            }

            end += read;
        }
    }

    /// <summary>Sends one request and returns the length of the text <paramref name="extract"/> finds in the response.</summary>
    public async ValueTask<long> CallAsync(Uri uri, byte[] body, Func<JsonElement, string?> extract, CancellationToken cancellationToken)
    {
        using var request = Request(uri, body);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
        return extract(document.RootElement)?.Length ?? 0;
    }

    public void Dispose() => _http.Dispose();

    /// <summary>The first string value of a property named <paramref name="property"/>, anywhere in the event.</summary>
    internal static string? FindString(ReadOnlySpan<byte> json, ReadOnlySpan<byte> property)
    {
        var reader = new Utf8JsonReader(json);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals(property))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    return reader.GetString();
                }
            }
        }

        return null;
    }

    private HttpRequestMessage Request(Uri uri, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = Json;
        var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = content };
        foreach (var header in _headers)
        {
            request.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        return request;
    }

    internal static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
