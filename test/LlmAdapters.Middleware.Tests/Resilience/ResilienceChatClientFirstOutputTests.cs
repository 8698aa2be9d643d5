using LlmAdapters.Testing;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Middleware.Tests;

/// <summary>
/// The first-output rule against every real adapter: an in-stream error after role-only or metadata-only frames is
/// retried, and the failed attempt's held-back updates never reach the caller; an error after text is not retried.
/// </summary>
public sealed class ResilienceChatClientFirstOutputTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ResilienceOptions ImmediateRetries() => new()
    {
        MaxRetryAttempts = 2,
        BaseDelay = TimeSpan.Zero,
        UseJitter = false,
        AttemptTimeout = null,
        TotalTimeout = null,
        UseCircuitBreaker = false,
    };

    [Theory]
    [MemberData(nameof(InStreamFaults.Providers), MemberType = typeof(InStreamFaults))]
    public async Task GetStreamingResponseAsync_InStreamErrorBeforeText_RetriedAndHeldUpdatesDropped(string provider)
    {
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        var baseline = await InStreamFaults.BaselineAsync(provider, emulator, Ct);
        using var client = new ResilienceChatClient(InStreamFaults.Adapter(provider, emulator), ImmediateRetries(), TestClock.Create());
        emulator.Enqueue(InStreamFaults.FailsBeforeText(provider), InStreamFaults.Success());

        var updates = await InStreamFaults.CollectAsync(client.GetStreamingResponseAsync("Say hello.", cancellationToken: Ct));

        Assert.Equal(2, emulator.Requests.Count);
        Assert.Equal(InStreamFaults.Answer, string.Concat(updates.Select(u => u.Text)));

        // Exactly the updates of one clean stream: nothing from the failed attempt's start was yielded.
        Assert.Equal(baseline.Count, updates.Count);
        Assert.Equal(baseline.Select(u => u.Role), updates.Select(u => u.Role));
        Assert.Equal(baseline.Select(u => u.FinishReason), updates.Select(u => u.FinishReason));
    }

    [Theory]
    [MemberData(nameof(InStreamFaults.Providers), MemberType = typeof(InStreamFaults))]
    public async Task GetStreamingResponseAsync_InStreamErrorAfterText_NotRetriedAndKeepsTheText(string provider)
    {
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        using var client = new ResilienceChatClient(InStreamFaults.Adapter(provider, emulator), ImmediateRetries(), TestClock.Create());
        emulator.Enqueue(InStreamFaults.FailsAfterText(provider), InStreamFaults.Success());

        var received = new List<ChatResponseUpdate>();
        var error = await Assert.ThrowsAnyAsync<ProviderException>(() => InStreamFaults.CollectAsync(client.GetStreamingResponseAsync("Say hello.", cancellationToken: Ct), received));

        Assert.True(error.IsRetryable);
        Assert.Equal(InStreamFaults.Answer, string.Concat(received.Select(u => u.Text)));
        Assert.Single(emulator.Requests);
    }
}
