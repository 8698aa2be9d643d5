using LlmAdapters.Middleware.Redis;
using LlmAdapters.Middleware.Tests.Pipeline;

namespace LlmAdapters.Middleware.Tests.SharedState;

public sealed class RedisCircuitStateStoreTests(RedisServerFixture redis)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly CircuitSettings s_settings = new(0.5, 4, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(300));

    [Fact]
    public async Task ReportAsync_FailuresFromTwoProcesses_OpenTheCircuitForBoth()
    {
        await using var first = await ConnectAsync();
        await using var second = await ConnectAsync(first.Options.KeyPrefix);
        var a = new RedisCircuitStateStore(first);
        var b = new RedisCircuitStateStore(second);
        var allowed = new CircuitPermit(true, false, null);

        var opened = new List<bool>
        {
            await a.ReportAsync("openai|x", s_settings, allowed, CircuitOutcome.Success, Ct),
            await b.ReportAsync("openai|x", s_settings, allowed, CircuitOutcome.Failure, Ct),
            await a.ReportAsync("openai|x", s_settings, allowed, CircuitOutcome.Failure, Ct),
            await b.ReportAsync("openai|x", s_settings, allowed, CircuitOutcome.Success, Ct),
        };
        var refusedA = await a.TryEnterAsync("openai|x", s_settings, Ct);
        var refusedB = await b.TryEnterAsync("openai|x", s_settings, Ct);

        Assert.Equal([false, false, false, true], opened);
        Assert.False(refusedA.Allowed);
        Assert.False(refusedB.Allowed);
        Assert.InRange(refusedB.RetryAfter!.Value, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task TryEnterAsync_AfterBreak_LetsExactlyOneProbeThroughFleetWide()
    {
        await using var first = await ConnectAsync();
        await using var second = await ConnectAsync(first.Options.KeyPrefix);
        var a = new RedisCircuitStateStore(first);
        var b = new RedisCircuitStateStore(second);
        await OpenAsync(a);
        await Task.Delay(TimeSpan.FromMilliseconds(350), Ct);

        var permits = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => (i % 2 == 0 ? a : b).TryEnterAsync("c", s_settings, Ct).AsTask()));
        var probe = permits.Single(p => p.Allowed);
        var closed = await b.ReportAsync("c", s_settings, probe, CircuitOutcome.Success, Ct);
        var afterProbe = await a.TryEnterAsync("c", s_settings, Ct);

        Assert.True(probe.IsProbe);
        Assert.Equal(7, permits.Count(p => !p.Allowed));
        Assert.False(closed);
        Assert.Equal(new CircuitPermit(true, false, null), afterProbe);
    }

    [Fact]
    public async Task ReportAsync_ProbeFails_ReopensForAnotherBreak()
    {
        await using var connection = await ConnectAsync();
        var store = new RedisCircuitStateStore(connection);
        await OpenAsync(store);
        await Task.Delay(TimeSpan.FromMilliseconds(350), Ct);

        var probe = await store.TryEnterAsync("c", s_settings, Ct);
        var reopened = await store.ReportAsync("c", s_settings, probe, CircuitOutcome.Failure, Ct);
        var refused = await store.TryEnterAsync("c", s_settings, Ct);

        Assert.True(probe.IsProbe);
        Assert.True(reopened);
        Assert.False(refused.Allowed);
    }

    private static async Task OpenAsync(RedisCircuitStateStore store)
    {
        for (var i = 0; i < 4; i++)
        {
            await store.ReportAsync("c", s_settings, new CircuitPermit(true, false, null), CircuitOutcome.Failure, Ct);
        }
    }

    private async Task<RedisStateConnection> ConnectAsync(string? prefix = null) =>
        new(new RedisStateOptions { ConnectionString = await redis.GetEndpointAsync(), KeyPrefix = prefix ?? "t" + Guid.NewGuid().ToString("N")[..12] });
}
