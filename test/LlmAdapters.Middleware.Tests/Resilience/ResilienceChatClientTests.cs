using Microsoft.Extensions.AI;
using NSubstitute;
using NSubstitute.Core;

namespace LlmAdapters.Middleware.Tests;

public sealed class ResilienceChatClientTests
{
    private static ResilienceOptions NoTimeouts(int retries = 3) => new()
    {
        MaxRetryAttempts = retries,
        UseJitter = false,
        AttemptTimeout = null,
        TotalTimeout = null,
        UseCircuitBreaker = false,
    };

    private static Func<CallInfo, Task<ChatResponse>> FailThenSucceed(int failures, Func<Exception> error)
    {
        var count = 0;
        return _ => Interlocked.Increment(ref count) <= failures
            ? Task.FromException<ChatResponse>(error())
            : Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "done")));
    }

    [Fact]
    public async Task GetResponseAsync_RetryAfter_WaitsExactlyThatLongNeverLess()
    {
        var clock = new TimerAwareFakeTimeProvider();
        var start = clock.GetUtcNow();
        var inner = ChatClientSubstitute.Create().Answers(FailThenSucceed(1, () => Errors.RateLimited(retryAfter: TimeSpan.FromSeconds(7))));
        var calledAt = inner.RecordCallTimes(clock);
        using var client = new ResilienceChatClient(inner, NoTimeouts(), clock);

        var task = client.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken);
        await clock.WaitForPendingTimersAsync();
        clock.Advance(TimeSpan.FromSeconds(7) - TimeSpan.FromMilliseconds(1));
        Assert.Single(inner.ChatCalls());
        Assert.False(task.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var response = await task;

        Assert.Equal("done", response.Text);
        Assert.Equal([start, start + TimeSpan.FromSeconds(7)], calledAt);
    }

    [Fact]
    public async Task GetResponseAsync_NoRetryAfter_ExponentialBackoffThenLastErrorSurfaces()
    {
        var clock = new TimerAwareFakeTimeProvider();
        var start = clock.GetUtcNow();
        var inner = ChatClientSubstitute.Create().Answers(FailThenSucceed(10, () => Errors.Overloaded()));
        var calledAt = inner.RecordCallTimes(clock);
        using var client = new ResilienceChatClient(inner, NoTimeouts(), clock);

        var task = client.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken);
        for (var i = 0; i < 3; i++)
        {
            await clock.WaitForPendingTimersAsync();
            clock.Advance(TimeSpan.FromSeconds(1 << i));
        }

        await Assert.ThrowsAsync<ProviderOverloadedException>(() => task);
        Assert.Equal(
            [start, start + TimeSpan.FromSeconds(1), start + TimeSpan.FromSeconds(3), start + TimeSpan.FromSeconds(7)],
            calledAt);
    }

    [Fact]
    public async Task GetResponseAsync_NonRetryableError_NotRetried()
    {
        var inner = ChatClientSubstitute.Create().Answers(FailThenSucceed(1, () => Errors.BadRequest()));
        using var client = new ResilienceChatClient(inner, NoTimeouts(), TestClock.Create());

        await Assert.ThrowsAsync<InvalidRequestException>(() => client.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Single(inner.ChatCalls());
    }

    [Fact]
    public async Task GetResponseAsync_RetryAfterLongerThanMax_FailsAtOnce()
    {
        var inner = ChatClientSubstitute.Create().Answers(FailThenSucceed(1, () => Errors.RateLimited(retryAfter: TimeSpan.FromMinutes(10))));
        using var client = new ResilienceChatClient(inner, NoTimeouts(), TestClock.Create());

        var ex = await Assert.ThrowsAsync<RateLimitedException>(() => client.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(TimeSpan.FromMinutes(10), ex.RetryAfter);
        Assert.Single(inner.ChatCalls());
    }

    [Fact]
    public async Task GetResponseAsync_RetryAfterBeyondTotalDeadline_FailsAtOnce()
    {
        var options = NoTimeouts();
        options.TotalTimeout = TimeSpan.FromSeconds(30);
        var clock = TestClock.Create();
        var inner = ChatClientSubstitute.Create().Answers(FailThenSucceed(1, () => Errors.RateLimited(retryAfter: TimeSpan.FromSeconds(45))));
        using var client = new ResilienceChatClient(inner, options, clock);

        await Assert.ThrowsAsync<RateLimitedException>(() => client.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Single(inner.ChatCalls());
    }

    [Fact]
    public async Task GetResponseAsync_AttemptTimeout_RetriedThenSurfacesAsProviderTimeout()
    {
        var clock = new TimerAwareFakeTimeProvider();
        var inner = ChatClientSubstitute.Create().Answers(async call =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, call.Arg<CancellationToken>());
            return new ChatResponse();
        });
        var options = NoTimeouts(retries: 1);
        options.AttemptTimeout = TimeSpan.FromSeconds(10);
        using var client = new ResilienceChatClient(inner, options, clock);

        var task = client.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken);
        await clock.WaitForPendingTimersAsync();
        clock.Advance(TimeSpan.FromSeconds(10)); // first attempt times out
        await clock.WaitForPendingTimersAsync(); // backoff
        clock.Advance(TimeSpan.FromSeconds(1));
        await clock.WaitForPendingTimersAsync(); // second attempt's timeout
        clock.Advance(TimeSpan.FromSeconds(10));

        var ex = await Assert.ThrowsAsync<ProviderTimeoutException>(() => task);
        Assert.True(ex.IsRetryable);
        Assert.StartsWith("No response from 'openai' within 10 s.", ex.Message, StringComparison.Ordinal);
        Assert.Equal(2, inner.ChatCalls().Count);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_FailureBeforeFirstUpdate_Retried()
    {
        var clock = new TimerAwareFakeTimeProvider();
        var attempts = 0;
        var inner = ChatClientSubstitute.Create().Streams(_ => Interlocked.Increment(ref attempts) == 1
            ? ChatClientSubstitute.Updates([], thenThrow: Errors.RateLimited(retryAfter: TimeSpan.FromSeconds(2)))
            : ChatClientSubstitute.Updates(["a", "b"]));
        using var client = new ResilienceChatClient(inner, NoTimeouts(), clock);

        var task = Collect(client.GetStreamingResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken));
        await clock.WaitForPendingTimersAsync();
        clock.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(["a", "b"], await task);
        Assert.Equal(2, inner.ChatCalls().Count);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_FailureAfterFirstUpdate_SurfacesWithDeliveredUpdatesAndNoRetry()
    {
        var broken = new StreamInterruptedException("Stream ended early.", new ProviderErrorDetails("openai", IsRetryable: true));
        var inner = ChatClientSubstitute.Create().Streams(_ => ChatClientSubstitute.Updates(["a", "b"], thenThrow: broken));
        using var client = new ResilienceChatClient(inner, NoTimeouts(), TestClock.Create());

        var received = new List<string>();
        var ex = await Assert.ThrowsAsync<StreamInterruptedException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken))
            {
                received.Add(update.Text);
            }
        });

        Assert.Same(broken, ex);
        Assert.Equal(["a", "b"], received);
        Assert.Single(inner.ChatCalls());
    }

    [Fact]
    public async Task GetResponseAsync_RepeatedFailures_OpenCircuitFailsFastWithoutCallingProvider()
    {
        var clock = TestClock.Create();
        var inner = ChatClientSubstitute.Create("anthropic", "claude-haiku-4-5").Answers(FailThenSucceed(100, () => Errors.Overloaded()));
        var options = NoTimeouts(retries: 0);
        options.UseCircuitBreaker = true;
        options.MinimumThroughput = 2;
        options.FailureRatio = 0.5;
        options.BreakDuration = TimeSpan.FromSeconds(30);
        using var client = new ResilienceChatClient(inner, options, clock);

        await Assert.ThrowsAsync<ProviderOverloadedException>(() => client.GetResponseAsync("1", cancellationToken: TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<ProviderOverloadedException>(() => client.GetResponseAsync("2", cancellationToken: TestContext.Current.CancellationToken));
        var open = await Assert.ThrowsAsync<CircuitOpenException>(() => client.GetResponseAsync("3", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(2, inner.ChatCalls().Count);
        Assert.True(open.IsRetryable);
        Assert.Equal("anthropic", open.Provider);
        Assert.Equal(TimeSpan.FromSeconds(30), open.RetryAfter);
    }

    [Fact]
    public void ComputeDelay_Jitter_StaysBetweenHalfAndFullBackoff()
    {
        var options = new ResilienceOptions { BaseDelay = TimeSpan.FromSeconds(2), MaxDelay = TimeSpan.FromSeconds(5) };
        var low = new ProviderResiliencePipeline("openai", options, TestClock.Create(), Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, () => 0.0);
        var high = new ProviderResiliencePipeline("openai", options, TestClock.Create(), Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, () => 1.0);

        Assert.Equal(TimeSpan.FromSeconds(1), low.ComputeDelay(0, Errors.Overloaded()));
        Assert.Equal(TimeSpan.FromSeconds(2), high.ComputeDelay(0, Errors.Overloaded()));
        Assert.Equal(TimeSpan.FromSeconds(5), high.ComputeDelay(5, Errors.Overloaded())); // capped
        Assert.Equal(TimeSpan.FromSeconds(3), low.ComputeDelay(0, Errors.RateLimited(retryAfter: TimeSpan.FromSeconds(3)))); // never jittered
    }

    [Fact]
    public async Task UseResilience_Builder_SharesCircuitPerProviderEndpointAcrossBuilds()
    {
        var inner = ChatClientSubstitute.Create("anthropic").Answers(FailThenSucceed(100, () => Errors.Overloaded()));
        var options = NoTimeouts(retries: 0);
        options.UseCircuitBreaker = true;
        options.MinimumThroughput = 2;
        var builder = inner.AsBuilder().UseResilience(options);

        await Assert.ThrowsAsync<ProviderOverloadedException>(() => builder.Build().GetResponseAsync("1", cancellationToken: TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<ProviderOverloadedException>(() => builder.Build().GetResponseAsync("2", cancellationToken: TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<CircuitOpenException>(() => builder.Build().GetResponseAsync("3", cancellationToken: TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task GenerateAsync_RetryAfter_RetriedAtExactlyThatTime()
    {
        var clock = new TimerAwareFakeTimeProvider();
        var start = clock.GetUtcNow();
        var calledAt = new List<DateTimeOffset>();
        var failures = 1;
        using var inner = Substitute.For<IEmbeddingGenerator<string, Embedding<float>>>();
        inner.GenerateAsync(Arg.Any<IEnumerable<string>>(), Arg.Any<EmbeddingGenerationOptions?>(), Arg.Any<CancellationToken>()).Returns(_ =>
        {
            calledAt.Add(clock.GetUtcNow());
            return Interlocked.Decrement(ref failures) >= 0
                ? Task.FromException<GeneratedEmbeddings<Embedding<float>>>(Errors.RateLimited(retryAfter: TimeSpan.FromSeconds(3)))
                : Task.FromResult(new GeneratedEmbeddings<Embedding<float>>([new Embedding<float>(new float[] { 1 })]));
        });
        using var generator = new ResilienceEmbeddingGenerator<string, Embedding<float>>(inner, NoTimeouts(), clock);

        var task = generator.GenerateAsync(["a"], cancellationToken: TestContext.Current.CancellationToken);
        await clock.WaitForPendingTimersAsync();
        clock.Advance(TimeSpan.FromSeconds(3));
        var embeddings = await task;

        Assert.Single(embeddings);
        Assert.Equal([start, start + TimeSpan.FromSeconds(3)], calledAt);
    }

    internal static async Task<List<string>> Collect(IAsyncEnumerable<ChatResponseUpdate> updates)
    {
        var texts = new List<string>();
        await foreach (var update in updates)
        {
            texts.Add(update.Text);
        }

        return texts;
    }
}
