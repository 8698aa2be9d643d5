using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace LlmAdapters.Http;

/// <summary>
/// A response body as the adapters read it, bounded in size and in silence. A read-only pass-through that fails once more
/// than <c>limit</c> bytes were read, and that cancels a read left waiting longer than the idle timeout for the provider's
/// next byte, failing it with a retryable <see cref="ProviderTimeoutException"/>. Bytes already returned stay returned, so a
/// stream session keeps every update it yielded before the failure.
/// </summary>
/// <remarks>
/// One timer serves the whole body and is armed only while a read actually waits on the network: reads served from data
/// already buffered (most of them) cost nothing, and a slow consumer between reads never counts as provider silence.
/// Synchronous reads are bounded in size only.
/// </remarks>
internal sealed class BoundedReadStream : Stream
{
    private readonly Stream _inner;
    private readonly long _limit;
    private readonly TimeSpan _idleTimeout;
    private readonly TimeProvider _timeProvider;
    private readonly string _provider;
    private readonly string? _requestId;
    private readonly bool _streaming;
    private CancellationTokenSource? _idle;
    private CancellationTokenSource? _linked;
    private CancellationToken _linkedTo;
    private long _read;

    /// <param name="inner">The transport's body stream; disposed with this one.</param>
    /// <param name="limit">The most bytes that may be read.</param>
    /// <param name="provider">The provider name for errors.</param>
    /// <param name="idleTimeout">How long a read may wait for data; <see cref="Timeout.InfiniteTimeSpan"/> waits forever.</param>
    /// <param name="timeProvider">The clock that drives the idle timer.</param>
    /// <param name="requestId">The response's request id (redacted), for errors.</param>
    /// <param name="streaming">Whether the body is a stream of updates (chooses the exception types).</param>
    public BoundedReadStream(
        Stream inner,
        long limit,
        string provider,
        TimeSpan? idleTimeout = null,
        TimeProvider? timeProvider = null,
        string? requestId = null,
        bool streaming = false)
    {
        _inner = inner;
        _limit = limit;
        _provider = provider;
        _idleTimeout = idleTimeout ?? Timeout.InfiniteTimeSpan;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _requestId = requestId;
        _streaming = streaming;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Count(_inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Count(_inner.Read(buffer));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_idleTimeout == Timeout.InfiniteTimeSpan)
        {
            // Buffered bodies and data already in the socket buffer complete synchronously: no state machine for those.
            var pending = _inner.ReadAsync(buffer, cancellationToken);
            return pending.IsCompletedSuccessfully ? new ValueTask<int>(Count(pending.Result)) : CountAsync(pending);
        }

        ValueTask<int> read;
        try
        {
            read = _inner.ReadAsync(buffer, ReadToken(cancellationToken));
        }
        catch (Exception ex) when (IsStall(cancellationToken))
        {
            throw Stalled(ex);
        }
        catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested && ex.CancellationToken != cancellationToken)
        {
            throw new OperationCanceledException(ex.Message, ex, cancellationToken);
        }

        if (read.IsCompletedSuccessfully)
        {
            return new ValueTask<int>(Count(read.Result));
        }

        // The read waits for the network: only now does provider silence start to count. Cancelling the token the
        // read was started with aborts it (SocketsHttpHandler closes the connection).
        _idle!.CancelAfter(_idleTimeout);
        return AwaitWithIdleTimerAsync(read, cancellationToken);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            ReleaseTimer();
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        ReleaseTimer();
        await _inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    private async ValueTask<int> CountAsync(ValueTask<int> pending) => Count(await pending.ConfigureAwait(false));

    private async ValueTask<int> AwaitWithIdleTimerAsync(ValueTask<int> pending, CancellationToken cancellationToken)
    {
        int read;
        try
        {
            read = await pending.ConfigureAwait(false);
        }
        catch (Exception ex) when (IsStall(cancellationToken))
        {
            throw Stalled(ex);
        }
        catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested && ex.CancellationToken != cancellationToken)
        {
            // Reported with the caller's token, not the linked one the read ran under.
            throw new OperationCanceledException(ex.Message, ex, cancellationToken);
        }

        // Disarm (not TryReset: that would also drop the linked source's registration on this token).
        _idle!.CancelAfter(Timeout.InfiniteTimeSpan);
        if (_idle.IsCancellationRequested)
        {
            // The timer fired just as the data arrived: the read succeeded, so the silence did not end the body.
            // A cancelled source cannot be reused; the next read gets a fresh one.
            ReleaseTimer();
        }

        return Count(read);
    }

    /// <summary>The token a read runs under: the caller's, linked with the idle timer (one source per body, reused).</summary>
    private CancellationToken ReadToken(CancellationToken cancellationToken)
    {
        _idle ??= new CancellationTokenSource(Timeout.InfiniteTimeSpan, _timeProvider);
        if (!cancellationToken.CanBeCanceled)
        {
            return _idle.Token;
        }

        if (_linked is null || _linkedTo != cancellationToken)
        {
            _linked?.Dispose();
            _linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _idle.Token);
            _linkedTo = cancellationToken;
        }

        return _linked.Token;
    }

    // The caller's cancellation always wins: it surfaces as OperationCanceledException, never as a timeout.
    private bool IsStall(CancellationToken cancellationToken) => _idle is { IsCancellationRequested: true } && !cancellationToken.IsCancellationRequested;

    private ProviderTimeoutException Stalled(Exception inner) => TransportErrors.Stalled(_provider, _idleTimeout, _streaming, _requestId, inner);

    private void ReleaseTimer()
    {
        _linked?.Dispose();
        _linked = null;
        _linkedTo = default;
        _idle?.Dispose();
        _idle = null;
    }

    private int Count(int read)
    {
        _read += read;
        if (_read > _limit)
        {
            throw TransportErrors.TooLarge(_provider, _limit, announced: null, _streaming, _requestId);
        }

        return read;
    }
}
