using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using LlmAdapters.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LlmAdapters.Middleware.Tests.Pipeline;

/// <summary>
/// Microsoft.Extensions.AI's own pipeline — <c>UseDistributedCache</c> → <c>UseFunctionInvocation</c> →
/// <c>UseOpenTelemetry</c> — around one of our adapters, over HTTP to the provider emulator: the tool runs once and
/// its result reaches the provider in the provider's own shape, every provider call is traced with the GenAI
/// attributes, a repeated question is answered from the cache (in memory, and in a real Redis shared by two
/// separately built pipelines), and <c>GetResponseAsync&lt;T&gt;</c> asks in the provider's native structured-output
/// shape. Each provider subclasses this with its wire facts; a new provider adds one subclass.
/// </summary>
public abstract class ChatPipelineTests(RedisServerFixture redis)
{
    private const string Question = "What's the weather in Paris?";
    private const string Answer = "Sunny, 24 °C in Paris.";
    private const string ToolOutput = "sunny, 24 °C";

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Gets the OpenTelemetry GenAI provider name the adapter reports.</summary>
    protected abstract string ProviderName { get; }

    /// <summary>Gets the model the adapter is configured with (the emulator echoes it back).</summary>
    protected abstract string Model { get; }

    /// <summary>Creates the adapter under test, pointed at <paramref name="emulator"/>.</summary>
    protected abstract IChatClient CreateAdapter(ProviderEmulator emulator);

    /// <summary>Whether <paramref name="request"/> asked for a streamed answer, in the provider's way.</summary>
    protected abstract bool IsStreaming(CapturedRequest request);

    /// <summary>The last two turns of a follow-up request: the assistant's tool call and our result for it.</summary>
    protected abstract JsonNode ToolRoundTripOf(JsonNode followUpRequest);

    /// <summary>Gets <see cref="ToolRoundTripOf"/> as it must be: golden JSON in the provider's native shape.</summary>
    protected abstract string ExpectedToolRoundTrip { get; }

    /// <summary>The part of a request that asks for schema-following output, where the provider expects it.</summary>
    protected abstract JsonNode? StructuredOutputRequestOf(JsonNode request);

    /// <summary>That part as it must be for the response format the pipeline handed the adapter.</summary>
    protected abstract JsonNode ExpectedStructuredOutputRequest(ChatResponseFormatJson format);

    [Fact]
    public async Task GetResponseAsync_CacheFunctionInvocationTelemetry_RunsToolOnceTracesEachCallAndServesRepeatFromCache()
    {
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        ScriptToolRound(emulator);
        using var spans = new SpanCollector();
        using var adapter = CreateAdapter(emulator);
        var client = StandardPipeline(adapter, spans);
        var (tool, cities) = WeatherTool();
        var options = new ChatOptions { Tools = [tool] };

        var response = await client.GetResponseAsync(Question, options, Ct);

        Assert.Equal(Answer, response.Text);
        Assert.Equal(["Paris"], cities);
        Assert.Equal(100, response.Usage?.InputTokenCount);
        Assert.Equal(20, response.Usage?.OutputTokenCount);
        Assert.Equal(2, emulator.Requests.Count);
        Assert.DoesNotContain(emulator.Requests, IsStreaming);
        AssertJson(ExpectedToolRoundTrip, ToolRoundTripOf(emulator.Requests[1].Json!));
        AssertChatSpans(spans, emulator, [(40, 12), (60, 8)]);

        var repeated = await client.GetResponseAsync(Question, options, Ct);

        Assert.Equal(Answer, repeated.Text);
        Assert.Equal(2, emulator.Requests.Count);
        Assert.Equal(["Paris"], cities);
        Assert.Equal(2, spans.Operations("chat").Count);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_CacheFunctionInvocationTelemetry_StreamsToolResultAndAnswerThenServesRepeatFromCache()
    {
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        ScriptToolRound(emulator, chunks: 3);
        using var spans = new SpanCollector();
        using var adapter = CreateAdapter(emulator);
        var client = StandardPipeline(adapter, spans);
        var (tool, cities) = WeatherTool();
        var options = new ChatOptions { Tools = [tool] };

        var updates = await CollectAsync(client.GetStreamingResponseAsync(Question, options, Ct));

        Assert.Equal(Answer, string.Concat(updates.Select(u => u.Text)));
        var result = Assert.Single(updates.SelectMany(u => u.Contents).OfType<FunctionResultContent>());
        Assert.Equal("call_1", result.CallId);
        Assert.Equal(ToolOutput, result.Result?.ToString());
        Assert.Equal(["Paris"], cities);
        Assert.Equal(2, emulator.Requests.Count);
        Assert.All(emulator.Requests, r => Assert.True(IsStreaming(r)));
        AssertJson(ExpectedToolRoundTrip, ToolRoundTripOf(emulator.Requests[1].Json!));
        AssertChatSpans(spans, emulator, [(40, 12), (60, 8)]);

        var repeated = await CollectAsync(client.GetStreamingResponseAsync(Question, options, Ct));

        Assert.Equal(Answer, string.Concat(repeated.Select(u => u.Text)));
        Assert.Equal(2, emulator.Requests.Count);
        Assert.Equal(["Paris"], cities);
        Assert.Equal(2, spans.Operations("chat").Count);
    }

    [Fact]
    public async Task GetResponseAsyncOfT_StructuredOutput_ReturnsTheRecordAndAsksInTheProvidersNativeShape()
    {
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        emulator.Enqueue(ScriptedReply.Text("""{"city":"Paris","temperatureC":24,"conditions":"sunny"}""").WithUsage(30, 9));
        using var spans = new SpanCollector();
        using var adapter = CreateAdapter(emulator);
        ChatResponseFormatJson? handedToAdapter = null;
        var client = adapter.AsBuilder()
            .UseDistributedCache(NewMemoryCache())
            .UseFunctionInvocation()
            .UseOpenTelemetry(sourceName: spans.SourceName)
            .Use((messages, options, next, cancellationToken) =>
            {
                handedToAdapter = options?.ResponseFormat as ChatResponseFormatJson;
                return next(messages, options, cancellationToken);
            })
            .Build();

        var response = await client.GetResponseAsync<WeatherReport>("The weather in Paris, please.", cancellationToken: Ct);

        Assert.Equal(new WeatherReport("Paris", 24, "sunny"), response.Result);
        Assert.NotNull(handedToAdapter?.Schema);
        var request = Assert.Single(emulator.Requests).Json!;
        AssertJson(ExpectedStructuredOutputRequest(handedToAdapter).ToJsonString(), StructuredOutputRequestOf(request));
        AssertChatSpans(spans, emulator, [(30, 9)]);

        var repeated = await client.GetResponseAsync<WeatherReport>("The weather in Paris, please.", cancellationToken: Ct);

        Assert.Equal(new WeatherReport("Paris", 24, "sunny"), repeated.Result);
        Assert.Single(emulator.Requests);
    }

    [Fact]
    public async Task GetResponseAsync_RedisCacheSharedByTwoSeparatelyBuiltPipelines_ProviderSeesOneCall()
    {
        var endpoint = await redis.GetEndpointAsync();
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        emulator.Enqueue(ScriptedReply.Text(Answer).WithUsage(20, 6));
        var instance = $"llmadapters-tests:{Guid.NewGuid():N}:";

        var first = await AskThroughNewAppAsync(endpoint, instance, emulator, client => client.GetResponseAsync(Question, cancellationToken: Ct));
        var second = await AskThroughNewAppAsync(endpoint, instance, emulator, client => client.GetResponseAsync(Question, cancellationToken: Ct));

        Assert.Single(emulator.Requests);
        Assert.Equal(Answer, second.Text);
        Assert.Equal(first.ResponseId, second.ResponseId);
        Assert.Equal(Model, second.ModelId);
        Assert.Equal(20, second.Usage?.InputTokenCount);
        Assert.Equal(6, second.Usage?.OutputTokenCount);
        Assert.Equal(1, await redis.RemoveKeysAsync(instance));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_RedisCacheSharedByTwoSeparatelyBuiltPipelines_ProviderSeesOneCall()
    {
        var endpoint = await redis.GetEndpointAsync();
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        emulator.Enqueue(ScriptedReply.Text(Answer).WithUsage(20, 6).InChunks(4));
        var instance = $"llmadapters-tests:{Guid.NewGuid():N}:";

        var first = await AskThroughNewAppAsync(endpoint, instance, emulator, client => CollectAsync(client.GetStreamingResponseAsync(Question, cancellationToken: Ct)));
        var second = await AskThroughNewAppAsync(endpoint, instance, emulator, client => CollectAsync(client.GetStreamingResponseAsync(Question, cancellationToken: Ct)));

        Assert.True(IsStreaming(Assert.Single(emulator.Requests)));
        Assert.Equal(Answer, string.Concat(first.Select(u => u.Text)));
        Assert.Equal(Answer, string.Concat(second.Select(u => u.Text)));
        var usage = Assert.Single(second.SelectMany(u => u.Contents).OfType<UsageContent>()).Details;
        Assert.Equal(20, usage.InputTokenCount);
        Assert.Equal(6, usage.OutputTokenCount);
        Assert.Equal(1, await redis.RemoveKeysAsync(instance));
    }

    /// <summary>What <c>GetResponseAsync&lt;T&gt;</c> fills from the provider's JSON.</summary>
    public sealed record WeatherReport(string City, int TemperatureC, string Conditions);

    internal static void AssertJson(string expected, JsonNode? actual)
    {
        var expectedNode = JsonNode.Parse(expected);
        Assert.True(JsonNode.DeepEquals(expectedNode, actual), $"Expected:\n{expectedNode?.ToJsonString()}\nActual:\n{actual?.ToJsonString()}");
    }

    internal static IDistributedCache NewMemoryCache() => new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions()));

    /// <summary>The last <paramref name="count"/> items of a JSON array, copied.</summary>
    protected static JsonArray Last(JsonNode? array, int count) =>
        [.. array!.AsArray().TakeLast(count).Select(n => n?.DeepClone())];

    private static IChatClient StandardPipeline(IChatClient adapter, SpanCollector spans) =>
        adapter.AsBuilder()
            .UseDistributedCache(NewMemoryCache())
            .UseFunctionInvocation()
            .UseOpenTelemetry(sourceName: spans.SourceName)
            .Build();

    private static void ScriptToolRound(ProviderEmulator emulator, int chunks = 1) =>
        emulator.Enqueue(
            ScriptedReply.ToolCalls(("call_1", "get_weather", """{"city":"Paris"}""")).WithUsage(40, 12),
            ScriptedReply.Text(Answer).WithUsage(60, 8).InChunks(chunks));

    private static (AIFunction Tool, List<string> Cities) WeatherTool()
    {
        var cities = new List<string>();
        var tool = AIFunctionFactory.Create(
            (string city) =>
            {
                lock (cities)
                {
                    cities.Add(city);
                }

                return ToolOutput;
            },
            "get_weather",
            "Gets the current weather for a city");
        return (tool, cities);
    }

    private static async Task<List<ChatResponseUpdate>> CollectAsync(IAsyncEnumerable<ChatResponseUpdate> updates)
    {
        var list = new List<ChatResponseUpdate>();
        await foreach (var update in updates)
        {
            list.Add(update);
        }

        return list;
    }

    /// <summary>Builds a fresh app (its own container, Redis connection and adapter) and asks through it once.</summary>
    private async Task<T> AskThroughNewAppAsync<T>(string endpoint, string instance, ProviderEmulator emulator, Func<IChatClient, Task<T>> ask)
    {
        var services = new ServiceCollection();
        services.AddStackExchangeRedisCache(o =>
        {
            o.Configuration = endpoint;
            o.InstanceName = instance;
        });
        services.AddChatClient(_ => CreateAdapter(emulator)).UseDistributedCache().UseFunctionInvocation();
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IChatClient>();
        Assert.NotNull(client.GetService<DistributedCachingChatClient>());
        return await ask(client);
    }

    private void AssertChatSpans(SpanCollector spans, ProviderEmulator emulator, (int Input, int Output)[] usage)
    {
        var chats = spans.Operations("chat");
        Assert.Equal(usage.Length, chats.Count);
        for (var i = 0; i < usage.Length; i++)
        {
            var span = chats[i];
            Assert.Equal($"chat {Model}", span.DisplayName);
            Assert.Equal(ActivityKind.Client, span.Kind);
            Assert.Equal(ProviderName, SpanCollector.Tag(span, "gen_ai.provider.name"));
            Assert.Equal(Model, SpanCollector.Tag(span, "gen_ai.request.model"));
            Assert.Equal(Model, SpanCollector.Tag(span, "gen_ai.response.model"));
            Assert.Equal(usage[i].Input.ToString(CultureInfo.InvariantCulture), SpanCollector.Tag(span, "gen_ai.usage.input_tokens"));
            Assert.Equal(usage[i].Output.ToString(CultureInfo.InvariantCulture), SpanCollector.Tag(span, "gen_ai.usage.output_tokens"));
            Assert.Equal("127.0.0.1", SpanCollector.Tag(span, "server.address"));
            Assert.Equal(emulator.BaseAddress.Port.ToString(CultureInfo.InvariantCulture), SpanCollector.Tag(span, "server.port"));
        }
    }
}
