using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;
using LlmAdapters.Core.Tests.TestSupport;
using LlmAdapters.Http;
using LlmAdapters.Tests.Shared;

namespace LlmAdapters.Core.Tests.Http;

public sealed class SseReaderTests
{
    private const string Provider = "testprov";

    // Comments, an event type, multi-line data, an id, runs of blank lines and a final event ended by a blank line.
    private const string Stream = """
        : keep-alive comment

        event: first
        data: {"a":1}


        : OPENROUTER PROCESSING
        data: line one
        data: line two

        id: 7
        data: third

        data: [DONE]


        """;

    private static readonly SseItemParser<string> Utf8 = (_, data) => Encoding.UTF8.GetString(data);

    public static TheoryData<string, bool> Matrix => LineEndings.Matrix();

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task ReadAsync_LineEndingsAndDelivery_YieldsSameEvents(string ending, bool trickled)
    {
        var items = await ReadAllAsync(LineEndings.Stream(Stream, ending, trickled));

        Assert.Equal(
            [("first", "{\"a\":1}"), ("message", "line one\nline two"), ("message", "third"), ("message", "[DONE]")],
            items.Select(i => (i.EventType, i.Data)));
        Assert.Equal("7", items[2].EventId);
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task ReadAsync_LastLineWithoutTerminator_DropsTheIncompleteEventAsTheSseSpecRequires(string ending, bool trickled)
    {
        // An event is dispatched only by its blank line; a body cut inside the last event must not look complete,
        // so adapters see the missing terminal event and raise StreamInterruptedException.
        var items = await ReadAllAsync(LineEndings.Stream("data: one\n\ndata: last", ending, trickled));

        Assert.Equal(["one"], items.Select(i => i.Data));
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task ReadAsync_LastEventEndedByOneLineTerminator_IsDropped(string ending, bool trickled)
    {
        var items = await ReadAllAsync(LineEndings.Stream("data: one\n\ndata: last\n", ending, trickled));

        Assert.Equal(["one"], items.Select(i => i.Data));
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task ReadAsync_ConnectionResetMidStream_KeepsEarlierEventsThenThrowsStreamInterrupted(string ending, bool trickled)
    {
        var received = new List<string>();
        var stream = LineEndings.Stream("data: one\n\ndata: two\n\ndata: thr", ending, trickled, failAtEnd: true);

        var ex = await Assert.ThrowsAsync<StreamInterruptedException>(async () =>
        {
            await foreach (var item in StreamEvents.ReadSseAsync(stream, Utf8, Provider, "req_1", TestContext.Current.CancellationToken))
            {
                received.Add(item.Data);
            }
        });

        Assert.Equal(["one", "two"], received);
        Assert.Equal(Provider, ex.Provider);
        Assert.Equal("req_1", ex.RequestId);
        Assert.True(ex.IsRetryable);
        Assert.Null(ex.StatusCode);
        Assert.IsType<IOException>(ex.InnerException);
        Assert.StartsWith("The testprov stream was interrupted: the connection closed before the stream finished.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_ParserThrowsJsonException_ThrowsStreamInterruptedAfterGoodEvents()
    {
        SseItemParser<int> parser = (_, data) => JsonSerializer.Deserialize(data, CoreTestJsonContext.Default.Int32);
        var stream = LineEndings.Stream("data: 1\n\ndata: 2\n\ndata: {not json\n\ndata: 4\n\n", "LF", trickled: false);
        var received = new List<int>();

        var ex = await Assert.ThrowsAsync<StreamInterruptedException>(async () =>
        {
            await foreach (var item in StreamEvents.ReadSseAsync(stream, parser, Provider, null, TestContext.Current.CancellationToken))
            {
                received.Add(item.Data);
            }
        });

        Assert.Equal([1, 2], received);
        Assert.Contains("a chunk could not be parsed", ex.Message, StringComparison.Ordinal);
        Assert.IsType<JsonException>(ex.InnerException, exactMatch: false);
    }

    [Fact]
    public async Task ReadAsync_ParserThrowsProviderException_PropagatesUnchanged()
    {
        var error = new RateLimitedException("slow down", new ProviderErrorDetails(Provider));
        SseItemParser<string> parser = (_, data) => data.SequenceEqual("boom"u8) ? throw error : Encoding.UTF8.GetString(data);

        var thrown = await Assert.ThrowsAsync<RateLimitedException>(() => ReadAllAsync(LineEndings.Stream("data: ok\n\ndata: boom\n\n", "LF", false), parser));

        Assert.Same(error, thrown);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ReadAsync_CancelledAfterFirstEvent_StopsEvenWhenLaterEventsAreBuffered(bool trickled)
    {
        using var cts = new CancellationTokenSource();
        var stream = LineEndings.Stream("data: one\n\ndata: two\n\ndata: three\n\n", "LF", trickled);
        var received = new List<string>();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var item in StreamEvents.ReadSseAsync(stream, Utf8, Provider, null, cts.Token))
            {
                received.Add(item.Data);
                await cts.CancelAsync();
            }
        });

        Assert.Equal(["one"], received);
    }

    [Fact]
    public async Task ReadAsync_EmptyStream_YieldsNothing()
    {
        var items = await ReadAllAsync(new TrickleStream([]));

        Assert.Empty(items);
    }

    [Fact]
    public void Translate_UnknownException_ReturnsNullSoItPropagates()
    {
        Assert.Null(StreamReadFailures.Translate(new ArgumentException("x"), Provider, null, CancellationToken.None));
        Assert.Null(StreamReadFailures.Translate(new OperationCanceledException(), Provider, null, CancellationToken.None));
    }

    [Fact]
    public void Translate_FailureAfterCancellation_BecomesOperationCanceled()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        var translated = StreamReadFailures.Translate(new IOException("socket closed"), Provider, null, cts.Token);

        var oce = Assert.IsType<OperationCanceledException>(translated);
        Assert.Equal(cts.Token, oce.CancellationToken);
    }

    private static Task<List<SseItem<string>>> ReadAllAsync(Stream stream) => ReadAllAsync(stream, Utf8);

    private static async Task<List<SseItem<T>>> ReadAllAsync<T>(Stream stream, SseItemParser<T> parser)
    {
        var items = new List<SseItem<T>>();
        await foreach (var item in StreamEvents.ReadSseAsync(stream, parser, Provider, null, TestContext.Current.CancellationToken))
        {
            items.Add(item);
        }

        return items;
    }
}
