namespace LlmAdapters.Delivery;

/// <summary>
/// A read-only stream over fixed bytes that hands out at most <c>chunkSize</c> bytes per read (1 = trickled delivery)
/// and, optionally, fails with an <see cref="IOException"/> once the bytes run out, like a connection reset.
/// </summary>
internal sealed class TrickleStream(byte[] data, int chunkSize = 1, bool failAtEnd = false) : Stream
{
    private int _position;

    public int Reads { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        Reads++;
        var remaining = data.Length - _position;
        if (remaining == 0)
        {
            if (failAtEnd)
            {
                throw new IOException("Connection reset by peer.");
            }

            return 0;
        }

        var n = Math.Min(Math.Min(chunkSize, remaining), buffer.Length);
        data.AsSpan(_position, n).CopyTo(buffer);
        _position += n;
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(buffer.Span));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
