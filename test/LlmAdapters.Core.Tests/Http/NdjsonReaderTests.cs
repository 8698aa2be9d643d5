using System.Text;
using System.Text.Json;
using LlmAdapters.Core.Tests.TestSupport;
using LlmAdapters.Http;
using LlmAdapters.Tests.Shared;

namespace LlmAdapters.Core.Tests.Http;

public sealed class NdjsonReaderTests
{
    private const string Provider = "testprov";

    private static readonly NdjsonLineParser<string> Utf8 = line => Encoding.UTF8.GetString(line);

    private static readonly NdjsonLineParser<TestBody> Json = line => JsonSerializer.Deserialize(line, CoreTestJsonContext.Default.TestBody)!;

    public static TheoryData<string, bool> Matrix => LineEndings.Matrix();

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task ReadAsync_LineEndingsAndDelivery_YieldsEveryLineOnce(string ending, bool trickled)
    {
        var stream = LineEndings.Stream("{\"text\":\"a\"}\n\n   \n{\"text\":\"b\\nc\"}\n{\"text\":\"last\"}", ending, trickled);

        var items = await ReadAllAsync(stream, Json);

        Assert.Equal(["a", "b\nc", "last"], items.Select(i => i.Text));
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task ReadAsync_TerminatedLastLine_YieldsNoEmptyItem(string ending, bool trickled)
    {
        var items = await ReadAllAsync(LineEndings.Stream("one\ntwo\n\n", ending, trickled), Utf8);

        Assert.Equal(["one", "two"], items);
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task ReadAsync_ConnectionResetMidLine_KeepsEarlierItemsThenThrowsStreamInterrupted(string ending, bool trickled)
    {
        var received = new List<string>();
        var stream = LineEndings.Stream("one\ntwo\nthr", ending, trickled, failAtEnd: true);

        var ex = await Assert.ThrowsAsync<StreamInterruptedException>(async () =>
        {
            await foreach (var item in StreamEvents.ReadNdjsonAsync(stream, Utf8, Provider, "req_9", TestContext.Current.CancellationToken))
            {
                received.Add(item);
            }
        });

        Assert.Equal(["one", "two"], received);
        Assert.Equal("req_9", ex.RequestId);
        Assert.IsType<IOException>(ex.InnerException);
    }

    [Fact]
    public async Task ReadAsync_LineLongerThanBuffer_IsReassembled()
    {
        var big = new string('x', 100_000);
        var stream = new TrickleStream(Encoding.UTF8.GetBytes($"{{\"text\":\"{big}\"}}\n{{\"text\":\"after\"}}\n"), chunkSize: 7000);

        var items = await ReadAllAsync(stream, Json);

        Assert.Equal([big, "after"], items.Select(i => i.Text));
    }

    [Fact]
    public async Task ReadAsync_MalformedLine_ThrowsStreamInterruptedAfterGoodItems()
    {
        var received = new List<string>();
        var stream = LineEndings.Stream("{\"text\":\"ok\"}\n{\"text\":<<garbage>>\n{\"text\":\"never\"}\n", "LF", trickled: false);

        var ex = await Assert.ThrowsAsync<StreamInterruptedException>(async () =>
        {
            await foreach (var item in StreamEvents.ReadNdjsonAsync(stream, Json, Provider, null, TestContext.Current.CancellationToken))
            {
                received.Add(item.Text);
            }
        });

        Assert.Equal(["ok"], received);
        Assert.Contains("a chunk could not be parsed", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ReadAsync_CancelledAfterFirstLine_StopsEvenWhenLaterLinesAreBuffered(bool trickled)
    {
        using var cts = new CancellationTokenSource();
        var received = new List<string>();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var item in StreamEvents.ReadNdjsonAsync(LineEndings.Stream("a\nb\nc\n", "LF", trickled), Utf8, Provider, null, cts.Token))
            {
                received.Add(item);
                await cts.CancelAsync();
            }
        });

        Assert.Equal(["a"], received);
    }

    [Fact]
    public async Task ReadAsync_EmptyStream_YieldsNothing()
    {
        Assert.Empty(await ReadAllAsync(new TrickleStream([]), Utf8));
    }

    private static async Task<List<T>> ReadAllAsync<T>(Stream stream, NdjsonLineParser<T> parser)
    {
        var items = new List<T>();
        await foreach (var item in StreamEvents.ReadNdjsonAsync(stream, parser, Provider, null, TestContext.Current.CancellationToken))
        {
            items.Add(item);
        }

        return items;
    }
}
