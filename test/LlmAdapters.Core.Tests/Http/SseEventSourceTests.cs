using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;
using LlmAdapters.Core.Tests.TestSupport;
using LlmAdapters.Http;
using LlmAdapters.Tests.Shared;

namespace LlmAdapters.Core.Tests.Http;

public sealed class SseEventSourceTests
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

    // Every rule in one body: BOM, CRLF and lone CR and LF, a comment, a field without a colon, two spaces after a colon,
    // id and retry, an unknown field, a named event without data, a joined
    // multi-line event, an empty data line, a non-ASCII name, and a last event cut off by the end of the body. A named
    // event without data is not dispatched; its name stays for the next event, as in the parser this reader replaced.
    private static readonly byte[] Sample = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(
        ": hello\r\nevent: response.output_text.delta\r\ndata: {\"delta\":\"H\u00e9\"}\r\n\r\n" +
        "event: lost\nretry: 10\nid: 4\n\n" +
        "data:  two spaces\rfoo: bar\rdata\rdata:x\r\r" +
        "event:caf\u00e9\ndata:\n\n" +
        "data: cut off")];

    private static readonly (string Name, string Data)[] SampleEvents =
    [
        ("response.output_text.delta", "{\"delta\":\"H\u00e9\"}"),
        ("lost", " two spaces\n\nx"),
        ("caf\u00e9", string.Empty),
    ];

    private static readonly SseEventParser<string> Utf8 = (_, data) => Encoding.UTF8.GetString(data);

    private static readonly SseEventParser<(string Name, string Data)> Named = (name, data) => (Encoding.UTF8.GetString(name), Encoding.UTF8.GetString(data));

    public static TheoryData<string, bool> Matrix => LineEndings.Matrix();

    public static TheoryData<int> SampleChunkSizes => [.. Enumerable.Range(1, Sample.Length)];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task MoveNextAsync_LineEndingsAndDelivery_YieldsSameEvents(string ending, bool trickled)
    {
        var items = await ReadAllAsync(LineEndings.Stream(Stream, ending, trickled), Named);

        Assert.Equal([("first", "{\"a\":1}"), ("message", "line one\nline two"), ("message", "third"), ("message", "[DONE]")], items);
    }

    [Theory]
    [MemberData(nameof(SampleChunkSizes))]
    public async Task MoveNextAsync_SampleSplitIntoReadsOfEverySize_YieldsTheSampleEvents(int bytesPerRead)
    {
        // A read size of k splits the body at k, 2k, …: together the sizes put a read boundary at every byte position,
        // including inside the BOM, between a CR and its LF, and inside the two-byte é.
        var items = await ReadAllAsync(new TrickleStream(Sample, bytesPerRead), Named);

        Assert.Equal(SampleEvents, items);
    }

    [Theory]
    [InlineData("\uFEFFdata: a\n\n", "a")]
    [InlineData("data: a\n\n\uFEFFdata: b\n\ndata: c\n\n", "a|c")]
    [InlineData("\uFEFF\uFEFFdata: a\n\ndata: b\n\n", "b")]
    [InlineData("\uFEFF", "")]
    [InlineData("\uFEFF\n", "")]
    public async Task MoveNextAsync_ByteOrderMark_SkippedOnlyAtTheStartOfTheBody(string body, string expected)
    {
        // A BOM later in the body (or a second one) is part of the field name, which then is not "data": the line is ignored.
        foreach (var trickled in new[] { false, true })
        {
            var items = await ReadAllAsync(LineEndings.Stream(body, "LF", trickled), Utf8);

            Assert.Equal(expected, string.Join('|', items));
        }
    }

    [Theory]
    [InlineData("data\n\n", "message", "")]
    [InlineData("data:\n\n", "message", "")]
    [InlineData("data:x\n\n", "message", "x")]
    [InlineData("data:  x \n\n", "message", " x ")]
    [InlineData("data: a:b\n\n", "message", "a:b")]
    [InlineData("data: a\ndata\ndata: b\n\n", "message", "a\n\nb")]
    [InlineData("event\ndata: a\n\n", "", "a")]
    [InlineData("event:\ndata: a\n\n", "", "a")]
    [InlineData("event: one\nevent: two\ndata: a\n\n", "two", "a")]
    [InlineData("data: a\nevent: late\n\n", "late", "a")]
    [InlineData("DATA: a\ndata: b\n\n", "message", "b")]
    [InlineData(":data: a\ndata: b\n\n", "message", "b")]
    [InlineData("id: 1\nretry: 5\nx-other: 2\ndata: b\n\n", "message", "b")]
    [InlineData(" data: a\ndata: b\n\n", "message", "b")]
    public async Task MoveNextAsync_FieldRules_NameAndDataAsTheSseRulesRead(string body, string name, string data)
    {
        foreach (var ending in new[] { "CR", "LF", "CRLF" })
        {
            var items = await ReadAllAsync(LineEndings.Stream(body, ending, trickled: true), Named);

            Assert.Equal([(name, data)], items);
        }
    }

    [Theory]
    [InlineData("event: kept\n\ndata: a\n\ndata: b\n\n", "kept")]
    [InlineData("event: lost\nid: 3\n\n\nevent: kept\n\ndata: a\n\ndata: b\n\n", "kept")]
    [InlineData(": only a comment\n\ndata: a\n\ndata: b\n\n", "message")]
    public async Task MoveNextAsync_EventWithoutData_NotDispatchedAndItsNameKeptForTheNextEventOnly(string body, string name)
    {
        foreach (var trickled in new[] { false, true })
        {
            var items = await ReadAllAsync(LineEndings.Stream(body, "CRLF", trickled), Named);

            Assert.Equal([(name, "a"), ("message", "b")], items);
        }
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task MoveNextAsync_LastLineWithoutTerminator_DropsTheIncompleteEventAsTheSseSpecRequires(string ending, bool trickled)
    {
        // An event is dispatched only by its blank line; a body cut inside the last event must not look complete,
        // so adapters see the missing terminal event and raise StreamInterruptedException.
        var items = await ReadAllAsync(LineEndings.Stream("data: one\n\ndata: last", ending, trickled), Utf8);

        Assert.Equal(["one"], items);
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task MoveNextAsync_LastEventEndedByOneLineTerminator_IsDropped(string ending, bool trickled)
    {
        var items = await ReadAllAsync(LineEndings.Stream("data: one\n\ndata: last\n", ending, trickled), Utf8);

        Assert.Equal(["one"], items);
    }

    [Fact]
    public async Task MoveNextAsync_EdgeCases_MatchSseParser()
    {
        // The framing this reader replaced: its behaviour on the same bytes is the reference, whole and trickled.
        string[] bodies =
        [
            "data: a\r\n\r\ndata: b\r\r\ndata: c\n\r\n", "\uFEFFevent: e\rdata: a\r\r", "data: a\n\nevent: e\ndata: b", "event:\ndata: x\n\n",
            "event: \ndata: x\n\n", "event:  x\ndata: y\n\n", ":\n\n:\ndata\n\n", "data: é\n\ndata:\u0000\n\n", "\r\n\r\n\n\rdata: z\r\n\r\n",
            "data: a\ndata: b\nid: 1\n\nretry: x\ndata: c\n\n", "data: x\n", "data: x\r", "\uFEFF\uFEFFdata: x\n\n", "ev\nent: x\ndata: y\n\n",
        ];

        foreach (var body in bodies)
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            var expected = await ReadWithSseParserAsync(bytes);
            Assert.Equal(expected, await ReadAllAsync(new TrickleStream(bytes, bytes.Length + 1), Named));
            Assert.Equal(expected, await ReadAllAsync(new TrickleStream(bytes, 1), Named));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task MoveNextAsync_SeededRandomBodies_MatchSseParser(int seed)
    {
        string[] pieces = ["data", "event", "id", "retry", ":", ": ", " ", "x", "é", "msg", "\n", "\r", "\r\n", "\n\n", "\uFEFF"];
        var random = new Random(seed);
        for (var i = 0; i < 300; i++)
        {
            var text = new StringBuilder();
            for (var n = random.Next(1, 40); n > 0; n--)
            {
                text.Append(pieces[random.Next(pieces.Length)]);
            }

            var bytes = Encoding.UTF8.GetBytes(text.ToString());
            var expected = await ReadWithSseParserAsync(bytes);

            Assert.True(expected.SequenceEqual(await ReadAllAsync(new TrickleStream(bytes, random.Next(1, 8)), Named)), JsonSerializer.Serialize(text.ToString()));
        }
    }

    [Fact]
    public async Task MoveNextAsync_EventBuffered_CompletesSynchronously()
    {
        var bytes = Encoding.UTF8.GetBytes("data: one\n\nevent: e\ndata: two\n\n");
        var events = new SseEventSource<string>(new MemoryStream(bytes), Utf8, Provider, null, Ct);
        await using (events)
        {
            Assert.True(await events.MoveNextAsync());

            var second = events.MoveNextAsync();
            var completedSynchronously = second.IsCompletedSuccessfully;

            Assert.True(await second);
            Assert.True(completedSynchronously);
            Assert.Equal("two", events.Current);
        }
    }

    [Theory]
    [InlineData("data: " + "0123456789" + "0123456789" + "0123456789" + "0123456789")]
    [InlineData("data: 0123456789\ndata: 0123456789\ndata: 0123456789\ndata: 0123456789\n")]
    [InlineData("event: 0123456789\n: 0123456789\n: 0123456789\n: 0123456789\n: 0123456789")]
    public async Task MoveNextAsync_EventLargerThanTheBound_ThrowsStreamInterruptedAfterEarlierEvents(string oversized)
    {
        foreach (var trickled in new[] { false, true })
        {
            var received = new List<string>();
            var stream = LineEndings.Stream("data: ok\n\n" + oversized + "\n\ndata: never\n\n", "LF", trickled);

            var ex = await Assert.ThrowsAsync<StreamInterruptedException>(() => ReadIntoAsync(stream, received, maxEventBytes: 40));

            Assert.Equal(["ok"], received);
            Assert.Equal((Provider, "req_1", true), (ex.Provider, ex.RequestId, ex.IsRetryable));
            Assert.StartsWith("The testprov stream was interrupted: an event grew past 40 bytes without ending.", ex.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(": keep-alive\n", "CRLF")]
    [InlineData("event: ping\n\n", "LF")]
    [InlineData("id: 1\nevent: ping\n\n", "CR")]
    public async Task MoveNextAsync_ManyLinesTheNextEventDoesNotNeed_DoNotCountTowardsTheBound(string repeated, string ending)
    {
        // Keep-alive comments and events without data carry nothing a later event needs, so they are released as they are read.
        var body = string.Concat(Enumerable.Repeat(repeated, 100)) + "data: ok\n\n";
        var received = new List<string>();

        await ReadIntoAsync(LineEndings.Stream(body, ending, trickled: true), received, maxEventBytes: 40);

        Assert.Equal(["ok"], received);
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task MoveNextAsync_ConnectionResetMidStream_KeepsEarlierEventsThenThrowsStreamInterrupted(string ending, bool trickled)
    {
        var received = new List<string>();
        var stream = LineEndings.Stream("data: one\n\ndata: two\n\ndata: thr", ending, trickled, failAtEnd: true);

        var ex = await Assert.ThrowsAsync<StreamInterruptedException>(() => ReadIntoAsync(stream, received));

        Assert.Equal(["one", "two"], received);
        Assert.Equal(Provider, ex.Provider);
        Assert.Equal("req_1", ex.RequestId);
        Assert.True(ex.IsRetryable);
        Assert.Null(ex.StatusCode);
        Assert.IsType<IOException>(ex.InnerException);
        Assert.StartsWith("The testprov stream was interrupted: the connection closed before the stream finished.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MoveNextAsync_ParserThrowsJsonException_ThrowsStreamInterruptedAfterGoodEvents()
    {
        SseEventParser<int> parser = (_, data) => JsonSerializer.Deserialize(data, CoreTestJsonContext.Default.Int32);
        var stream = LineEndings.Stream("data: 1\n\ndata: 2\n\ndata: {not json\n\ndata: 4\n\n", "LF", trickled: false);
        var received = new List<int>();

        var ex = await Assert.ThrowsAsync<StreamInterruptedException>(async () =>
        {
            await foreach (var item in StreamEvents.ReadSseAsync(stream, parser, Provider, null, Ct))
            {
                received.Add(item);
            }
        });

        Assert.Equal([1, 2], received);
        Assert.Contains("a chunk could not be parsed", ex.Message, StringComparison.Ordinal);
        Assert.IsType<JsonException>(ex.InnerException, exactMatch: false);
    }

    [Fact]
    public async Task MoveNextAsync_ParserThrowsProviderException_PropagatesUnchanged()
    {
        var error = new RateLimitedException("slow down", new ProviderErrorDetails(Provider));
        SseEventParser<string> parser = (_, data) => data.SequenceEqual("boom"u8) ? throw error : Encoding.UTF8.GetString(data);

        var thrown = await Assert.ThrowsAsync<RateLimitedException>(() => ReadAllAsync(LineEndings.Stream("data: ok\n\ndata: boom\n\n", "LF", false), parser));

        Assert.Same(error, thrown);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task MoveNextAsync_CancelledAfterFirstEvent_StopsEvenWhenLaterEventsAreBuffered(bool trickled)
    {
        using var cts = new CancellationTokenSource();
        var stream = LineEndings.Stream("data: one\n\ndata: two\n\ndata: three\n\n", "LF", trickled);
        var received = new List<string>();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var item in StreamEvents.ReadSseAsync(stream, Utf8, Provider, null, cts.Token))
            {
                received.Add(item);
                await cts.CancelAsync();
            }
        });

        Assert.Equal(["one"], received);
    }

    [Fact]
    public async Task MoveNextAsync_EmptyStream_YieldsNothing()
    {
        var items = await ReadAllAsync(new TrickleStream([]), Utf8);

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

    private static async Task<List<T>> ReadAllAsync<T>(Stream stream, SseEventParser<T> parser)
    {
        var items = new List<T>();
        await foreach (var item in StreamEvents.ReadSseAsync(stream, parser, Provider, null, Ct))
        {
            items.Add(item);
        }

        return items;
    }

    private static async Task ReadIntoAsync(Stream stream, List<string> received, int maxEventBytes = SseEventSource<string>.DefaultMaxEventBytes)
    {
        var events = new SseEventSource<string>(stream, Utf8, Provider, "req_1", Ct, maxEventBytes);
        await using (events)
        {
            while (await events.MoveNextAsync())
            {
                received.Add(events.Current);
            }
        }
    }

    private static async Task<List<(string Name, string Data)>> ReadWithSseParserAsync(byte[] bytes)
    {
        var items = new List<(string, string)>();
        await foreach (var item in SseParser.Create(new MemoryStream(bytes), (type, data) => Encoding.UTF8.GetString(data)).EnumerateAsync(Ct))
        {
            items.Add((item.EventType, item.Data));
        }

        return items;
    }
}
