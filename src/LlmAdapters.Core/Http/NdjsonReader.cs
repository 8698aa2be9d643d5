using System.Buffers;
using System.Runtime.CompilerServices;

namespace LlmAdapters.Http;

/// <summary>Decodes one item from one NDJSON line (without its line terminator).</summary>
internal delegate T NdjsonLineParser<T>(ReadOnlySpan<byte> line);

/// <summary>
/// Reads newline-delimited JSON (<c>application/x-ndjson</c>): one item per LF-, CRLF- or CR-terminated line,
/// blank lines skipped, the last line accepted without a terminator. Failures map like <see cref="SseReader"/>.
/// </summary>
internal static class NdjsonReader
{
    private const int InitialBufferSize = 16 * 1024;

    public static async IAsyncEnumerable<T> ReadAsync<T>(
        Stream stream,
        NdjsonLineParser<T> parser,
        string provider,
        string? requestId,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
        var start = 0;
        var end = 0;
        var skipLf = false;
        try
        {
            while (true)
            {
                // Emit every complete line already buffered.
                while (true)
                {
                    // Lines already buffered must not keep flowing after the caller cancelled.
                    cancellationToken.ThrowIfCancellationRequested();
                    if (skipLf && start < end)
                    {
                        if (buffer[start] == (byte)'\n')
                        {
                            start++;
                        }

                        skipLf = false;
                    }

                    var span = buffer.AsSpan(start, end - start);
                    var newline = span.IndexOfAny((byte)'\n', (byte)'\r');
                    if (newline < 0)
                    {
                        break;
                    }

                    var line = span[..newline];
                    skipLf = span[newline] == (byte)'\r';
                    start += newline + 1;
                    if (!IsBlank(line))
                    {
                        yield return Parse(parser, line, provider, requestId, cancellationToken);
                    }
                }

                // Compact and grow, then read more.
                if (start > 0)
                {
                    Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                    end -= start;
                    start = 0;
                }

                if (end == buffer.Length)
                {
                    var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    Buffer.BlockCopy(buffer, 0, bigger, 0, end);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }

                int read;
                try
                {
                    read = await stream.ReadAsync(buffer.AsMemory(end), cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (SseReader.Translate(ex, provider, requestId, cancellationToken) is { } translated)
                {
                    throw translated;
                }

                if (read == 0)
                {
                    var rest = buffer.AsSpan(start, end - start);
                    if (!IsBlank(rest))
                    {
                        yield return Parse(parser, rest, provider, requestId, cancellationToken);
                    }

                    yield break;
                }

                end += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static T Parse<T>(NdjsonLineParser<T> parser, ReadOnlySpan<byte> line, string provider, string? requestId, CancellationToken cancellationToken)
    {
        try
        {
            return parser(line);
        }
        catch (Exception ex) when (SseReader.Translate(ex, provider, requestId, cancellationToken) is { } translated)
        {
            throw translated;
        }
    }

    private static bool IsBlank(ReadOnlySpan<byte> line) => line.Trim(" \t"u8).IsEmpty;
}
