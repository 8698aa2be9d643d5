using Microsoft.Extensions.AI;

namespace LlmAdapters.Polyfills.Tests;

public sealed class FunctionInvokingChatClientStreamingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetStreamingResponseAsync_ToolCall_YieldsTextCallResultAndFinalAnswer()
    {
        var rounds = new Queue<ChatResponseUpdate[]>(
        [
            [
                new(ChatRole.Assistant, "Let me check. "),
                new(ChatRole.Assistant, [new FunctionCallContent("c1", "get_weather", new Dictionary<string, object?> { ["city"] = "Paris" })]),
                new(null, [new UsageContent(new UsageDetails { InputTokenCount = 5, OutputTokenCount = 1 })]),
            ],
            [
                new(ChatRole.Assistant, "Sunny"),
                new(ChatRole.Assistant, " today") { FinishReason = ChatFinishReason.Stop },
            ],
        ]);
        var seenHistories = new List<int>();
        var inner = new FakeChatClient
        {
            GetStreamingResponseAsyncCallback = (messages, _, ct) =>
            {
                seenHistories.Add(messages.Count());
                return FakeChatClient.Stream(rounds.Dequeue(), ct);
            },
        };
        bool? streamingFlag = null;
        var weather = AIFunctionFactory.Create((string city) =>
        {
            streamingFlag = FunctionInvokingChatClient.CurrentContext?.IsStreaming;
            return "sunny in " + city;
        }, "get_weather");
        var client = inner.AsBuilder().UseFunctionInvocation().Build();

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync("weather?", new ChatOptions { Tools = [weather] }, Ct))
        {
            updates.Add(update);
        }

        Assert.Equal(2, inner.Calls);
        Assert.True(streamingFlag);
        Assert.Equal([1, 3], seenHistories);
        var toolUpdate = Assert.Single(updates, u => u.Role == ChatRole.Tool);
        var result = Assert.IsType<FunctionResultContent>(Assert.Single(toolUpdate.Contents));
        Assert.Equal("sunny in Paris", result.Result?.ToString());
        Assert.NotNull(toolUpdate.ResponseId);
        Assert.Equal(toolUpdate.ResponseId, toolUpdate.MessageId);
        Assert.Equal("Let me check. Sunny today", string.Concat(updates.Where(u => u.Role == ChatRole.Assistant).Select(u => u.Text)));

        var response = updates.ToChatResponse();
        Assert.Contains(response.Messages, m => m.Contents.OfType<FunctionCallContent>().Any(c => c.CallId == "c1"));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_TextBeforeCall_IsYieldedBeforeStreamEnds()
    {
        var gate = new TaskCompletionSource();
        async IAsyncEnumerable<ChatResponseUpdate> Slow()
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, "first");
            await gate.Task;
            yield return new ChatResponseUpdate(ChatRole.Assistant, "second");
        }

        var client = new FunctionInvokingChatClient(new FakeChatClient { GetStreamingResponseAsyncCallback = (_, _, _) => Slow() });

        await using var enumerator = client.GetStreamingResponseAsync("go", cancellationToken: Ct).GetAsyncEnumerator(Ct);
        Assert.True(await enumerator.MoveNextAsync());
        Assert.Equal("first", enumerator.Current.Text);
        gate.SetResult();
        Assert.True(await enumerator.MoveNextAsync());
        Assert.Equal("second", enumerator.Current.Text);
        Assert.False(await enumerator.MoveNextAsync());
    }

    [Fact]
    public async Task GetStreamingResponseAsync_UnknownToolWithTerminateOnUnknownCalls_StreamsCallAndStops()
    {
        var inner = new FakeChatClient
        {
            GetStreamingResponseAsyncCallback = (_, _, ct) => FakeChatClient.Stream([new(ChatRole.Assistant, [new FunctionCallContent("c1", "client_tool")])], ct),
        };
        var client = new FunctionInvokingChatClient(inner) { TerminateOnUnknownCalls = true };

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync("go", new ChatOptions { Tools = [AIFunctionFactory.Create(() => 1, "other")] }, Ct))
        {
            updates.Add(update);
        }

        Assert.Equal(1, inner.Calls);
        Assert.Equal("client_tool", Assert.IsType<FunctionCallContent>(Assert.Single(Assert.Single(updates).Contents)).Name);
    }
}
