using LlmAdapters.Middleware.Redis;
using LlmAdapters.Middleware.Tests.Pipeline;

namespace LlmAdapters.Middleware.Tests.SharedState;

public sealed class RedisBudgetStoreTests(RedisServerFixture redis)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly DateTimeOffset s_now = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ReserveAsync_InFlightReservationsOfAnotherProcess_CountAgainstTheLimit()
    {
        await using var first = await ConnectAsync();
        await using var second = await ConnectAsync(first.Options.KeyPrefix);
        var scope = BudgetScope.For(new CostBudget(1.00m, BudgetPeriod.Day), s_now);

        var held = await new RedisBudgetStore(first).ReserveAsync([scope], 0.60m, Ct);
        var error = await Assert.ThrowsAsync<BudgetExceededException>(
            async () => await new RedisBudgetStore(second).ReserveAsync([scope], 0.50m, Ct));

        Assert.True(held.Recorded);
        Assert.Equal(0.60m, error.Spent);
        Assert.Equal(0.50m, error.EstimatedCost);
        Assert.Same(scope.Budget, error.Budget);
    }

    [Fact]
    public async Task SettleAsync_ActualCost_ReleasesReservationAndBooksSpending()
    {
        await using var connection = await ConnectAsync();
        var store = new RedisBudgetStore(connection);
        var scope = BudgetScope.For(new CostBudget(1.00m, BudgetPeriod.Month, Tag: "team-a"), s_now);

        var reservation = await store.ReserveAsync([scope], 0.40m, Ct);
        var during = await store.GetAsync(scope);
        await store.SettleAsync(reservation, 0.125m, Ct);
        var after = await store.GetAsync(scope);

        Assert.Equal((0m, 0.40m), during);
        Assert.Equal((0.125m, 0m), after);
    }

    [Fact]
    public async Task SettleAsync_Refund_LeavesNothingSpent()
    {
        await using var connection = await ConnectAsync();
        var store = new RedisBudgetStore(connection);
        var scope = BudgetScope.For(new CostBudget(1.00m, BudgetPeriod.Total), s_now);

        await store.SettleAsync(await store.ReserveAsync([scope], 0.9m, Ct), 0m, Ct);
        var next = await store.ReserveAsync([scope], 0.9m, Ct);

        Assert.Equal((0m, 0.9m), await store.GetAsync(scope));
        Assert.True(next.Recorded);
    }

    [Fact]
    public async Task ReserveAsync_ReservationOfDeadProcess_ExpiresAfterTimeout()
    {
        await using var connection = await ConnectAsync(reservationTimeout: TimeSpan.FromMilliseconds(300));
        var store = new RedisBudgetStore(connection);
        var scope = BudgetScope.For(new CostBudget(1.00m, BudgetPeriod.Day), s_now);

        await store.ReserveAsync([scope], 0.8m, Ct);
        await Assert.ThrowsAsync<BudgetExceededException>(async () => await store.ReserveAsync([scope], 0.8m, Ct));
        await Task.Delay(TimeSpan.FromMilliseconds(400), Ct);
        var afterExpiry = await store.ReserveAsync([scope], 0.8m, Ct);

        Assert.True(afterExpiry.Recorded);
        Assert.Equal((0m, 0.8m), await store.GetAsync(scope));
    }

    private async Task<RedisStateConnection> ConnectAsync(string? prefix = null, TimeSpan? reservationTimeout = null) =>
        new(new RedisStateOptions
        {
            ConnectionString = await redis.GetEndpointAsync(),
            KeyPrefix = prefix ?? "t" + Guid.NewGuid().ToString("N")[..12],
            ReservationTimeout = reservationTimeout ?? TimeSpan.FromMinutes(10),
        });
}
