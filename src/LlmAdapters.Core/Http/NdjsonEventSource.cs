using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace LlmAdapters.Http;

/// <summary>Decodes one item from one NDJSON line (without its line terminator).</summary>
internal delegate T NdjsonLineParser<T>(ReadOnlySpan<byte> line);

/// <summary>
/// The lines of one newline-delimited JSON body (<c>application/x-ndjson</c>), pulled one at a time and decoded by a
/// <see cref="NdjsonLineParser{T}"/>: LF-, CRLF- or CR-terminated lines, blank lines skipped, the last line accepted without a
/// terminator. The caller's token is checked before every line; read failures become the exception family (see
/// <see cref="StreamReadFailures.Translate"/>), and a decoder failure becomes <see cref="StreamInterruptedException"/> as in
/// <see cref="SseEventSource{T}"/>. A line already in the buffer is returned without an async state machine, so a stream
/// costs one awaited read per network packet rather than per line. The engine's stream session reads it directly.
/// </summary>
internal sealed class NdjsonEventSource<T> : IAsyncEnumerator<T>
{
    private const int InitialBufferSize = 16 * 1024;
    private readonly Stream _stream;
    private readonly NdjsonLineParser<T> _parser;
    private readonly string _provider;
    private readonly string? _requestId;
    private readonly CancellationToken _cancellationToken;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
    private int _start;
    private int _end;
    private bool _skipLf;
    private bool _ended;
    private T _current = default!;

    public NdjsonEventSource(Stream stream, NdjsonLineParser<T> parser, string provider, string? requestId, CancellationToken cancellationToken)
    {
        _stream = stream;
        _parser = parser;
        _provider = provider;
        _requestId = requestId;
        _cancellationToken = cancellationToken;
    }

    /// <summary>The item decoded from the line read by the last successful <see cref="MoveNextAsync"/>.</summary>
    public T Current => _current;

    /// <summary>Reads the next line; false at the end of the body.</summary>
    public ValueTask<bool> MoveNextAsync()
    {
        // Lines already buffered must not keep flowing after the caller cancelled.
        _cancellationToken.ThrowIfCancellationRequested();
        return TryTakeLine() ? new ValueTask<bool>(true) : _ended ? new ValueTask<bool>(false) : ReadMoreAsync();
    }

    public ValueTask DisposeAsync()
    {
        var buffer = Interlocked.Exchange(ref _buffer, []);
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Decodes the next complete non-blank line in the buffer, if there is one.</summary>
    private bool TryTakeLine()
    {
        while (true)
        {
            if (_skipLf && _start < _end)
            {
                if (_buffer[_start] == (byte)'\n')
                {
                    _start++;
                }

                _skipLf = false;
            }

            var span = _buffer.AsSpan(_start, _end - _start);
            var newline = span.IndexOfAny((byte)'\n', (byte)'\r');
            if (newline < 0)
            {
                return false;
            }

            var line = span[..newline];
            _skipLf = span[newline] == (byte)'\r';
            _start += newline + 1;
            if (!IsBlank(line))
            {
                _current = Parse(line);
                return true;
            }
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> ReadMoreAsync()
    {
        while (true)
        {
            // Compact and grow, then read more.
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }

            if (_end == _buffer.Length)
            {
                var bigger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
                Buffer.BlockCopy(_buffer, 0, bigger, 0, _end);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = bigger;
            }

            var read = await StreamReadFailures.ReadAsync(_stream, _buffer.AsMemory(_end), _provider, _requestId, _cancellationToken).ConfigureAwait(false);

            if (read == 0)
            {
                _ended = true;
                var rest = _buffer.AsSpan(_start, _end - _start);
                _start = _end;
                if (IsBlank(rest))
                {
                    return false;
                }

                _current = Parse(rest);
                return true;
            }

            _end += read;
            _cancellationToken.ThrowIfCancellationRequested();
            if (TryTakeLine())
            {
                return true;
            }
        }
    }

    private T Parse(ReadOnlySpan<byte> line)
    {
        try
        {
            return _parser(line);
        }
        catch (Exception ex) when (ProviderErrorFactory.IsDecodingFailure(ex))
        {
            throw ProviderErrorFactory.ChunkUndecodable(_provider, _requestId, ex);
        }
    }

    private static bool IsBlank(ReadOnlySpan<byte> line) => line.Trim(" \t"u8).IsEmpty;
}
