using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace LlmAdapters.Middleware.Tests.SharedState;

public sealed class InMemoryCircuitStateStoreTests
{
    private static readonly CircuitSettings s_settings = new(0.5, 4, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TryEnterAsync_OpenedThenBreakPassed_OneProbeThenClosedOnSuccess()
    {
        var clock = new FakeTimeProvider();
        var store = new InMemoryCircuitStateStore(clock);
        var allowed = new CircuitPermit(true, false, null);
        var opened = false;
        for (var i = 0; i < 4; i++)
        {
            opened = await store.ReportAsync("c", s_settings, allowed, i % 2 == 0 ? CircuitOutcome.Failure : CircuitOutcome.Success, Ct);
        }

        var refused = await store.TryEnterAsync("c", s_settings, Ct);
        clock.Advance(TimeSpan.FromSeconds(10));
        var probe = await store.TryEnterAsync("c", s_settings, Ct);
        var second = await store.TryEnterAsync("c", s_settings, Ct);
        await store.ReportAsync("c", s_settings, probe, CircuitOutcome.Success, Ct);
        var closed = await store.TryEnterAsync("c", s_settings, Ct);

        Assert.True(opened);
        Assert.Equal(new CircuitPermit(false, false, TimeSpan.FromSeconds(10)), refused);
        Assert.Equal(new CircuitPermit(true, true, null), probe);
        Assert.False(second.Allowed);
        Assert.Equal(new CircuitPermit(true, false, null), closed);
    }

    [Fact]
    public async Task ReportAsync_CancelledProbe_ReleasesItForTheNextCaller()
    {
        var clock = new FakeTimeProvider();
        var store = new InMemoryCircuitStateStore(clock);
        for (var i = 0; i < 4; i++)
        {
            await store.ReportAsync("c", s_settings, new CircuitPermit(true, false, null), CircuitOutcome.Failure, Ct);
        }

        clock.Advance(TimeSpan.FromSeconds(10));
        var probe = await store.TryEnterAsync("c", s_settings, Ct);
        await store.ReportAsync("c", s_settings, probe, CircuitOutcome.Ignored, Ct);
        var next = await store.TryEnterAsync("c", s_settings, Ct);

        Assert.True(next.IsProbe);
    }

    [Fact]
    public async Task GetResponseAsync_StoreRegistered_TwoBuildersShareOneCircuit()
    {
        var store = new InMemoryCircuitStateStore();
        var services = new ServiceCollection().AddSingleton<ICircuitStateStore>(store).BuildServiceProvider();
        var options = new ResilienceOptions { MaxRetryAttempts = 0, MinimumThroughput = 2, FailureRatio = 0.5, BreakDuration = TimeSpan.FromMinutes(1) };
        var failing = ChatClientSubstitute.Create();
        failing.Answers(_ => Task.FromException<ChatResponse>(Errors.Overloaded("openai")));
        var other = ChatClientSubstitute.Create();
        using var a = failing.AsBuilder().UseResilience(options).Build(services);
        using var b = other.AsBuilder().UseResilience(options).Build(services);

        await Assert.ThrowsAsync<ProviderOverloadedException>(() => a.GetResponseAsync("1", cancellationToken: Ct));
        await Assert.ThrowsAsync<ProviderOverloadedException>(() => a.GetResponseAsync("2", cancellationToken: Ct));
        var error = await Assert.ThrowsAsync<CircuitOpenException>(() => b.GetResponseAsync("3", cancellationToken: Ct));

        await other.DidNotReceive().GetResponseAsync(Arg.Any<IEnumerable<ChatMessage>>(), Arg.Any<ChatOptions?>(), Arg.Any<CancellationToken>());
        Assert.InRange(error.RetryAfter!.Value, TimeSpan.FromSeconds(50), TimeSpan.FromMinutes(1));
    }
}
