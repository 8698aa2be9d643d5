using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace LlmAdapters.Http;

/// <summary>
/// Decodes one server-sent event from its UTF-8 name (<c>message</c> when the event named none) and its data (the event's
/// <c>data</c> lines joined with LF). Both spans point into the reader's buffer and are valid only during the call.
/// </summary>
internal delegate T SseEventParser<T>(ReadOnlySpan<byte> eventName, ReadOnlySpan<byte> data);

/// <summary>
/// Server-sent events of one response, pulled one at a time and handed to an <see cref="SseEventParser{T}"/> as spans over
/// one pooled buffer, so an event costs no string and no copy: its name and a single data line are slices of the bytes as
/// read (only an event with several data lines is joined into a second buffer). Framing follows the SSE rules: LF, CR or
/// CRLF line ends (also split across reads), a leading UTF-8 BOM skipped, <c>:</c> comments, a field without a colon read
/// as a field with an empty value, one space after the colon dropped, <c>id</c>, <c>retry</c> and unknown fields ignored,
/// dispatch on a blank line only (an event cut off by the end of the body is dropped, so a truncated stream never looks
/// complete); like the runtime's <c>SseParser</c> this reader replaced, an empty <c>event:</c> names the event "" and the name
/// of an event without data stays for the next one. An event that grows past <c>maxEventBytes</c> without ending fails with <see cref="StreamInterruptedException"/>.
/// </summary>
/// <remarks>
/// The caller's token is checked before every event (a buffered event must not flow after cancellation) and after every
/// read; read failures become the exception family (<see cref="StreamReadFailures.Translate"/>) and whatever the parser throws
/// on the provider's bytes (anything but cancellation or a <see cref="ProviderException"/>) becomes
/// <see cref="StreamInterruptedException"/> here, the one place both framings guard their decoders. An event already
/// in the buffer is returned without an async state machine, so a stream costs one awaited read per network packet.
/// Adapters loop over it inside their own streaming iterator, so a stream pays for no second async-iterator layer per event.
/// </remarks>
internal sealed class SseEventSource<T> : IAsyncEnumerator<T>
{
    /// <summary>The default bound on one event's bytes (its lines and their terminators).</summary>
    public const int DefaultMaxEventBytes = 16 * 1024 * 1024;

    private const int InitialBufferSize = 16 * 1024;
    private readonly Stream _stream;
    private readonly SseEventParser<T> _parser;
    private readonly string _provider;
    private readonly string? _requestId;
    private readonly int _maxEventBytes;
    private readonly CancellationToken _cancellationToken;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
    private byte[]? _joined;
    private int _joinedLength;

    // Positions in _buffer: the first byte of the pending event, the first byte not yet split into lines, the end of the data.
    private int _start;
    private int _scan;
    private int _end;

    // The pending event: its name and its only data line as positions in _buffer (name -1: none); several lines go to _joined.
    private int _nameStart = -1;
    private int _nameLength;
    private int _dataStart;
    private int _dataLength;
    private int _dataLines;
    private bool _skipLf;
    private bool _bomChecked;
    private bool _ended;
    private T _current = default!;

    public SseEventSource(
        Stream stream, SseEventParser<T> parser, string provider, string? requestId, CancellationToken cancellationToken, int maxEventBytes = DefaultMaxEventBytes)
    {
        _stream = stream;
        _parser = parser;
        _provider = provider;
        _requestId = requestId;
        _cancellationToken = cancellationToken;
        _maxEventBytes = maxEventBytes;
    }

    /// <summary>The item decoded from the event read by the last successful <see cref="MoveNextAsync"/>.</summary>
    public T Current => _current;

    private static ReadOnlySpan<byte> Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>Reads the next event; false at the end of the body.</summary>
    public ValueTask<bool> MoveNextAsync()
    {
        _cancellationToken.ThrowIfCancellationRequested();
        return TryTakeEvent() ? new ValueTask<bool>(true) : _ended ? new ValueTask<bool>(false) : ReadMoreAsync();
    }

    public ValueTask DisposeAsync()
    {
        var buffer = Interlocked.Exchange(ref _buffer, []);
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        ReturnJoined();
        return ValueTask.CompletedTask;
    }

    private void ReturnJoined()
    {
        if (Interlocked.Exchange(ref _joined, null) is { } joined)
        {
            ArrayPool<byte>.Shared.Return(joined);
        }
    }

    /// <summary>Splits buffered bytes into lines until an event is dispatched (true) or the buffer holds no further whole line.</summary>
    private bool TryTakeEvent()
    {
        if (!_bomChecked && !TrySkipBom())
        {
            return false;
        }

        while (true)
        {
            if (_skipLf)
            {
                // The last line ended with CR: an LF right after it belongs to the same line end.
                if (_scan == _end)
                {
                    return false;
                }

                if (_buffer[_scan] == (byte)'\n')
                {
                    _scan++;
                    _start = HeldFrom;
                }

                _skipLf = false;
            }

            var rest = _buffer.AsSpan(_scan, _end - _scan);
            var lineEnd = rest.IndexOfAny((byte)'\n', (byte)'\r');
            if (lineEnd < 0)
            {
                return false;
            }

            var lineStart = _scan;
            _skipLf = rest[lineEnd] == (byte)'\r';
            _scan += lineEnd + 1;
            if (lineEnd == 0)
            {
                if (Dispatch())
                {
                    return true;
                }

                continue;
            }

            ReadField(lineStart, lineEnd);
            if (_scan - _start > _maxEventBytes)
            {
                throw EventTooLarge();
            }

            // Release what the pending event no longer needs (comments, ignored fields, lines already joined).
            _start = HeldFrom;
        }
    }

    /// <summary>Where the bytes the pending event still needs begin: its name, its single data line, or nothing yet.</summary>
    private int HeldFrom =>
        _dataLines == 1 ? (_nameStart >= 0 ? Math.Min(_nameStart, _dataStart) : _dataStart) : _nameStart >= 0 ? _nameStart : _scan;

    /// <summary>Skips a UTF-8 BOM at the start of the body; false while the first bytes could still be one.</summary>
    private bool TrySkipBom()
    {
        var head = _buffer.AsSpan(_scan, _end - _scan);
        if (head.Length < Bom.Length && Bom.StartsWith(head) && !_ended)
        {
            return false;
        }

        if (head.StartsWith(Bom))
        {
            _scan += Bom.Length;
            _start = _scan;
        }

        _bomChecked = true;
        return true;
    }

    private void ReadField(int lineStart, int length)
    {
        var line = _buffer.AsSpan(lineStart, length);
        if (line[0] == (byte)':')
        {
            return;
        }

        var colon = line.IndexOf((byte)':');
        var field = colon < 0 ? line : line[..colon];
        var valueStart = colon < 0 ? lineStart + length : lineStart + colon + 1;
        var valueLength = lineStart + length - valueStart;
        if (valueLength > 0 && _buffer[valueStart] == (byte)' ')
        {
            valueStart++;
            valueLength--;
        }

        if (field.SequenceEqual("data"u8))
        {
            AppendData(valueStart, valueLength);
        }
        else if (field.SequenceEqual("event"u8))
        {
            _nameStart = valueStart;
            _nameLength = valueLength;
        }
    }

    private void AppendData(int valueStart, int valueLength)
    {
        _dataLines++;
        if (_dataLines == 1)
        {
            _dataStart = valueStart;
            _dataLength = valueLength;
            return;
        }

        if (_dataLines == 2)
        {
            _joinedLength = 0;
            AppendJoined(_buffer.AsSpan(_dataStart, _dataLength));
        }

        AppendJoined("\n"u8);
        AppendJoined(_buffer.AsSpan(valueStart, valueLength));
    }

    private void AppendJoined(ReadOnlySpan<byte> bytes)
    {
        var needed = _joinedLength + bytes.Length;
        if (needed > _maxEventBytes)
        {
            throw EventTooLarge();
        }

        if (_joined is null || needed > _joined.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, Math.Max(256, (_joined?.Length ?? 0) * 2)));
            _joined.AsSpan(0, _joinedLength).CopyTo(bigger);
            ReturnJoined();
            _joined = bigger;
        }

        bytes.CopyTo(_joined.AsSpan(_joinedLength));
        _joinedLength = needed;
    }

    /// <summary>Ends the pending event at a blank line: decodes it when it has data (true), otherwise just forgets it.</summary>
    private bool Dispatch()
    {
        var lines = _dataLines;
        _dataLines = 0;
        if (lines == 0)
        {
            // As System.Net.ServerSentEvents' parser does, the name of an event without data stays for the next event.
            _start = HeldFrom;
            return false;
        }

        var name = _nameStart >= 0 ? _buffer.AsSpan(_nameStart, _nameLength) : "message"u8;
        var data = lines == 1 ? _buffer.AsSpan(_dataStart, _dataLength) : _joined.AsSpan(0, _joinedLength);
        _start = _scan;
        _nameStart = -1;
        _current = Parse(name, data);
        return true;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> ReadMoreAsync()
    {
        while (true)
        {
            MakeRoom();
            var read = await StreamReadFailures.ReadAsync(_stream, _buffer.AsMemory(_end), _provider, _requestId, _cancellationToken).ConfigureAwait(false);

            if (read == 0)
            {
                // Whatever is pending was not ended by a blank line: dropped, as the SSE rules require.
                _ended = true;
                return false;
            }

            _end += read;
            _cancellationToken.ThrowIfCancellationRequested();
            if (TryTakeEvent())
            {
                return true;
            }

            if (_end - _start > _maxEventBytes)
            {
                throw EventTooLarge();
            }
        }
    }

    /// <summary>Moves the pending event to the front of the buffer, growing the buffer when the event fills it.</summary>
    private void MakeRoom()
    {
        if (_start > 0)
        {
            var shift = _start;
            _buffer.AsSpan(shift, _end - shift).CopyTo(_buffer);
            _end -= shift;
            _scan -= shift;
            _dataStart -= shift;
            _nameStart = _nameStart >= 0 ? _nameStart - shift : -1;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            _buffer.AsSpan(0, _end).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }
    }

    private T Parse(ReadOnlySpan<byte> name, ReadOnlySpan<byte> data)
    {
        try
        {
            return _parser(name, data);
        }
        catch (Exception ex) when (ProviderErrorFactory.IsDecodingFailure(ex))
        {
            throw ProviderErrorFactory.ChunkUndecodable(_provider, _requestId, ex);
        }
    }

    private StreamInterruptedException EventTooLarge() =>
        ProviderErrorFactory.StreamInterrupted(
            _provider,
            _requestId,
            string.Create(CultureInfo.InvariantCulture, $"an event grew past {_maxEventBytes} bytes without ending"),
            null);
}
