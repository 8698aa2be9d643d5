using System.Security.Cryptography;
using System.Text;
using LlmAdapters.Middleware.Redis;
using LlmAdapters.Middleware.Tests.Pipeline;
using LlmAdapters.OpenAI;
using LlmAdapters.Testing;
using Microsoft.Extensions.AI;
using StackExchange.Redis;

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

    [Fact]
    public async Task ReserveAsync_PerUserAndPerKeyBudgets_UsersDoNotShareAndKeysHoldNoSecret()
    {
        const string apiKey = "sk-live-SECRET-7f3a9c";
        await using var connection = await ConnectAsync();
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        emulator.DefaultResponder = _ => ScriptedReply.Text("ok").WithUsage(1000, 100);
        var options = new CostTrackingOptions { BudgetStore = new RedisBudgetStore(connection) };
        options.Budgets.Add(new CostBudget(0.00045m, BudgetPeriod.Day) { Per = BudgetPartition.User });
        options.Budgets.Add(new CostBudget(1m, BudgetPeriod.Day) { Per = BudgetPartition.ApiKey });
        using var client = new OpenAIChatClient(new OpenAIOptions { Endpoint = emulator.Url("v1/"), ApiKey = apiKey, DefaultModelId = "gpt-4o-mini" })
            .AsBuilder().UseCostTracking(options).Build();
        ChatOptions As(string user) => new() { MaxOutputTokens = 100, AdditionalProperties = new() { [AdditionalPropertyKeys.CostUser] = user } };

        // Each call costs 1000 × 0.15 + 100 × 0.60 per million = 0.00021, and reserves under 0.00007 up front.
        await client.GetResponseAsync("hi", As("alice"), Ct);
        await client.GetResponseAsync("hi", As("alice"), Ct);
        var error = await Assert.ThrowsAsync<BudgetExceededException>(() => client.GetResponseAsync("hi", As("alice"), Ct));
        await client.GetResponseAsync("hi", As("bob"), Ct);
        await client.GetResponseAsync("hi", As("bob"), Ct);

        Assert.Equal(0.00042m, error.Spent);
        Assert.Equal(4, emulator.Requests.Count);
        var day = DateTimeOffset.UtcNow.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(apiKey)).AsSpan(0, 8));
        var prefix = connection.Options.KeyPrefix;
        Assert.Equal(
            [$"{{{prefix}:budget:all}}:all/key:openai:{hash}:day:{day}", $"{{{prefix}:budget:all}}:all/user:alice:day:{day}", $"{{{prefix}:budget:all}}:all/user:bob:day:{day}"],
            await KeysAsync(prefix));
        var keyLedger = BudgetScope.For(options.Budgets[1], DateTimeOffset.UtcNow, new BudgetSubject(Credential: $"openai:{hash}"));
        Assert.Equal((0.00084m, 0m), await new RedisBudgetStore(connection).GetAsync(keyLedger));
    }

    private async Task<List<string>> KeysAsync(string prefix)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(await redis.GetEndpointAsync());
        var keys = new List<string>();
        await foreach (var key in connection.GetServer(connection.GetEndPoints().Single()).KeysAsync(pattern: "{" + prefix + "*"))
        {
            keys.Add(key.ToString());
        }

        keys.Sort(StringComparer.Ordinal);
        return keys;
    }

    private async Task<RedisStateConnection> ConnectAsync(string? prefix = null, TimeSpan? reservationTimeout = null) =>
        new(new RedisStateOptions
        {
            ConnectionString = await redis.GetEndpointAsync(),
            KeyPrefix = prefix ?? "t" + Guid.NewGuid().ToString("N")[..12],
            ReservationTimeout = reservationTimeout ?? TimeSpan.FromMinutes(10),
        });
}
