using System.Globalization;
using LlmAdapters.Middleware.Redis;
using LlmAdapters.Middleware.Tests.Pipeline;
using LlmAdapters.OpenAI;
using LlmAdapters.Testing;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Middleware.Tests.SharedState;

/// <summary>
/// Three service instances (LlmAdapters.FleetWorker processes), each making 20 concurrent calls against one emulator,
/// share one rate limit and one budget through the real Redis server; then a restarted instance finds the budget spent.
/// A worker killed mid-run leaves the ledger at what it settled; a redis-server stopped mid-run makes the workers follow
/// their failure policy.
/// </summary>
public sealed class FleetWorkerProcessTests(RedisServerFixture redis)
{
    private const int Workers = 3;
    private const int CallsPerWorker = 20;
    private const int RequestsPerWindow = 20;
    private const int AffordableCalls = 45;
    private const string Prompt = "Say hello to the fleet.";
    private static readonly TimeSpan s_window = TimeSpan.FromSeconds(5);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ThreeWorkers_SharedLimitAndBudget_HoldAcrossProcessesAndARestart()
    {
        var endpoint = await redis.GetEndpointAsync();
        var prefix = "fleet" + Guid.NewGuid().ToString("N")[..10];
        var inputTokens = await CountPromptTokensAsync();
        var callCost = ((inputTokens * 0.15m) + (5 * 0.60m)) / 1_000_000m;
        var budget = AffordableCalls * callCost;
        var arrivals = 0;
        using var monitor = await RedisMonitor.StartAsync(endpoint, Ct);
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        emulator.DefaultResponder = request =>
        {
            if (request.Body.Contains("warm-up", StringComparison.Ordinal))
            {
                return ScriptedReply.Text("ready").WithUsage(1, 1);
            }

            Interlocked.Increment(ref arrivals);
            return ScriptedReply.Text("Hello, fleet.").WithUsage(inputTokens, 5);
        };

        var runs = await Task.WhenAll(Enumerable.Range(0, Workers).Select(_ => RunWorkerAsync(endpoint, prefix, emulator, budget)));
        var results = runs.SelectMany(r => r).ToList();
        var (spent, reserved) = await ReadBudgetAsync(endpoint, prefix, budget);

        Assert.Equal(AffordableCalls, results.Count(r => r == "ok"));
        Assert.Equal((Workers * CallsPerWorker) - AffordableCalls, results.Count(r => r == "budget"));
        Assert.Equal(AffordableCalls, arrivals);

        // The shared window, exactly, on the clock that enforces it: the server's time of every admission (the scripts'
        // ZADD to the window's set, as the server ran them). Every request the emulator saw was admitted, and any
        // RequestsPerWindow + 1 admissions span at least one window, so no window admitted more than the limit.
        var slots = monitor.ScriptAdds("{" + prefix + ":rl:", "}:req");
        Assert.Equal(AffordableCalls, slots.Count);
        for (var i = 0; i + RequestsPerWindow < slots.Count; i++)
        {
            Assert.True(slots[i + RequestsPerWindow] - slots[i] >= s_window.TotalMilliseconds, $"admissions {i} and {i + RequestsPerWindow} were {slots[i + RequestsPerWindow] - slots[i]} ms apart");
        }

        Assert.True(slots[^1] - slots[0] >= 2 * s_window.TotalMilliseconds);

        // The shared budget: reservations were the exact cost here, so spending reached the limit and never passed it.
        Assert.Equal(budget, spent);
        Assert.Equal(0m, reserved);

        // A restarted instance starts with nothing in memory and still finds the budget spent.
        var restarted = await RunWorkerAsync(endpoint, prefix, emulator, budget);
        Assert.Equal(Enumerable.Repeat("budget", CallsPerWorker), restarted);
        Assert.Equal(AffordableCalls, arrivals);
    }

    [Fact]
    public async Task Worker_KilledMidRunThenRestarted_LedgerIsTheSumOfSettledCosts()
    {
        const int Answered = 5;
        var endpoint = await redis.GetEndpointAsync();
        var prefix = "fleet" + Guid.NewGuid().ToString("N")[..10];
        var inputTokens = await CountPromptTokensAsync();
        var callCost = ((inputTokens * 0.15m) + (5 * 0.60m)) / 1_000_000m;
        var budget = 1000 * callCost;
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        var victimCalls = 0;
        emulator.DefaultResponder = request =>
        {
            var reply = ScriptedReply.Text("Hello, fleet.").WithUsage(inputTokens, 5);
            if (!request.Body.Contains("warm-up", StringComparison.Ordinal) && request.Header("x-fleet-worker") == "victim"
                && Interlocked.Increment(ref victimCalls) > Answered)
            {
                // The rest of the victim's calls are in flight when it dies: sent, never answered, never settled.
                reply.DelayBeforeHeaders = TimeSpan.FromMinutes(5);
            }

            return reply;
        };

        using (var victim = StartWorker(endpoint, prefix, emulator, budget, name: "victim", calls: 10, requestsPerWindow: 1000))
        {
            await victim.WaitForAsync(lines => lines.Count(l => l == "ok") == Answered && Volatile.Read(ref victimCalls) == 10, Ct);
            victim.Kill();
            Assert.Equal(Enumerable.Repeat("ok", Answered), victim.Results);
        }

        var afterKill = await ReadBudgetAsync(endpoint, prefix, budget);
        var restarted = await RunWorkerAsync(endpoint, prefix, emulator, budget, name: "restarted", calls: 10, requestsPerWindow: 1000);
        var afterRestart = await ReadBudgetAsync(endpoint, prefix, budget);

        // Spending holds exactly the settled calls; the dead worker's five unsettled reservations (its in-flight calls,
        // reserved at their exact cost here) still count until RedisStateOptions.ReservationTimeout, and no longer.
        Assert.Equal((Answered * callCost, 5 * callCost), afterKill);
        Assert.Equal(Enumerable.Repeat("ok", 10), restarted);
        Assert.Equal(((Answered + 10) * callCost, 5 * callCost), afterRestart);
    }

    [Fact]
    public async Task RedisStoppedMidRun_WorkersFollowTheirFailurePolicy()
    {
        const int Calls = 5;
        await using var server = await OwnRedisServer.StartAsync();
        var prefix = "fleet" + Guid.NewGuid().ToString("N")[..10];
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        emulator.DefaultResponder = _ => ScriptedReply.Text("Hello, fleet.").WithUsage(10, 5);
        using var open = StartWorker(server.Endpoint, prefix, emulator, 1m, name: "open", policy: "FailOpen", calls: Calls, requestsPerWindow: 1000, phases: 2);
        using var closed = StartWorker(server.Endpoint, prefix, emulator, 1m, name: "closed", policy: "FailClosed", calls: Calls, requestsPerWindow: 1000, phases: 2);
        await Task.WhenAll(
            open.WaitForAsync(lines => lines.Contains("phase"), Ct),
            closed.WaitForAsync(lines => lines.Contains("phase"), Ct));

        server.Stop();
        await open.SendAsync("go");
        await closed.SendAsync("go");
        var openOutput = await open.CompleteAsync(Ct);
        var closedOutput = await closed.CompleteAsync(Ct);
        int Sent(string worker) => emulator.Requests.Count(r => r.Header("x-fleet-worker") == worker && !r.Body.Contains("warm-up", StringComparison.Ordinal));

        // FailOpen: every call still goes; each of the two store operations it waits on (budget reserve, window acquire)
        // fails once, and each failure is logged as a warning and counted in the metric. The settlements are sent without
        // waiting, so they are not observed; with the reservations failed there is nothing for them to release.
        Assert.Equal(Enumerable.Repeat("ok", 2 * Calls), openOutput.Results);
        Assert.Equal(2 * Calls, openOutput.Unavailable);
        Assert.Equal(2 * Calls, openOutput.Warnings.Count);
        Assert.All(openOutput.Warnings, w => Assert.Contains("failing open", w, StringComparison.Ordinal));
        Assert.Equal(2 * Calls, Sent("open"));

        // FailClosed: the budget reservation fails with the typed exception and nothing is sent.
        Assert.Equal(Enumerable.Repeat("ok", Calls).Concat(Enumerable.Repeat("error SharedStateUnavailableException", Calls)), closedOutput.Results);
        Assert.Equal(Calls, closedOutput.Unavailable);
        Assert.Empty(closedOutput.Warnings);
        Assert.Equal(Calls, Sent("closed"));
    }

    private static async Task<int> CountPromptTokensAsync()
    {
        using var counting = new OpenAIChatClient(new OpenAIOptions { ApiKey = "sk-fleet-test", DefaultModelId = "gpt-4o-mini" });
        return await counting.GetService<ITokenCounter>()!.CountTokensAsync([new ChatMessage(ChatRole.User, Prompt)], cancellationToken: Ct);
    }

    private static async Task<(decimal Spent, decimal Reserved)> ReadBudgetAsync(string endpoint, string prefix, decimal budget)
    {
        await using var connection = new RedisStateConnection(new RedisStateOptions { ConnectionString = endpoint, KeyPrefix = prefix });
        var scope = BudgetScope.For(new CostBudget(budget, BudgetPeriod.Total, Tag: "fleet"), DateTimeOffset.UtcNow);
        return await new RedisBudgetStore(connection).GetAsync(scope);
    }

    private static async Task<IReadOnlyList<string>> RunWorkerAsync(
        string redisEndpoint, string prefix, ProviderEmulator emulator, decimal budget, string name = "worker", int calls = CallsPerWorker, int requestsPerWindow = RequestsPerWindow)
    {
        using var worker = StartWorker(redisEndpoint, prefix, emulator, budget, name, calls: calls, requestsPerWindow: requestsPerWindow);
        return (await worker.CompleteAsync(Ct)).Results;
    }

    private static FleetWorkerProcess StartWorker(
        string redisEndpoint, string prefix, ProviderEmulator emulator, decimal budget, string name = "worker", string policy = "FailClosed",
        int calls = CallsPerWorker, int requestsPerWindow = RequestsPerWindow, int phases = 1) =>
        FleetWorkerProcess.Start(new Dictionary<string, string>
        {
            ["redis"] = redisEndpoint,
            ["prefix"] = prefix,
            ["policy"] = policy,
            ["name"] = name,
            ["endpoint"] = emulator.Url("v1/").ToString(),
            ["calls"] = calls.ToString(CultureInfo.InvariantCulture),
            ["phases"] = phases.ToString(CultureInfo.InvariantCulture),
            ["requests"] = requestsPerWindow.ToString(CultureInfo.InvariantCulture),
            ["windowMs"] = ((int)s_window.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
            ["budget"] = budget.ToString(CultureInfo.InvariantCulture),
        });
}
