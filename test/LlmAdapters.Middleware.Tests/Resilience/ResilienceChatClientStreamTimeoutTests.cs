using System.Runtime.CompilerServices;
using LlmAdapters.Anthropic;
using LlmAdapters.Hostile;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Middleware.Tests;

/// <summary>
/// Time limits on streams under resilience: the attempt timeout covers the whole opening, up to the first showable
/// update, so a stream that stalls after its role-only start is cut and retried; the idle timeout bounds each wait after it.
/// </summary>
public sealed class ResilienceChatClientStreamTimeoutTests
{
    private const string AnthropicStart =
        "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\"," +
        "\"model\":\"claude-haiku-4-5\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}}\n\n";

    private const string AnthropicPing = "event: ping\ndata: {\"type\":\"ping\"}\n\n";

    private const string AnthropicRest =
        "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n" +
        "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hello\"}}\n\n" +
        "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n" +
        "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":2}}\n\n" +
        "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ResilienceOptions Options(int retries, TimeSpan? attemptTimeout, TimeSpan? idleTimeout = null) => new()
    {
        MaxRetryAttempts = retries,
        BaseDelay = TimeSpan.Zero,
        UseJitter = false,
        AttemptTimeout = attemptTimeout,
        TotalTimeout = null,
        StreamIdleTimeout = idleTimeout,
        UseCircuitBreaker = false,
    };

    /// <summary>Anthropic that sends its role-only <c>message_start</c> and a <c>ping</c> and then nothing, on the first
    /// <paramref name="stalls"/> connections; the next ones get the whole answer.</summary>
    private static HostileServer StallingAnthropic(int stalls)
    {
        var connections = 0;
        return HostileServer.Start(async c =>
        {
            if (Interlocked.Increment(ref connections) <= stalls)
            {
                await c.WriteHeadAsync(200, ("Content-Type", "text/event-stream"));
                await c.WriteAsync(AnthropicStart + AnthropicPing);
                await c.StallAsync();
                return;
            }

            await c.WriteResponseAsync(200, AnthropicStart + AnthropicPing + AnthropicRest, "text/event-stream");
        });
    }

    private static AnthropicChatClient Anthropic(HostileServer server) =>
        new(new AnthropicOptions { Endpoint = server.BaseAddress, ApiKey = "sk-ant-api03-test-stall", DefaultModelId = "claude-haiku-4-5" });

    private static async IAsyncEnumerable<ChatResponseUpdate> ThenSilence(ChatResponseUpdate first, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        yield return first;
        await Task.Delay(Timeout.Infinite, cancellationToken);
        yield return new ChatResponseUpdate(ChatRole.Assistant, "never");
    }

    [Fact]
    public async Task GetStreamingResponseAsync_StallAfterRoleOnlyStart_AttemptTimeoutRetries()
    {
        var clock = new TimerAwareFakeTimeProvider();
        await using var server = StallingAnthropic(stalls: 1);
        using var client = new ResilienceChatClient(Anthropic(server), Options(retries: 1, attemptTimeout: TimeSpan.FromSeconds(2)), clock);

        using var hangGuard = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        hangGuard.CancelAfter(TimeSpan.FromSeconds(30)); // bounds a regression (a stream left open), not the speed

        var collecting = InStreamFaults.CollectAsync(client.GetStreamingResponseAsync("Say hello.", cancellationToken: hangGuard.Token));
        await server.FirstRequest.WaitAsync(Ct);
        await clock.WaitForPendingTimersAsync();
        clock.Advance(TimeSpan.FromSeconds(2));
        var updates = await collecting;

        Assert.Equal("Hello", string.Concat(updates.Select(u => u.Text)));
        Assert.Equal(2, server.Requests.Count);
        Assert.Equal(1, updates.Count(u => u.Role == ChatRole.Assistant && u.Contents.Count == 0 && u.FinishReason is null));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_StallAfterRoleOnlyStartWithoutRetries_RetryableTimeout()
    {
        var clock = new TimerAwareFakeTimeProvider();
        await using var server = StallingAnthropic(stalls: 1);
        using var client = new ResilienceChatClient(Anthropic(server), Options(retries: 0, attemptTimeout: TimeSpan.FromSeconds(2)), clock);

        using var hangGuard = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        hangGuard.CancelAfter(TimeSpan.FromSeconds(30)); // bounds a regression (a stream left open), not the speed

        var received = new List<ChatResponseUpdate>();
        var collecting = InStreamFaults.CollectAsync(client.GetStreamingResponseAsync("Say hello.", cancellationToken: hangGuard.Token), received);
        await server.FirstRequest.WaitAsync(Ct);
        await clock.WaitForPendingTimersAsync();
        clock.Advance(TimeSpan.FromSeconds(2));
        var error = await Assert.ThrowsAsync<ProviderTimeoutException>(() => collecting);

        Assert.True(error.IsRetryable);
        Assert.Empty(received);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_HeldUpdateThenSilence_AttemptTimeoutRetriesAndDropsIt()
    {
        var clock = new TimerAwareFakeTimeProvider();
        var calls = 0;
        var inner = ChatClientSubstitute.Create("anthropic").Streams(call => Interlocked.Increment(ref calls) == 1
            ? ThenSilence(new ChatResponseUpdate { Role = ChatRole.Assistant, ResponseId = "failed" }, call.Arg<CancellationToken>())
            : ChatClientSubstitute.Updates(["ok"]));
        using var client = new ResilienceChatClient(inner, Options(retries: 1, attemptTimeout: TimeSpan.FromSeconds(2)), clock);

        var collecting = InStreamFaults.CollectAsync(client.GetStreamingResponseAsync("hi", cancellationToken: Ct));
        await clock.WaitForPendingTimersAsync();
        clock.Advance(TimeSpan.FromSeconds(2) - TimeSpan.FromMilliseconds(1));
        Assert.Single(inner.ChatCalls());
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var updates = await collecting.WaitAsync(Ct);

        Assert.Equal(["ok"], updates.Select(u => u.Text));
        Assert.Equal(2, inner.ChatCalls().Count);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_SilenceAfterText_IdleTimeoutEndsStreamKeepingTheText()
    {
        var clock = new TimerAwareFakeTimeProvider();
        var inner = ChatClientSubstitute.Create("anthropic").Streams(call => ThenSilence(new ChatResponseUpdate(ChatRole.Assistant, "a"), call.Arg<CancellationToken>()));
        using var client = new ResilienceChatClient(inner, Options(retries: 3, attemptTimeout: null, idleTimeout: TimeSpan.FromSeconds(5)), clock);
        await using var stream = client.GetStreamingResponseAsync("hi", cancellationToken: Ct).GetAsyncEnumerator(Ct);

        Assert.True(await stream.MoveNextAsync());
        Assert.Equal("a", stream.Current.Text);
        var next = stream.MoveNextAsync().AsTask();
        await clock.WaitForPendingTimersAsync();
        clock.Advance(TimeSpan.FromSeconds(5) - TimeSpan.FromMilliseconds(1));
        Assert.False(next.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var error = await Assert.ThrowsAsync<ProviderTimeoutException>(() => next.WaitAsync(Ct));

        Assert.True(error.IsRetryable);
        Assert.Equal("anthropic", error.Provider);
        Assert.IsAssignableFrom<OperationCanceledException>(error.InnerException);
        Assert.Single(inner.ChatCalls());
    }

    [Fact]
    public async Task GetStreamingResponseAsync_UpdatesWithinIdleTimeout_AllDelivered()
    {
        var clock = new TimerAwareFakeTimeProvider();
        var inner = ChatClientSubstitute.Create().Streams(_ => ChatClientSubstitute.Updates(["a", "b", "c"]));
        using var client = new ResilienceChatClient(inner, Options(retries: 0, attemptTimeout: null, idleTimeout: TimeSpan.FromSeconds(5)), clock);

        var updates = await InStreamFaults.CollectAsync(client.GetStreamingResponseAsync("hi", cancellationToken: Ct));

        Assert.Equal(["a", "b", "c"], updates.Select(u => u.Text));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_CallerCancelsDuringIdleWait_OperationCanceledNotTimeout()
    {
        var clock = new TimerAwareFakeTimeProvider();
        using var caller = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var inner = ChatClientSubstitute.Create().Streams(call => ThenSilence(new ChatResponseUpdate(ChatRole.Assistant, "a"), call.Arg<CancellationToken>()));
        using var client = new ResilienceChatClient(inner, Options(retries: 0, attemptTimeout: null, idleTimeout: TimeSpan.FromSeconds(5)), clock);
        await using var stream = client.GetStreamingResponseAsync("hi", cancellationToken: caller.Token).GetAsyncEnumerator(Ct);

        Assert.True(await stream.MoveNextAsync());
        var next = stream.MoveNextAsync().AsTask();
        await caller.CancelAsync();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next.WaitAsync(Ct));
        Assert.IsNotType<ProviderTimeoutException>(error, exactMatch: false);
    }
}
