using System.Threading.Channels;
using LlmAdapters.Http;
using ManualClock = Microsoft.Extensions.Time.Testing.FakeTimeProvider;

namespace LlmAdapters.Core.Tests.Http;

/// <summary>The body stream's limits on a manual clock: silence is measured only while a read waits for the provider.</summary>
public sealed class BoundedReadStreamTests
{
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ReadAsync_NothingArrivesForTheIdleTimeout_ThrowsProviderTimeoutAfterKeepingEarlierBytes()
    {
        var clock = new ManualClock();
        var feed = new FeedStream();
        await using var body = new BoundedReadStream(feed, 1024, "testprov", Idle, clock, "req_1", streaming: true);
        feed.Send("abc"u8);
        var buffer = new byte[16];

        Assert.Equal(3, await body.ReadAsync(buffer, Ct));
        var pending = body.ReadAsync(buffer, Ct).AsTask();
        clock.Advance(Idle - TimeSpan.FromMilliseconds(1));
        Assert.False(pending.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(1));

        var ex = await Assert.ThrowsAsync<ProviderTimeoutException>(() => pending);
        Assert.Equal("abc"u8.ToArray(), buffer[..3]);
        Assert.Equal("req_1", ex.RequestId);
        Assert.True(ex.IsRetryable);
        Assert.IsAssignableFrom<OperationCanceledException>(ex.InnerException);
    }

    [Fact]
    public async Task ReadAsync_DataArrivesBeforeTheTimeout_RestartsTheTimerForTheNextRead()
    {
        var clock = new ManualClock();
        var feed = new FeedStream();
        await using var body = new BoundedReadStream(feed, 1024, "testprov", Idle, clock);
        var buffer = new byte[16];

        for (var i = 0; i < 5; i++)
        {
            var pending = body.ReadAsync(buffer, Ct).AsTask();
            clock.Advance(Idle - TimeSpan.FromSeconds(1));
            feed.Send("x"u8);
            Assert.Equal(1, await pending);
        }

        // 5 × 29 s of waiting in all, never 30 s in one stretch.
        Assert.Equal(5, body.Position);
    }

    [Fact]
    public async Task ReadAsync_SlowConsumerBetweenReads_IsNotProviderSilence()
    {
        var clock = new ManualClock();
        var feed = new FeedStream();
        await using var body = new BoundedReadStream(feed, 1024, "testprov", Idle, clock);
        feed.Send("one"u8);
        var buffer = new byte[16];
        Assert.Equal(3, await body.ReadAsync(buffer, Ct));

        // The caller takes ten idle periods before reading again; the provider sent its bytes meanwhile.
        clock.Advance(Idle * 10);
        feed.Send("two"u8);

        Assert.Equal(3, await body.ReadAsync(buffer, Ct));
    }

    [Fact]
    public async Task ReadAsync_CallerCancelsWhileWaiting_ThrowsOperationCanceledNotTimeout()
    {
        var clock = new ManualClock();
        await using var body = new BoundedReadStream(new FeedStream(), 1024, "testprov", Idle, clock);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var pending = body.ReadAsync(new byte[16], cts.Token).AsTask();
        await cts.CancelAsync();

        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
        Assert.Equal(cts.Token, ex.CancellationToken);
    }

    [Fact]
    public async Task ReadAsync_MoreThanTheLimitOnAStream_ThrowsStreamInterruptedNotRetryable()
    {
        var feed = new FeedStream();
        await using var body = new BoundedReadStream(feed, 4, "testprov", streaming: true);
        feed.Send("12345"u8);

        var ex = await Assert.ThrowsAsync<StreamInterruptedException>(() => body.ReadAsync(new byte[16], Ct).AsTask());

        Assert.False(ex.IsRetryable);
        Assert.StartsWith("The testprov stream exceeded the maximum size of 4 bytes and was cut off.", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>A stream whose reads wait until the test sends bytes, and honour cancellation while they wait.</summary>
    private sealed class FeedStream : Stream
    {
        private readonly Channel<byte[]> _chunks = Channel.CreateUnbounded<byte[]>();

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public void Send(ReadOnlySpan<byte> bytes) => Assert.True(_chunks.Writer.TryWrite(bytes.ToArray()));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var chunk = await _chunks.Reader.ReadAsync(cancellationToken);
            chunk.CopyTo(buffer);
            return chunk.Length;
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
