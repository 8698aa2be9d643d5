using System.Diagnostics;
using LlmAdapters.OpenAI;
using LlmAdapters.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace LlmAdapters.Polyfills.Tests;

/// <summary>The standard pipeline around the real OpenAI adapter, talking HTTP to the provider emulator.</summary>
public sealed class OpenAIPipelineEndToEndTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CacheFunctionInvocationTelemetry_AroundOpenAIChatClient_RunsToolTracesAndCachesAnswer()
    {
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        emulator.Enqueue(ScriptedReply.ToolCalls(("call_1", "get_weather", "{\"city\":\"Paris\"}")).WithUsage(40, 12));
        emulator.Enqueue(ScriptedReply.Text("Sunny").WithUsage(60, 2));

        using var telemetry = new TelemetryCollector("LlmAdapters.Tests." + Guid.NewGuid().ToString("N"));
        var cache = new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions()));
        using var openAI = new OpenAIChatClient(new OpenAIOptions { Endpoint = emulator.Url("v1/"), ApiKey = "test", DefaultModelId = "gpt-4.1" });
        var client = openAI.AsBuilder()
            .UseDistributedCache(cache)
            .UseFunctionInvocation()
            .UseOpenTelemetry(sourceName: telemetry.SourceName)
            .Build();

        var cities = new List<string>();
        var weather = AIFunctionFactory.Create((string city) =>
        {
            cities.Add(city);
            return "sunny, 24 °C";
        }, "get_weather", "Gets the current weather for a city");
        var options = new ChatOptions { Tools = [weather] };

        var response = await client.GetResponseAsync("What's the weather in Paris?", options, Ct);

        Assert.Equal("Sunny", response.Text);
        Assert.Equal(["Paris"], cities);
        Assert.Equal(100, response.Usage?.InputTokenCount);
        Assert.Equal(14, response.Usage?.OutputTokenCount);

        // The follow-up request carries the assistant's call and our result for it.
        Assert.Equal(2, emulator.Requests.Count);
        var followUp = emulator.Requests[1].Json!["messages"]!.AsArray();
        Assert.Equal("call_1", (string?)followUp[1]!["tool_calls"]![0]!["id"]);
        Assert.Equal("tool", (string?)followUp[2]!["role"]);
        Assert.Equal("call_1", (string?)followUp[2]!["tool_call_id"]);
        Assert.Contains("sunny", followUp[2]!["content"]!.ToJsonString(), StringComparison.Ordinal);

        var spans = telemetry.Activities;
        Assert.Equal(["chat gpt-4.1", "execute_tool get_weather", "chat gpt-4.1", "orchestrate_tools"], spans.Select(s => s.DisplayName));
        Assert.All(spans.Where(s => s.Kind == ActivityKind.Client), s =>
        {
            Assert.Equal("openai", s.GetTagItem("gen_ai.provider.name"));
            Assert.Equal("127.0.0.1", s.GetTagItem("server.address"));
            Assert.Equal(emulator.BaseAddress.Port, s.GetTagItem("server.port"));
        });
        Assert.Equal("[\"tool_calls\"]", spans[0].GetTagItem("gen_ai.response.finish_reasons"));
        Assert.Equal(40, spans[0].GetTagItem("gen_ai.usage.input_tokens"));
        Assert.Equal("call_1", spans[1].GetTagItem("gen_ai.tool.call.id"));
        Assert.Equal(100, spans[3].GetTagItem("gen_ai.usage.input_tokens"));

        // The same question again is answered from the cache: no HTTP request, no tool call.
        var cached = await client.GetResponseAsync("What's the weather in Paris?", options, Ct);

        Assert.Equal("Sunny", cached.Text);
        Assert.Equal(2, emulator.Requests.Count);
        Assert.Equal(["Paris"], cities);
    }

    [Fact]
    public async Task Streaming_AroundOpenAIChatClient_YieldsToolResultThenAnswer()
    {
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        emulator.Enqueue(ScriptedReply.ToolCalls(("call_1", "get_weather", "{\"city\":\"Paris\"}")));
        emulator.Enqueue(ScriptedReply.Text("Sunny in Paris").InChunks(3));

        using var openAI = new OpenAIChatClient(new OpenAIOptions { Endpoint = emulator.Url("v1/"), ApiKey = "test", DefaultModelId = "gpt-4.1" });
        var client = openAI.AsBuilder().UseFunctionInvocation().Build();
        var weather = AIFunctionFactory.Create((string city) => "sunny in " + city, "get_weather");

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync("Weather in Paris?", new ChatOptions { Tools = [weather] }, Ct))
        {
            updates.Add(update);
        }

        Assert.Equal(2, emulator.Requests.Count);
        var result = updates.SelectMany(u => u.Contents).OfType<FunctionResultContent>().Single();
        Assert.Equal("call_1", result.CallId);
        Assert.Equal("sunny in Paris", result.Result?.ToString());
        Assert.Equal("Sunny in Paris", string.Concat(updates.Where(u => u.Role != ChatRole.Tool).Select(u => u.Text)));
    }
}
