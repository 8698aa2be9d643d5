using System.Runtime.CompilerServices;
using LlmAdapters.Http;

namespace LlmAdapters.Tests.Shared;

/// <summary>
/// Reads a streamed body through the enumerators the engine's stream session uses (<see cref="SseEventSource{T}"/>,
/// <see cref="NdjsonEventSource{T}"/>), as an async sequence a test can <c>await foreach</c> over.
/// </summary>
internal static class StreamEvents
{
    public static async IAsyncEnumerable<T> ReadSseAsync<T>(
        Stream stream, SseEventParser<T> parser, string provider, string? requestId, [EnumeratorCancellation] CancellationToken cancellationToken)
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

    public static async IAsyncEnumerable<T> ReadNdjsonAsync<T>(
        Stream stream, NdjsonLineParser<T> parser, string provider, string? requestId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var lines = new NdjsonEventSource<T>(stream, parser, provider, requestId, cancellationToken);
        await using (lines.ConfigureAwait(false))
        {
            while (await lines.MoveNextAsync().ConfigureAwait(false))
            {
                yield return lines.Current;
            }
        }
    }
}
