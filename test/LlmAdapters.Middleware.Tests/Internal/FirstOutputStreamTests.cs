using Microsoft.Extensions.AI;

namespace LlmAdapters.Middleware.Tests;

public sealed class FirstOutputStreamTests
{
    public static TheoryData<AIContent, bool> Contents => new()
    {
        { new TextContent("Hi"), true },
        { new TextContent(string.Empty), false },
        { new TextReasoningContent("Thinking"), true },
        { new TextReasoningContent(string.Empty), false },
        { new TextReasoningContent(string.Empty) { ProtectedData = "redacted-blob" }, true },
        { new FunctionCallContent("call_1", "get_weather"), true },
        { new DataContent(new byte[] { 1, 2, 3 }, "image/png"), true },
        { new UsageContent(new UsageDetails { InputTokenCount = 3 }), false },
        { new AIContent(), true },
    };

    private static async IAsyncEnumerable<ChatResponseUpdate> Stream(IEnumerable<ChatResponseUpdate> updates)
    {
        await Task.Yield();
        foreach (var update in updates)
        {
            yield return update;
        }
    }

    private static async Task<List<ChatResponseUpdate>> Drain(IAsyncEnumerator<ChatResponseUpdate> stream, ChatResponseUpdate? first)
    {
        var all = new List<ChatResponseUpdate>();
        if (first is null)
        {
            return all;
        }

        do
        {
            all.Add(stream.Current);
        }
        while (await stream.MoveNextAsync());

        await stream.DisposeAsync();
        return all;
    }

    [Theory]
    [MemberData(nameof(Contents))]
    public void IsShowable_OneContent_MatchesTheRule(AIContent content, bool expected) =>
        Assert.Equal(expected, FirstOutputStream.IsShowable(new ChatResponseUpdate(ChatRole.Assistant, [content])));

    [Fact]
    public void IsShowable_RoleAndFinishReasonOnly_False() =>
        Assert.False(FirstOutputStream.IsShowable(new ChatResponseUpdate { Role = ChatRole.Assistant, FinishReason = ChatFinishReason.Stop, ResponseId = "r1" }));

    [Fact]
    public async Task OpenAsync_HeldUpdatesThenText_ReplaysAllInOrderOnce()
    {
        ChatResponseUpdate start = new() { Role = ChatRole.Assistant, ResponseId = "r1" };
        ChatResponseUpdate empty = new(ChatRole.Assistant, string.Empty);
        ChatResponseUpdate text = new(null, "Hello");
        ChatResponseUpdate more = new(null, " world");
        ChatResponseUpdate usage = new(null, [new UsageContent(new UsageDetails { OutputTokenCount = 2 })]);

        var (stream, first) = await FirstOutputStream.OpenAsync(Stream([start, empty, text, more, usage]).GetAsyncEnumerator(TestContext.Current.CancellationToken));

        Assert.Same(start, first);
        Assert.Equal([start, empty, text, more, usage], await Drain(stream, first));
        Assert.False(await stream.MoveNextAsync());
    }

    [Fact]
    public async Task OpenAsync_TextFirst_ReturnsTheInnerStreamItself()
    {
        var inner = Stream([new ChatResponseUpdate(ChatRole.Assistant, "Hi")]).GetAsyncEnumerator(TestContext.Current.CancellationToken);

        var (stream, first) = await FirstOutputStream.OpenAsync(inner);

        Assert.Same(inner, stream);
        Assert.Equal("Hi", first!.Text);
    }

    [Fact]
    public async Task OpenAsync_EndsWithoutShowableOutput_YieldsWhatWasHeld()
    {
        ChatResponseUpdate start = new() { Role = ChatRole.Assistant };
        ChatResponseUpdate end = new() { FinishReason = ChatFinishReason.Length };

        var (stream, first) = await FirstOutputStream.OpenAsync(Stream([start, end]).GetAsyncEnumerator(TestContext.Current.CancellationToken));

        Assert.Equal([start, end], await Drain(stream, first));
        Assert.False(await stream.MoveNextAsync());
    }

    [Fact]
    public async Task OpenAsync_EmptyStream_NoFirstUpdate()
    {
        var (_, first) = await FirstOutputStream.OpenAsync(Stream([]).GetAsyncEnumerator(TestContext.Current.CancellationToken));

        Assert.Null(first);
    }

    [Fact]
    public async Task OpenAsync_FailureAfterHeldUpdates_Throws()
    {
        static async IAsyncEnumerable<ChatResponseUpdate> StartThenFail()
        {
            await Task.Yield();
            yield return new ChatResponseUpdate { Role = ChatRole.Assistant };
            throw Errors.Overloaded();
        }

        await Assert.ThrowsAsync<ProviderOverloadedException>(async () => await FirstOutputStream.OpenAsync(StartThenFail().GetAsyncEnumerator(TestContext.Current.CancellationToken)));
    }
}
