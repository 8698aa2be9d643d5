using System.Net;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Middleware.Tests;

public sealed class RateLimitingChatClientTests
{
    private static ChatResponse WithRateLimits(RateLimitInfo info) =>
        new(new ChatMessage(ChatRole.Assistant, "ok")) { AdditionalProperties = new() { [AdditionalPropertyKeys.RateLimits] = info } };

    [Fact]
    public async Task GetResponseAsync_RequestsPerMinute_ThirdCallWaitsForReplenishment()
    {
        var clock = TestClock.Create();
        var start = clock.GetUtcNow();
        var inner = ChatClientSubstitute.Create();
        var calledAt = inner.RecordCallTimes(clock);
        using var client = new RateLimitingChatClient(inner, new RateLimitingOptions { RequestsPerMinute = 2, Adaptive = false }, clock);

        await client.GetResponseAsync("1", cancellationToken: TestContext.Current.CancellationToken);
        await client.GetResponseAsync("2", cancellationToken: TestContext.Current.CancellationToken);
        var third = client.GetResponseAsync("3", cancellationToken: TestContext.Current.CancellationToken);
        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.False(third.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1)); // one permit back every 30 s
        await third;

        Assert.Equal([start, start, start + TimeSpan.FromSeconds(30)], calledAt);
    }

    [Fact]
    public async Task GetResponseAsync_TokensPerMinute_LargeCallWaitsUntilEnoughTokens()
    {
        var clock = TestClock.Create();
        var start = clock.GetUtcNow();
        var inner = ChatClientSubstitute.Create();
        var calledAt = inner.RecordCallTimes(clock);
        using var client = new RateLimitingChatClient(inner, new RateLimitingOptions { TokensPerMinute = 600, Adaptive = false }, clock);
        var big = new ChatOptions { MaxOutputTokens = 590 };

        await client.GetResponseAsync("x", big, TestContext.Current.CancellationToken); // ~592 of 600 tokens
        var second = client.GetResponseAsync("x", big, TestContext.Current.CancellationToken);
        clock.Advance(TimeSpan.FromSeconds(58)); // 10 tokens per second come back
        Assert.False(second.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1));
        await second;

        Assert.Equal(start + TimeSpan.FromSeconds(59), calledAt[1]);
    }

    [Fact]
    public async Task GetResponseAsync_AdaptiveNoRequestsRemaining_NextCallWaitsForReportedReset()
    {
        var clock = new TimerAwareFakeTimeProvider();
        var start = clock.GetUtcNow();
        var inner = ChatClientSubstitute.Create()
            .Answers(_ => Task.FromResult(WithRateLimits(new RateLimitInfo { RequestsLimit = 500, RequestsRemaining = 0, RequestsReset = "2s" })));
        var calledAt = inner.RecordCallTimes(clock);
        using var client = new RateLimitingChatClient(inner, new RateLimitingOptions(), clock);

        await client.GetResponseAsync("1", cancellationToken: TestContext.Current.CancellationToken);
        var second = client.GetResponseAsync("2", cancellationToken: TestContext.Current.CancellationToken);
        await clock.WaitForPendingTimersAsync();
        clock.Advance(TimeSpan.FromMilliseconds(1999));
        Assert.Single(inner.ChatCalls());
        clock.Advance(TimeSpan.FromMilliseconds(1));
        await second;

        Assert.Equal(start + TimeSpan.FromSeconds(2), calledAt[1]);
    }

    [Fact]
    public async Task GetResponseAsync_AdaptiveTooFewTokensRemaining_WaitsForTokenReset()
    {
        var clock = new TimerAwareFakeTimeProvider();
        var inner = ChatClientSubstitute.Create()
            .Answers(_ => Task.FromResult(WithRateLimits(new RateLimitInfo { TokensRemaining = 100, TokensReset = "6m0s" })));
        var calledAt = inner.RecordCallTimes(clock);
        using var client = new RateLimitingChatClient(inner, new RateLimitingOptions { MaxAdaptiveWait = TimeSpan.FromMinutes(10) }, clock);

        await client.GetResponseAsync("1", cancellationToken: TestContext.Current.CancellationToken);
        var second = client.GetResponseAsync("2", new ChatOptions { MaxOutputTokens = 1000 }, TestContext.Current.CancellationToken);
        await clock.WaitForPendingTimersAsync();
        clock.Advance(TimeSpan.FromMinutes(6));
        await second;

        Assert.Equal(TimeSpan.FromMinutes(6), calledAt[1] - calledAt[0]);
    }

    [Fact]
    public async Task GetResponseAsync_Adaptive429_BlocksUntilRetryAfterAndRethrows()
    {
        var clock = new TimerAwareFakeTimeProvider();
        var calls = 0;
        var inner = ChatClientSubstitute.Create().Answers(_ => Interlocked.Increment(ref calls) == 1
            ? Task.FromException<ChatResponse>(Errors.RateLimited(retryAfter: TimeSpan.FromSeconds(5)))
            : Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok"))));
        var calledAt = inner.RecordCallTimes(clock);
        using var client = new RateLimitingChatClient(inner, new RateLimitingOptions(), clock);

        var ex = await Assert.ThrowsAsync<RateLimitedException>(() => client.GetResponseAsync("1", cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.TooManyRequests, ex.StatusCode);
        var second = client.GetResponseAsync("2", cancellationToken: TestContext.Current.CancellationToken);
        await clock.WaitForPendingTimersAsync();
        clock.Advance(TimeSpan.FromSeconds(5));
        await second;

        Assert.Equal(TimeSpan.FromSeconds(5), calledAt[1] - calledAt[0]);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_RateLimitsOnFirstUpdate_AreObserved()
    {
        var clock = new TimerAwareFakeTimeProvider();
        var inner = ChatClientSubstitute.Create().Streams(_ => WithInfo(new RateLimitInfo { RequestsRemaining = 0, RequestsReset = "1s" }));
        using var client = new RateLimitingChatClient(inner, new RateLimitingOptions(), clock);

        Assert.Equal(["a"], await ResilienceChatClientTests.Collect(client.GetStreamingResponseAsync("1", cancellationToken: TestContext.Current.CancellationToken)));
        var second = ResilienceChatClientTests.Collect(client.GetStreamingResponseAsync("2", cancellationToken: TestContext.Current.CancellationToken));
        await clock.WaitForPendingTimersAsync();
        Assert.Single(inner.ChatCalls());
        clock.Advance(TimeSpan.FromSeconds(1));
        await second;

        Assert.Equal(2, inner.ChatCalls().Count);

        static async IAsyncEnumerable<ChatResponseUpdate> WithInfo(RateLimitInfo info)
        {
            await Task.Yield();
            yield return new ChatResponseUpdate(ChatRole.Assistant, "a") { AdditionalProperties = new() { [AdditionalPropertyKeys.RateLimits] = info } };
        }
    }

    [Theory]
    [InlineData("1s", 1000)]
    [InlineData("6m0s", 360_000)]
    [InlineData("20ms", 20)]
    [InlineData("1m30.5s", 90_500)]
    [InlineData("2", 2000)]
    [InlineData("2026-03-10T12:00:05Z", 5000)]
    public void ResetAt_ProviderFormats_Parsed(string value, int expectedMs)
    {
        var now = new DateTimeOffset(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);

        Assert.Equal(now + TimeSpan.FromMilliseconds(expectedMs), RateLimitResetParser.ResetAt(value, now));
    }

    [Fact]
    public void ResetAt_Garbage_ReturnsNull() =>
        Assert.Null(RateLimitResetParser.ResetAt("soon", DateTimeOffset.UnixEpoch));
}
