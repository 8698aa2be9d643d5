using System.Diagnostics;
using LlmAdapters.Core.Tests.Hostile;
using LlmAdapters.Http;
using static LlmAdapters.Core.Tests.Hostile.HostileTransport;
using ManualClock = Microsoft.Extensions.Time.Testing.FakeTimeProvider;
using LlmAdapters.Hostile;

namespace LlmAdapters.Core.Tests.Http;

/// <summary>
/// No call hangs: a server that never answers, a stream that stalls after its first event and a body that stops
/// half-way each end in a retryable <see cref="ProviderTimeoutException"/>. Socket tests use real, short timeouts;
/// the defaults are checked on a manual clock.
/// </summary>
public sealed class TransportTimeoutTests
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(300);

    // Timers may fire a few milliseconds early; the bounds only tell "waited for the timeout" from "hung".
    private static readonly TimeSpan AtLeastShort = Short - TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan HangBound = TimeSpan.FromSeconds(20);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SendAsync_ServerAcceptsAndNeverAnswers_ThrowsProviderTimeoutAfterResponseHeadersTimeout(bool streaming)
    {
        await using var server = HostileServer.Start(c => c.StallAsync());
        using var transport = Create(headersTimeout: Short);
        var watch = Stopwatch.StartNew();

        var ex = await Assert.ThrowsAsync<ProviderTimeoutException>(
            () => transport.SendAsync(HttpMethod.Post, server.Url("v1/chat"), null, streaming, Ct));

        Assert.Equal(
            $"testprov at http://127.0.0.1:{server.BaseAddress.Port} sent no response within 0.3 s (ResponseHeadersTimeout). " +
            "Retry; if long non-streaming generations are expected, stream them or raise ResponseHeadersTimeout.",
            ex.Message);
        Assert.True(ex.IsRetryable);
        Assert.Null(ex.StatusCode);
        Assert.InRange(watch.Elapsed, AtLeastShort, HangBound);
    }

    [Fact]
    public async Task StreamAsync_HeadersAndOneEventThenSilence_KeepsTheEventThenThrowsProviderTimeout()
    {
        await using var server = HostileServer.Start(async c =>
        {
            await c.WriteHeadAsync(200, ("Content-Type", "text/event-stream"), ("x-request-id", "req_stall"));
            await c.WriteAsync(Event("""{"text":"first"}"""));
            await c.StallAsync();
        });
        using var transport = Create(idleTimeout: Short);
        var frames = new List<string>();

        var ex = await Assert.ThrowsAsync<ProviderTimeoutException>(async () =>
        {
            await foreach (var frame in StreamAsync(transport, server.Url("v1/stream"), Ct))
            {
                frames.Add(frame);
            }
        });

        Assert.Equal(["""{"text":"first"}"""], frames);
        Assert.Equal(
            "The testprov stream stalled: nothing arrived for 0.3 s (StreamIdleTimeout). The updates already received are kept; retry the request to get a complete answer.",
            ex.Message);
        Assert.True(ex.IsRetryable);
        Assert.Equal("req_stall", ex.RequestId);
    }

    [Fact]
    public async Task StreamAsync_EventsSlowerThanNothingButFasterThanTheIdleTimeout_AllArrive()
    {
        await using var server = HostileServer.Start(async c =>
        {
            await c.WriteHeadAsync(200, ("Content-Type", "text/event-stream"));
            for (var i = 0; i < 6; i++)
            {
                await c.WriteAsync(Event(i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                await Task.Delay(100, c.Stopping);
            }

            await c.WriteAsync(Event("[DONE]"));
        });
        using var transport = Create(idleTimeout: TimeSpan.FromMilliseconds(400));
        var frames = new List<string>();

        await foreach (var frame in StreamAsync(transport, server.Url("v1/stream"), Ct))
        {
            frames.Add(frame);
        }

        // 700 ms in total, more than the idle timeout: the timer measures silence, not the length of the stream.
        Assert.Equal(["0", "1", "2", "3", "4", "5", "[DONE]"], frames);
    }

    [Fact]
    public async Task ReadJsonAsync_BodyStopsHalfWay_ThrowsProviderTimeout()
    {
        await using var server = HostileServer.Start(async c =>
        {
            await c.WriteHeadAsync(200, ("Content-Type", "application/json"), ("Content-Length", "100"));
            await c.WriteAsync("""{"text":"par""");
            await c.StallAsync();
        });
        using var transport = Create(idleTimeout: Short);

        var ex = await Assert.ThrowsAsync<ProviderTimeoutException>(() => PostAsync(transport, server.Url("v1/chat"), Ct));

        Assert.Equal("The testprov response stalled: no byte of its body arrived for 0.3 s (StreamIdleTimeout). Retry the request.", ex.Message);
        Assert.True(ex.IsRetryable);
    }

    [Fact]
    public async Task SendAsync_ErrorBodyStopsHalfWay_StatusStillDecidesTheException()
    {
        await using var server = HostileServer.Start(async c =>
        {
            await c.WriteHeadAsync(503, ("Content-Type", "application/json"), ("Content-Length", "500"));
            await c.WriteAsync("""{"error":{"type":"overloaded""");
            await c.StallAsync();
        });
        using var transport = Create(idleTimeout: Short);
        var watch = Stopwatch.StartNew();

        var ex = await Assert.ThrowsAsync<ProviderOverloadedException>(() => PostAsync(transport, server.Url("v1/chat"), Ct));

        Assert.True(ex.IsRetryable);
        Assert.InRange(watch.Elapsed, AtLeastShort, HangBound);
    }

    [Fact]
    public async Task StreamAsync_CallerCancelsDuringSilence_ThrowsOperationCanceledNotTimeout()
    {
        await using var server = HostileServer.Start(async c =>
        {
            await c.WriteHeadAsync(200, ("Content-Type", "text/event-stream"));
            await c.WriteAsync(Event("one"));
            await c.StallAsync();
        });
        using var transport = Create(idleTimeout: TimeSpan.FromMinutes(1));
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in StreamAsync(transport, server.Url("v1/stream"), cts.Token))
            {
                cts.CancelAfter(TimeSpan.FromMilliseconds(100));
            }
        });

        Assert.IsNotAssignableFrom<ProviderException>(ex);
    }

    [Fact]
    public async Task SendAsync_DefaultHeadersTimeoutForStreams_Is100Seconds()
    {
        var clock = new ManualClock();
        await using var server = HostileServer.Start(c => c.StallAsync());
        using var transport = Create(clock: clock);

        var send = transport.SendAsync(HttpMethod.Post, server.Url("v1/stream"), null, streaming: true, Ct);
        await server.FirstRequest.WaitAsync(Ct);
        clock.Advance(TimeSpan.FromSeconds(99));
        await Task.Delay(200, Ct);
        Assert.False(send.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1));

        var ex = await Assert.ThrowsAsync<ProviderTimeoutException>(() => send);
        Assert.Contains("sent no response within 100 s (ResponseHeadersTimeout)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_DefaultHeadersTimeoutForWholeResponses_IsTenMinutes()
    {
        var clock = new ManualClock();
        await using var server = HostileServer.Start(c => c.StallAsync());
        using var transport = Create(clock: clock);

        var send = transport.SendAsync(HttpMethod.Post, server.Url("v1/chat"), null, streaming: false, Ct);
        await server.FirstRequest.WaitAsync(Ct);
        clock.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1));
        await Task.Delay(200, Ct);
        Assert.False(send.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1));

        var ex = await Assert.ThrowsAsync<ProviderTimeoutException>(() => send);
        Assert.Contains("sent no response within 600 s (ResponseHeadersTimeout)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StreamAsync_DefaultIdleTimeout_IsFiveMinutesOfSilence()
    {
        var clock = new ManualClock();
        await using var server = HostileServer.Start(async c =>
        {
            await c.WriteHeadAsync(200, ("Content-Type", "text/event-stream"));
            await c.WriteAsync(Event("one"));
            await c.StallAsync();
        });
        using var transport = Create(clock: clock);
        await using var events = StreamAsync(transport, server.Url("v1/stream"), Ct).GetAsyncEnumerator(Ct);
        Assert.True(await events.MoveNextAsync());

        // The read for the next event is now waiting on the socket, with the idle timer armed.
        var next = events.MoveNextAsync().AsTask();
        await Task.Delay(200, Ct);
        clock.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        await Task.Delay(200, Ct);
        Assert.False(next.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1));

        var ex = await Assert.ThrowsAsync<ProviderTimeoutException>(() => next);
        Assert.Contains("nothing arrived for 300 s (StreamIdleTimeout)", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void Constructor_NonPositiveTimeout_ThrowsNamingTheOption(int seconds)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Create(idleTimeout: TimeSpan.FromSeconds(seconds)));

        Assert.Equal(nameof(ProviderTransportOptions.StreamIdleTimeout), ex.ParamName);
    }

    [Fact]
    public async Task StreamAsync_InfiniteIdleTimeout_WaitsThroughADayOfSilence()
    {
        var clock = new ManualClock();
        var resume = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = HostileServer.Start(async c =>
        {
            await c.WriteHeadAsync(200, ("Content-Type", "text/event-stream"));
            await c.WriteAsync(Event("one"));
            await resume.Task.WaitAsync(c.Stopping);
            await c.WriteAsync(Event("[DONE]"));
        });
        using var transport = Create(idleTimeout: Timeout.InfiniteTimeSpan, clock: clock);
        await using var events = StreamAsync(transport, server.Url("v1/stream"), Ct).GetAsyncEnumerator(Ct);
        Assert.True(await events.MoveNextAsync());

        var next = events.MoveNextAsync().AsTask();
        await Task.Delay(200, Ct);
        clock.Advance(TimeSpan.FromDays(1));
        await Task.Delay(200, Ct);
        Assert.False(next.IsCompleted);
        resume.SetResult();

        Assert.True(await next);
        Assert.Equal("[DONE]", events.Current);
    }
}
