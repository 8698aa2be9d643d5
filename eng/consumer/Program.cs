// A consumer of the packed packages: Semantic Kernel's function invocation and our cost tracking in one pipeline
// around our OpenAI client, against the packaged emulator. Exits 0 when everything a user relies on happened.
using LlmAdapters.Middleware;
using LlmAdapters.OpenAI;
using LlmAdapters.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;

await using var emulator = await ProviderEmulator.StartAsync();
emulator.Enqueue(
    ScriptedReply.ToolCalls(("call_1", "weather_get_weather", """{"city":"Paris"}""")).WithUsage(40, 10),
    ScriptedReply.Text("It is sunny in Paris.").WithUsage(60, 8));

var builder = Kernel.CreateBuilder();
builder.Services
    .AddChatClient(new OpenAIChatClient(new OpenAIOptions { Endpoint = emulator.Url("v1/"), ApiKey = "sk-consumer-check", DefaultModelId = "gpt-4.1-mini" }))
    .UseKernelFunctionInvocation()
    .UseCostTracking();
var cities = new List<string>();
builder.Plugins.AddFromFunctions("weather", [KernelFunctionFactory.CreateFromMethod((string city) => { cities.Add(city); return "sunny"; }, "get_weather")]);
var kernel = builder.Build();

var settings = new PromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto() };
var answer = await kernel.InvokePromptAsync("What is the weather in Paris?", new(settings));
var ledger = kernel.GetRequiredService<IChatClient>().GetService<ICostLedger>();
var totals = ledger?.GetTotals();

var failures = new List<string>();
if (answer.ToString() != "It is sunny in Paris.") failures.Add($"answer was '{answer}'");
if (cities is not ["Paris"]) failures.Add($"the function ran {cities.Count} time(s): [{string.Join(", ", cities)}]");
if (emulator.Requests.Count != 2) failures.Add($"the provider saw {emulator.Requests.Count} request(s), not 2");
if (totals is null || totals.Calls != 2 || totals.UnknownCostCalls != 0 || totals.Total <= 0) failures.Add($"the ledger holds {totals?.ToString() ?? "nothing"}");

Console.WriteLine(failures.Count == 0
    ? $"consumer check: Semantic Kernel + UseKernelFunctionInvocation + UseCostTracking ran one tool call; {totals!.Calls} calls priced at {totals.Total} USD"
    : "consumer check FAILED: " + string.Join("; ", failures));
return failures.Count == 0 ? 0 : 1;
