using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LlmAdapters.Polyfills.Tests;

public sealed class LoggingChatClientTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static FakeChatClient Model() => new()
    {
        GetResponseAsyncCallback = (_, _, _) => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "private answer"))),
        GetStreamingResponseAsyncCallback = (_, _, ct) => FakeChatClient.Stream([new(ChatRole.Assistant, "private "), new(ChatRole.Assistant, "stream")], ct),
    };

    [Fact]
    public async Task GetResponseAsync_Debug_LogsInvokedAndCompletedWithoutPayloads()
    {
        var logs = new CollectingLoggerFactory(LogLevel.Debug);
        var client = Model().AsBuilder().UseLogging(logs).Build();

        await client.GetResponseAsync("private question", cancellationToken: Ct);

        Assert.Equal(["GetResponseAsync invoked.", "GetResponseAsync completed."], logs.Entries.Select(e => e.Message));
        Assert.All(logs.Entries, e => Assert.Equal(LogLevel.Debug, e.Level));
        Assert.Equal([typeof(LoggingChatClient).FullName!], logs.Categories);
    }

    [Fact]
    public async Task GetResponseAsync_Trace_LogsMessagesOptionsAndResponseAsJson()
    {
        var logs = new CollectingLoggerFactory(LogLevel.Trace);
        var client = Model().AsBuilder().UseLogging(logs).Build();

        await client.GetResponseAsync("private question", new ChatOptions { ModelId = "m1" }, Ct);

        var entries = logs.Entries;
        Assert.Equal(2, entries.Count);
        Assert.All(entries, e => Assert.Equal(LogLevel.Trace, e.Level));
        Assert.StartsWith("GetResponseAsync invoked: ", entries[0].Message, StringComparison.Ordinal);
        Assert.Contains("private question", entries[0].Message, StringComparison.Ordinal);
        Assert.Contains("\"modelId\"", entries[0].Message, StringComparison.Ordinal);
        Assert.StartsWith("GetResponseAsync completed: ", entries[1].Message, StringComparison.Ordinal);
        Assert.Contains("private answer", entries[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_Trace_LogsEachUpdate()
    {
        var logs = new CollectingLoggerFactory(LogLevel.Trace);
        var client = Model().AsBuilder().UseLogging(logs).Build();

        await foreach (var _ in client.GetStreamingResponseAsync("q", cancellationToken: Ct))
        {
        }

        Assert.Equal(2, logs.Entries.Count(e => e.Message.StartsWith("GetStreamingResponseAsync received update: ", StringComparison.Ordinal)));
        Assert.Equal("GetStreamingResponseAsync completed.", logs.Entries[^1].Message);
    }

    [Fact]
    public async Task GetResponseAsync_Failure_LogsErrorWithException()
    {
        var logs = new CollectingLoggerFactory(LogLevel.Information);
        var inner = new FakeChatClient { GetResponseAsyncCallback = (_, _, _) => throw new InvalidOperationException("boom") };
        var client = inner.AsBuilder().UseLogging(logs).Build();

        await Assert.ThrowsAsync<InvalidOperationException>(() => client.GetResponseAsync("q", cancellationToken: Ct));

        var entry = Assert.Single(logs.Entries);
        Assert.Equal(LogLevel.Error, entry.Level);
        Assert.Equal("GetResponseAsync failed.", entry.Message);
        Assert.IsType<InvalidOperationException>(entry.Exception);
    }

    [Fact]
    public async Task GetResponseAsync_Cancelled_LogsCanceledAtDebug()
    {
        var logs = new CollectingLoggerFactory(LogLevel.Debug);
        var inner = new FakeChatClient { GetResponseAsyncCallback = (_, _, _) => throw new OperationCanceledException() };
        var client = inner.AsBuilder().UseLogging(logs).Build();

        await Assert.ThrowsAsync<OperationCanceledException>(() => client.GetResponseAsync("q", cancellationToken: Ct));

        Assert.Equal("GetResponseAsync canceled.", logs.Entries[^1].Message);
    }

    [Fact]
    public void UseLogging_NullLoggerFactory_AddsNothingAndMissingFactoryThrows()
    {
        var inner = new FakeChatClient();

        Assert.Same(inner, inner.AsBuilder().UseLogging(NullLoggerFactory.Instance).Build());
        Assert.Throws<InvalidOperationException>(() => inner.AsBuilder().UseLogging().Build(new ServiceCollection().BuildServiceProvider()));
    }

    [Fact]
    public async Task EmbeddingLogging_Debug_LogsCount()
    {
        var logs = new CollectingLoggerFactory(LogLevel.Debug);
        var generator = new FakeEmbeddingGenerator().AsBuilder().UseLogging(logs).Build();

        await generator.GenerateAsync(["a", "b"], cancellationToken: Ct);

        Assert.Equal(["GenerateAsync invoked.", "GenerateAsync generated 2 embedding(s)."], logs.Entries.Select(e => e.Message));
    }
}
