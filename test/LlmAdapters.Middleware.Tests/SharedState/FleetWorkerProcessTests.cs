using System.Collections.Concurrent;
using System.Diagnostics;
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
/// </summary>
public sealed class FleetWorkerProcessTests(RedisServerFixture redis)
{
    private const int Workers = 3;
    private const int CallsPerWorker = 20;
    private const int RequestsPerWindow = 20;
    private const int AffordableCalls = 45;
    private const string Prompt = "Say hello to the fleet.";
    private static readonly TimeSpan s_window = TimeSpan.FromSeconds(5);

    // How much later than its slot a request may reach the emulator on a loaded machine (scheduling and the socket).
    private static readonly TimeSpan s_skew = TimeSpan.FromSeconds(1);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ThreeWorkers_SharedLimitAndBudget_HoldAcrossProcessesAndARestart()
    {
        var endpoint = await redis.GetEndpointAsync();
        var prefix = "fleet" + Guid.NewGuid().ToString("N")[..10];
        var inputTokens = await CountPromptTokensAsync();
        var callCost = ((inputTokens * 0.15m) + (5 * 0.60m)) / 1_000_000m;
        var budget = AffordableCalls * callCost;
        var clock = Stopwatch.StartNew();
        var arrivals = new ConcurrentQueue<TimeSpan>();
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        emulator.DefaultResponder = request =>
        {
            if (request.Body.Contains("warm-up", StringComparison.Ordinal))
            {
                return ScriptedReply.Text("ready").WithUsage(1, 1);
            }

            arrivals.Enqueue(clock.Elapsed);
            return ScriptedReply.Text("Hello, fleet.").WithUsage(inputTokens, 5);
        };

        var runs = await Task.WhenAll(Enumerable.Range(0, Workers).Select(_ => RunWorkerAsync(endpoint, prefix, emulator, budget)));
        var results = runs.SelectMany(r => r).ToList();
        var seen = arrivals.Order().ToList();
        var (spent, reserved) = await ReadBudgetAsync(endpoint, prefix, budget);

        Assert.Equal(AffordableCalls, results.Count(r => r == "ok"));
        Assert.Equal((Workers * CallsPerWorker) - AffordableCalls, results.Count(r => r == "budget"));
        Assert.Equal(AffordableCalls, seen.Count);

        // The shared window: any RequestsPerWindow + 1 arrivals span at least one window, so no window saw more than the limit.
        for (var i = 0; i + RequestsPerWindow < seen.Count; i++)
        {
            Assert.True(seen[i + RequestsPerWindow] - seen[i] >= s_window - s_skew, $"arrivals {i} and {i + RequestsPerWindow} were {(seen[i + RequestsPerWindow] - seen[i]).TotalMilliseconds} ms apart");
        }

        Assert.True(seen[^1] - seen[0] >= (2 * s_window) - s_skew);

        // The shared budget: reservations were the exact cost here, so spending reached the limit and never passed it.
        Assert.Equal(budget, spent);
        Assert.Equal(0m, reserved);

        // A restarted instance starts with nothing in memory and still finds the budget spent.
        var restarted = await RunWorkerAsync(endpoint, prefix, emulator, budget);
        Assert.Equal(Enumerable.Repeat("budget", CallsPerWorker), restarted);
        Assert.Equal(AffordableCalls, arrivals.Count);
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

    private static async Task<List<string>> RunWorkerAsync(string redisEndpoint, string prefix, ProviderEmulator emulator, decimal budget)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(WorkerPath());
        foreach (var (name, value) in new Dictionary<string, string>
        {
            ["redis"] = redisEndpoint,
            ["prefix"] = prefix,
            ["policy"] = "FailClosed",
            ["endpoint"] = emulator.Url("v1/").ToString(),
            ["calls"] = CallsPerWorker.ToString(CultureInfo.InvariantCulture),
            ["requests"] = RequestsPerWindow.ToString(CultureInfo.InvariantCulture),
            ["windowMs"] = ((int)s_window.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
            ["budget"] = budget.ToString(CultureInfo.InvariantCulture),
        })
        {
            start.ArgumentList.Add($"{name}={value}");
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(Ct);
        var errors = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        var lines = (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        Assert.True(process.ExitCode == 0 && lines.LastOrDefault() == "done", $"worker failed ({process.ExitCode}): {await errors}");
        return lines[..^1];
    }

    /// <summary>The worker is built beside this test project (a build-order reference), in the same configuration.</summary>
    private static string WorkerPath()
    {
        var testDirectory = AppContext.BaseDirectory;
        var path = testDirectory.Replace("LlmAdapters.Middleware.Tests", "LlmAdapters.FleetWorker", StringComparison.Ordinal);
        var worker = Path.Combine(path, "LlmAdapters.FleetWorker.dll");
        return File.Exists(worker) ? worker : throw new InvalidOperationException($"Build test/LlmAdapters.FleetWorker first: {worker} is missing.");
    }
}
