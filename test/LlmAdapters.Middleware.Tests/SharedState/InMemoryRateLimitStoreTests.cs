using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace LlmAdapters.Middleware.Tests.SharedState;

public sealed class InMemoryRateLimitStoreTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TryAcquireAsync_WindowFull_WaitsExactlyUntilTheOldestSlotLeaves()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero));
        var store = new InMemoryRateLimitStore(clock);
        var bucket = new RateLimitBucket("b", 2, null, TimeSpan.FromSeconds(10));

        await store.TryAcquireAsync(bucket, 1, true, Ct);
        clock.Advance(TimeSpan.FromSeconds(3));
        await store.TryAcquireAsync(bucket, 1, true, Ct);
        var refused = await store.TryAcquireAsync(bucket, 1, true, Ct);
        clock.Advance(TimeSpan.FromSeconds(7));
        var admitted = await store.TryAcquireAsync(bucket, 1, true, Ct);

        Assert.Equal(new RateLimitGrant(false, null, 0, TimeSpan.FromSeconds(7)), refused);
        Assert.True(admitted.Acquired);
    }

    [Fact]
    public async Task SettleAsync_ActualTokens_ReplacesTheEstimateInTheWindow()
    {
        var clock = new FakeTimeProvider();
        var store = new InMemoryRateLimitStore(clock);
        var bucket = new RateLimitBucket("b", null, 100, TimeSpan.FromSeconds(60));

        var grant = await store.TryAcquireAsync(bucket, 80, true, Ct);
        var before = await store.TryAcquireAsync(bucket, 50, true, Ct);
        await store.SettleAsync(bucket, grant, 40, null, Ct);
        var after = await store.TryAcquireAsync(bucket, 50, true, Ct);

        Assert.False(before.Acquired);
        Assert.Equal(TimeSpan.FromSeconds(60), before.RetryAfter);
        Assert.True(after.Acquired);
    }

    [Fact]
    public async Task GetResponseAsync_TwoPipelinesOnOneStore_ShareTheWindowAndSettleToUsage()
    {
        var clock = new FakeTimeProvider();
        var store = new InMemoryRateLimitStore(clock);
        var options = new RateLimitingOptions { RequestsPerMinute = 2, TokensPerMinute = 1000, Window = TimeSpan.FromSeconds(10), Store = store };
        var innerA = ChatClientSubstitute.Create();
        var innerB = ChatClientSubstitute.Create();
        foreach (var inner in new[] { innerA, innerB })
        {
            inner.Answers(_ => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok")) { Usage = new UsageDetails { InputTokenCount = 7, OutputTokenCount = 3 } }));
        }

        using var a = new RateLimitingChatClient(innerA, options, clock);
        using var b = new RateLimitingChatClient(innerB, options, clock);
        var bucket = new RateLimitBucket(SharedRateLimiter.BucketFor(innerA, options).Key, null, 1000, TimeSpan.FromSeconds(10));

        await a.GetResponseAsync("one", cancellationToken: Ct);
        await b.GetResponseAsync("two", cancellationToken: Ct);

        // Both calls settled to their usage (10 tokens each): 980 of 1000 tokens are free, not 981.
        var tooMany = await store.TryAcquireAsync(bucket, 981, true, Ct);
        var rest = await store.TryAcquireAsync(bucket, 980, true, Ct);
        var third = b.GetResponseAsync("three", cancellationToken: Ct);
        await Task.Delay(50, Ct);
        var waitedWhileFull = !third.IsCompleted;
        clock.Advance(TimeSpan.FromSeconds(10));
        await third;

        Assert.False(tooMany.Acquired);
        Assert.True(rest.Acquired);
        Assert.True(waitedWhileFull);
        await innerB.Received(2).GetResponseAsync(Arg.Any<IEnumerable<ChatMessage>>(), Arg.Any<ChatOptions?>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task GetResponseAsync_ProviderRateLimited_PausesEveryPipelineOnTheStore()
    {
        var clock = new FakeTimeProvider();
        var store = new InMemoryRateLimitStore(clock);
        var options = new RateLimitingOptions { RequestsPerMinute = 100, Store = store };
        var failing = ChatClientSubstitute.Create();
        failing.Answers(_ => Task.FromException<ChatResponse>(Errors.RateLimited(retryAfter: TimeSpan.FromSeconds(5))));
        var healthy = ChatClientSubstitute.Create();
        using var a = new RateLimitingChatClient(failing, options, clock);
        using var b = new RateLimitingChatClient(healthy, options, clock);

        await Assert.ThrowsAsync<RateLimitedException>(() => a.GetResponseAsync("x", cancellationToken: Ct));
        var waiting = b.GetResponseAsync("y", cancellationToken: Ct);
        await Task.Delay(50, Ct);
        var pausedBeforeRetryAfter = !waiting.IsCompleted;
        clock.Advance(TimeSpan.FromSeconds(5));
        await waiting;

        Assert.True(pausedBeforeRetryAfter);
    }
}
