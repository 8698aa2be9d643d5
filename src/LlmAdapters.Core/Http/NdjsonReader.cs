using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace LlmAdapters.Http;

/// <summary>Decodes one item from one NDJSON line (without its line terminator).</summary>
internal delegate T NdjsonLineParser<T>(ReadOnlySpan<byte> line);

/// <summary>
/// Reads newline-delimited JSON (<c>application/x-ndjson</c>) as an async sequence: one item per LF-, CRLF- or CR-terminated
/// line, blank lines skipped, the last line accepted without a terminator. Failures map like <see cref="SseReader"/>. The
/// lines come from an <see cref="NdjsonEventSource{T}"/>, which the engine's stream session reads directly.
/// </summary>
internal static class NdjsonReader
{
    public static async IAsyncEnumerable<T> ReadAsync<T>(
        Stream stream,
        NdjsonLineParser<T> parser,
        string provider,
        string? requestId,
        [EnumeratorCancellation] CancellationToken cancellationToken)
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
