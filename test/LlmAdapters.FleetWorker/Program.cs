// One service instance: a pipeline with cost tracking (a shared budget) over rate limiting (a shared window) over the
// OpenAI adapter, all shared state in Redis. Makes N concurrent calls per phase and prints one line per call as it ends:
// "ok", "budget" (refused by the budget) or "error <type>". Between phases it prints "phase" and waits for a line on
// its standard input (so a test can change the world, e.g. stop Redis). Shared-state warnings print as "warn <text>";
// at the end "unavailable <n>" (the shared-state failure metric) and "done".
using System.Diagnostics.Metrics;
using System.Globalization;
using LlmAdapters.FleetWorker;
using LlmAdapters.Middleware;
using LlmAdapters.Middleware.Redis;
using LlmAdapters.OpenAI;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

var settings = args.Select(a => a.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
string Setting(string name) => settings.TryGetValue(name, out var value) ? value : throw new ArgumentException($"missing {name}=");
int Number(string name, int fallback) => settings.ContainsKey(name) ? int.Parse(Setting(name), CultureInfo.InvariantCulture) : fallback;
var calls = Number("calls", 20);
var phases = Number("phases", 1);

long unavailable = 0;
using var meters = new MeterListener
{
    InstrumentPublished = (instrument, listener) =>
    {
        if (instrument.Name == "llmadapters.shared_state.unavailable")
        {
            listener.EnableMeasurementEvents(instrument);
        }
    },
};
meters.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref unavailable, value));
meters.Start();

var services = new ServiceCollection();
services.AddSingleton<ILoggerFactory>(new LineLoggerFactory());
services.AddLlmAdaptersRedisState(o =>
{
    o.ConnectionString = Setting("redis");
    o.KeyPrefix = Setting("prefix");
    o.FailurePolicy = Enum.Parse<SharedStateFailurePolicy>(Setting("policy"));
});
await using var provider = services.BuildServiceProvider();

OpenAIOptions Options()
{
    var options = new OpenAIOptions { Endpoint = new Uri(Setting("endpoint")), ApiKey = "sk-fleet-test", DefaultModelId = "gpt-4o-mini" };
    options.Headers["x-fleet-worker"] = settings.GetValueOrDefault("name", "worker");
    return options;
}

var costOptions = new CostTrackingOptions();
costOptions.Budgets.Add(new CostBudget(decimal.Parse(Setting("budget"), CultureInfo.InvariantCulture), BudgetPeriod.Total, Tag: "fleet"));
using var client = new OpenAIChatClient(Options())
    .AsBuilder()
    .UseCostTracking(costOptions)
    .UseRateLimiting(new RateLimitingOptions
    {
        RequestsPerMinute = int.Parse(Setting("requests"), CultureInfo.InvariantCulture),
        Window = TimeSpan.FromMilliseconds(int.Parse(Setting("windowMs"), CultureInfo.InvariantCulture)),
    })
    .Build(provider);

// Warm up outside the pipeline (no limit, no budget): the first call of a process pays for loading and compiling the
// HTTP stack, which would otherwise delay the first limited requests well past the moment their slots were granted.
using (var warmUp = new OpenAIChatClient(Options()))
{
    await warmUp.GetResponseAsync("warm-up");
}

var chatOptions = new ChatOptions { MaxOutputTokens = 5, AdditionalProperties = new() { [LlmAdapters.AdditionalPropertyKeys.CostTag] = "fleet" } };
for (var phase = 1; phase <= phases; phase++)
{
    if (phase > 1)
    {
        Console.WriteLine("phase");
        await Console.In.ReadLineAsync();
    }

    await Task.WhenAll(Enumerable.Range(0, calls).Select(async i =>
    {
        string result;
        try
        {
            await client.GetResponseAsync("Say hello to the fleet.", chatOptions);
            result = "ok";
        }
        catch (BudgetExceededException)
        {
            result = "budget";
        }
        catch (Exception ex)
        {
            result = "error " + ex.GetType().Name;
        }

        Console.WriteLine(result);
    }));
}

Console.WriteLine($"unavailable {Interlocked.Read(ref unavailable)}");
Console.WriteLine("done");
