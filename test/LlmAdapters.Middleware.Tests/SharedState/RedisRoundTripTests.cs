using LlmAdapters.Middleware.Redis;
using LlmAdapters.OpenAI;
using LlmAdapters.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace LlmAdapters.Middleware.Tests.SharedState;

/// <summary>Counts what the Redis-backed middleware costs per call, in scripts the server ran, on a server of its own.</summary>
public sealed class RedisRoundTripTests
{
    private const int Calls = 10;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetResponseAsync_RateLimitAndBudget_TwoScriptsPerMiddlewarePerCall()
    {
        await using var server = await OwnRedisServer.StartAsync();
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        emulator.DefaultResponder = _ => ScriptedReply.Text("ok").WithUsage(12, 3);
        await using var services = new ServiceCollection()
            .AddLlmAdaptersRedisState(o => o.ConnectionString = server.Endpoint)
            .BuildServiceProvider();
        var costOptions = new CostTrackingOptions();
        costOptions.Budgets.Add(new CostBudget(100m, BudgetPeriod.Day));
        using var client = new OpenAIChatClient(new OpenAIOptions { Endpoint = emulator.Url("v1/"), ApiKey = "sk-test-rt", DefaultModelId = "gpt-4o-mini" })
            .AsBuilder()
            .UseCostTracking(costOptions)
            .UseRateLimiting(new RateLimitingOptions { RequestsPerMinute = 1000, TokensPerMinute = 1_000_000 })
            .Build(services);
        await client.GetResponseAsync("warm", cancellationToken: Ct);

        await using var admin = await ConnectionMultiplexer.ConnectAsync(server.Endpoint + ",allowAdmin=true");
        var before = await ScriptsRunAsync(admin);
        for (var i = 0; i < Calls; i++)
        {
            await client.GetResponseAsync("hello", new ChatOptions { MaxOutputTokens = 10 }, Ct);
        }

        // Both settlements are sent without waiting, on the client's own connection: a PING on this one would not order
        // after them, so wait (at most 5 s) until the server has run as many scripts as expected, then count.
        var ran = await ScriptsRunAsync(admin);
        for (var polls = 0; ran < before + (4 * Calls) && polls < 100; polls++)
        {
            await Task.Delay(50, Ct);
            ran = await ScriptsRunAsync(admin);
        }

        var perCall = (ran - before) / (double)Calls;

        // Rate limiting: acquire + settle (the settle not awaited); budgets: reserve + settle.
        Assert.Equal(4, perCall);
    }

    private static async Task<long> ScriptsRunAsync(ConnectionMultiplexer admin)
    {
        var server = admin.GetServer(admin.GetEndPoints()[0]);
        var stats = await server.InfoAsync("commandstats");
        return stats.SelectMany(g => g)
            .Where(p => p.Key is "cmdstat_eval" or "cmdstat_evalsha")
            .Sum(p => long.Parse(p.Value.Split(',')[0]["calls=".Length..], System.Globalization.CultureInfo.InvariantCulture));
    }
}
