using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace LlmAdapters.Http;

/// <summary>
/// Reads a <c>text/event-stream</c> body with <see cref="SseParser"/>, decoding each event straight from its
/// UTF-8 bytes. Transport failures and undecodable events become <see cref="StreamInterruptedException"/>;
/// cancellation surfaces as <see cref="OperationCanceledException"/>.
/// </summary>
internal static class SseReader
{
    public static async IAsyncEnumerable<SseItem<T>> ReadAsync<T>(
        Stream stream,
        SseItemParser<T> parser,
        string provider,
        string? requestId,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var events = new SseEventSource<T>(stream, parser, provider, requestId, cancellationToken);
        await using (events.ConfigureAwait(false))
        {
            while (await events.MoveNextAsync().ConfigureAwait(false))
            {
                yield return events.Current;
            }
        }
    }

    /// <summary>Maps a failure while reading a stream to the exception family; null lets it propagate unchanged.</summary>
    public static Exception? Translate(Exception ex, string provider, string? requestId, CancellationToken cancellationToken)
    {
        if (ex is OperationCanceledException or ProviderException)
        {
            return null;
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return new OperationCanceledException("The stream was cancelled.", ex, cancellationToken);
        }

        // Messages name the failure, never the bytes: a JsonException's path holds the chunk's (server-chosen) property
        // names, which is where a hostile server would put an echoed key. The inner exception keeps the details.
        return ex switch
        {
            JsonException json => ProviderErrorFactory.StreamInterrupted(provider, requestId, $"a chunk could not be parsed ({Where(json)})", ex),
            IOException or HttpRequestException or ObjectDisposedException =>
                ProviderErrorFactory.StreamInterrupted(provider, requestId, "the connection closed before the stream finished", ex),
            FormatException or InvalidOperationException =>
                ProviderErrorFactory.StreamInterrupted(provider, requestId, $"a chunk was malformed ({SecretRedactor.Redact(ex.Message)})", ex),
            _ => null,
        };
    }

    private static string Where(JsonException ex) =>
        ex.BytePositionInLine is { } position
            ? string.Create(CultureInfo.InvariantCulture, $"invalid JSON at line {ex.LineNumber ?? 0}, byte {position}")
            : "invalid JSON";
}
