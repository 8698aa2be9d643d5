// One service instance: a pipeline with cost tracking (a shared budget) over rate limiting (a shared window) over the
// OpenAI adapter, all shared state in Redis. Makes N concurrent calls and prints one line per call:
// "ok", "budget" (refused by the budget) or "error <type>"; then "done".
using System.Globalization;
using LlmAdapters.Middleware;
using LlmAdapters.Middleware.Redis;
using LlmAdapters.OpenAI;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

var settings = args.Select(a => a.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
string Setting(string name) => settings.TryGetValue(name, out var value) ? value : throw new ArgumentException($"missing {name}=");
var calls = int.Parse(Setting("calls"), CultureInfo.InvariantCulture);

var services = new ServiceCollection();
services.AddLlmAdaptersRedisState(o =>
{
    o.ConnectionString = Setting("redis");
    o.KeyPrefix = Setting("prefix");
    o.FailurePolicy = Enum.Parse<SharedStateFailurePolicy>(Setting("policy"));
});
await using var provider = services.BuildServiceProvider();

var costOptions = new CostTrackingOptions();
costOptions.Budgets.Add(new CostBudget(decimal.Parse(Setting("budget"), CultureInfo.InvariantCulture), BudgetPeriod.Total, Tag: "fleet"));
using var client = new OpenAIChatClient(new OpenAIOptions { Endpoint = new Uri(Setting("endpoint")), ApiKey = "sk-fleet-test", DefaultModelId = "gpt-4o-mini" })
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
using (var warmUp = new OpenAIChatClient(new OpenAIOptions { Endpoint = new Uri(Setting("endpoint")), ApiKey = "sk-fleet-test", DefaultModelId = "gpt-4o-mini" }))
{
    await warmUp.GetResponseAsync("warm-up");
}

var options = new ChatOptions { MaxOutputTokens = 5, AdditionalProperties = new() { [LlmAdapters.AdditionalPropertyKeys.CostTag] = "fleet" } };
var results = await Task.WhenAll(Enumerable.Range(0, calls).Select(async i =>
{
    try
    {
        await client.GetResponseAsync("Say hello to the fleet.", options);
        return "ok";
    }
    catch (BudgetExceededException)
    {
        return "budget";
    }
    catch (Exception ex)
    {
        return "error " + ex.GetType().Name;
    }
}));

foreach (var result in results)
{
    Console.WriteLine(result);
}

Console.WriteLine("done");
