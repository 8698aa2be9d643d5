using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace LlmAdapters.Middleware.Tests.SharedState;

/// <summary>Cost tracking reserves in the <see cref="IBudgetStore"/> before a call and settles after it.</summary>
public sealed class CostTrackingBudgetStoreTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetResponseAsync_Success_ReservesWorstCaseThenSettlesToTheCost()
    {
        var (client, store) = Create(ChatClientSubstitute.Create().Answers(_ => Task.FromResult(
            new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok")) { ModelId = "gpt-4o-mini", Usage = new UsageDetails { InputTokenCount = 1000, OutputTokenCount = 100 } })));

        var response = await client.GetResponseAsync("hi", new ChatOptions { MaxOutputTokens = 1000 }, Ct);

        // gpt-4o-mini: 0.15 per million input, 0.60 per million output.
        // The worst case: "hi" estimated at 2 input tokens plus the 1000 output tokens allowed.
        await store.Received(1).ReserveAsync(Arg.Is<IReadOnlyList<BudgetScope>>(s => s.Count == 1 && s[0].Key == "all"), 0.0006003m, Arg.Any<CancellationToken>());
        await store.Received(1).SettleAsync(Arg.Any<BudgetReservation>(), 0.00021m, Arg.Any<CancellationToken>());
        Assert.Equal(0.00021m, response.GetCost()!.Total);
    }

    [Fact]
    public async Task GetResponseAsync_ProviderFails_RefundsTheReservation()
    {
        var (client, store) = Create(ChatClientSubstitute.Create().Answers(_ => Task.FromException<ChatResponse>(Errors.BadRequest())));

        await Assert.ThrowsAsync<InvalidRequestException>(() => client.GetResponseAsync("hi", new ChatOptions { MaxOutputTokens = 10 }, Ct));

        await store.Received(1).SettleAsync(Arg.Any<BudgetReservation>(), 0m, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task GetStreamingResponseAsync_StreamEnds_SettlesToTheStreamsCost()
    {
        var inner = ChatClientSubstitute.Create();
        inner.Streams(_ => Stream());
        var (client, store) = Create(inner);

        await foreach (var _ in client.GetStreamingResponseAsync("hi", new ChatOptions { MaxOutputTokens = 10 }, Ct))
        {
        }

        await store.Received(1).SettleAsync(Arg.Any<BudgetReservation>(), 0.00021m, Arg.Any<CancellationToken>());

        static async IAsyncEnumerable<ChatResponseUpdate> Stream()
        {
            await Task.Yield();
            yield return new ChatResponseUpdate(ChatRole.Assistant, "ok") { ModelId = "gpt-4o-mini" };
            yield return new ChatResponseUpdate { Contents = [new UsageContent(new UsageDetails { InputTokenCount = 1000, OutputTokenCount = 100 })] };
        }
    }

    [Fact]
    public async Task GetResponseAsync_StoreRefuses_DoesNotCallTheProvider()
    {
        var inner = ChatClientSubstitute.Create();
        var (client, store) = Create(inner);
        // Configuring a substitute's ValueTask-returning member is not consuming it (CA2012 cannot tell).
#pragma warning disable CA2012
        store.ReserveAsync(Arg.Any<IReadOnlyList<BudgetScope>>(), Arg.Any<decimal>(), Arg.Any<CancellationToken>())
            .Returns<ValueTask<BudgetReservation>>(_ => throw new BudgetExceededException(new CostBudget(1m), 1m, 0.1m));
#pragma warning restore CA2012

        await Assert.ThrowsAsync<BudgetExceededException>(() => client.GetResponseAsync("hi", cancellationToken: Ct));

        await inner.DidNotReceive().GetResponseAsync(Arg.Any<IEnumerable<ChatMessage>>(), Arg.Any<ChatOptions?>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task GetResponseAsync_TwoBudgetsOnOneLedger_ReservesOnceAgainstTheLowerLimit()
    {
        var store = GrantingStore();
        var options = new CostTrackingOptions { BudgetStore = store };
        options.Budgets.Add(new CostBudget(5m, BudgetPeriod.Day, "team-a"));
        options.Budgets.Add(new CostBudget(2m, BudgetPeriod.Day) { Per = BudgetPartition.Tag });
        options.Budgets.Add(new CostBudget(9m, BudgetPeriod.Month));
        using var client = new CostTrackingChatClient(
            ChatClientSubstitute.Create(), options: options, timeProvider: new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 15, 0, 0, TimeSpan.Zero)));
        var tagged = new ChatOptions { MaxOutputTokens = 1000, AdditionalProperties = new() { [AdditionalPropertyKeys.CostTag] = "team-a" } };

        await client.GetResponseAsync("hi", tagged, Ct);
        options.Budgets.Add(new CostBudget(1m, BudgetPeriod.Day, "team-a"));
        await client.GetResponseAsync("hi", tagged, Ct);

        // "tag:team-a" (a filter) and "all/tag:team-a" (a partition) are different ledgers; a second budget on the
        // "tag:team-a" day ledger does not add a scope, it lowers that ledger's limit.
        string[] ledgers = ["tag:team-a:day:20261203", "all/tag:team-a:day:20261203", "all:month:20261201"];
        await store.Received(1).ReserveAsync(
            Arg.Is<IReadOnlyList<BudgetScope>>(s => s.Select(x => x.LedgerKey).SequenceEqual(ledgers) && s[0].Budget.Limit == 5m), 0.0006003m, Arg.Any<CancellationToken>());
        await store.Received(1).ReserveAsync(
            Arg.Is<IReadOnlyList<BudgetScope>>(s => s.Select(x => x.LedgerKey).SequenceEqual(ledgers) && s[0].Budget.Limit == 1m), 0.0006003m, Arg.Any<CancellationToken>());
    }

    private static IBudgetStore GrantingStore()
    {
        var store = Substitute.For<IBudgetStore>();
#pragma warning disable CA2012 // configuring the substitute, not consuming a ValueTask
        store.ReserveAsync(Arg.Any<IReadOnlyList<BudgetScope>>(), Arg.Any<decimal>(), Arg.Any<CancellationToken>())
            .Returns(call => new ValueTask<BudgetReservation>(new BudgetReservation("r1", call.Arg<IReadOnlyList<BudgetScope>>(), call.Arg<decimal>())));
#pragma warning restore CA2012
        return store;
    }

    private static (CostTrackingChatClient Client, IBudgetStore Store) Create(IChatClient inner)
    {
        var store = GrantingStore();
        var options = new CostTrackingOptions { BudgetStore = store };
        options.Budgets.Add(new CostBudget(10m, BudgetPeriod.Day));
        return (new CostTrackingChatClient(inner, options: options), store);
    }
}
