using LlmAdapters.Testing;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Middleware.Tests;

/// <summary>
/// The first-output rule of fallbacks against every real adapter: an in-stream error before any text moves the stream to
/// the fallback without yielding the failed attempt's role-only updates; an error after text surfaces.
/// </summary>
public sealed class FallbackChatClientFirstOutputTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(InStreamFaults.Providers), MemberType = typeof(InStreamFaults))]
    public async Task GetStreamingResponseAsync_InStreamErrorBeforeText_SentToFallbackAndHeldUpdatesDropped(string provider)
    {
        await using var primaryServer = await ProviderEmulator.StartAsync(Ct);
        await using var fallbackServer = await ProviderEmulator.StartAsync(Ct);
        var baseline = await InStreamFaults.BaselineAsync(provider, fallbackServer, Ct);
        var fallback = InStreamFaults.Adapter(provider, fallbackServer);
        using var client = new FallbackChatClient(InStreamFaults.Adapter(provider, primaryServer), [fallback]);
        primaryServer.Enqueue(InStreamFaults.FailsBeforeText(provider));
        fallbackServer.Enqueue(InStreamFaults.Success());

        var updates = await InStreamFaults.CollectAsync(client.GetStreamingResponseAsync("Say hello.", cancellationToken: Ct));

        Assert.Single(primaryServer.Requests);
        Assert.Single(fallbackServer.Requests);
        Assert.Equal(InStreamFaults.Answer, string.Concat(updates.Select(u => u.Text)));
        Assert.Equal(baseline.Count, updates.Count);
        Assert.Equal(baseline.Select(u => u.Role), updates.Select(u => u.Role));
        Assert.Equal(baseline.Select(u => u.FinishReason), updates.Select(u => u.FinishReason));
        Assert.Equal(fallback.GetService<ChatClientMetadata>()!.ProviderName, updates[0].AdditionalProperties?[AdditionalPropertyKeys.OriginProvider]);
    }

    [Theory]
    [MemberData(nameof(InStreamFaults.Providers), MemberType = typeof(InStreamFaults))]
    public async Task GetStreamingResponseAsync_InStreamErrorAfterText_SurfacesWithoutFallback(string provider)
    {
        await using var primaryServer = await ProviderEmulator.StartAsync(Ct);
        await using var fallbackServer = await ProviderEmulator.StartAsync(Ct);
        using var client = new FallbackChatClient(InStreamFaults.Adapter(provider, primaryServer), [InStreamFaults.Adapter(provider, fallbackServer)]);
        primaryServer.Enqueue(InStreamFaults.FailsAfterText(provider));
        fallbackServer.Enqueue(InStreamFaults.Success());

        var received = new List<ChatResponseUpdate>();
        var error = await Assert.ThrowsAnyAsync<ProviderException>(() => InStreamFaults.CollectAsync(client.GetStreamingResponseAsync("Say hello.", cancellationToken: Ct), received));

        Assert.True(error.IsRetryable);
        Assert.Equal(InStreamFaults.Answer, string.Concat(received.Select(u => u.Text)));
        Assert.Single(primaryServer.Requests);
        Assert.Empty(fallbackServer.Requests);
    }
}
