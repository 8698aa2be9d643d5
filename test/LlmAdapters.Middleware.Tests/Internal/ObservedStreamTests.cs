using Microsoft.Extensions.AI;

namespace LlmAdapters.Middleware.Tests;

public sealed class ObservedStreamTests
{
    private static async IAsyncEnumerable<ChatResponseUpdate> Updates(int count, bool yieldEach, Exception? failAfter = null)
    {
        for (var i = 0; i < count; i++)
        {
            if (yieldEach)
            {
                await Task.Yield();
            }

            yield return new ChatResponseUpdate(ChatRole.Assistant, "u" + i);
        }

        if (failAfter is not null)
        {
            throw failAfter;
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task MoveNextAsync_WholeStream_ObservesEveryUpdateThenEndsOnceCompleted(bool yieldEach)
    {
        var log = new Log();
        var stream = new ObservedStream(Updates(3, yieldEach).GetAsyncEnumerator(TestContext.Current.CancellationToken), log);

        var texts = new List<string>();
        while (await stream.MoveNextAsync())
        {
            texts.Add(stream.Current.Text);
        }

        Assert.False(await stream.MoveNextAsync());
        await stream.DisposeAsync();

        Assert.Equal(["u0", "u1", "u2"], texts);
        Assert.Equal(["update u0", "update u1", "update u2", "end True"], log.Entries);
    }

    [Fact]
    public async Task DisposeAsync_StoppedEarly_EndsOnceNotCompleted()
    {
        var log = new Log();
        var stream = new ObservedStream(Updates(3, yieldEach: true).GetAsyncEnumerator(TestContext.Current.CancellationToken), log);

        Assert.True(await stream.MoveNextAsync());
        await stream.DisposeAsync();
        await stream.DisposeAsync();

        Assert.Equal(["update u0", "end False"], log.Entries);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task MoveNextAsync_InnerThrows_ReportsTheErrorAndRethrowsIt(bool yieldEach)
    {
        var log = new Log();
        var failure = new InvalidOperationException("cut");
        var stream = new ObservedStream(Updates(1, yieldEach, failure).GetAsyncEnumerator(TestContext.Current.CancellationToken), log);

        Assert.True(await stream.MoveNextAsync());
        Assert.Same(failure, await Assert.ThrowsAsync<InvalidOperationException>(async () => await stream.MoveNextAsync()));
        await stream.DisposeAsync();

        Assert.Equal(["update u0", "error cut", "end False"], log.Entries);
    }

    private sealed class Log : StreamObserver
    {
        public List<string> Entries { get; } = [];

        public override void OnUpdate(ChatResponseUpdate update) => Entries.Add("update " + update.Text);

        public override void OnError(Exception error) => Entries.Add("error " + error.Message);

        public override void OnEnd(bool completed) => Entries.Add("end " + completed);
    }
}
