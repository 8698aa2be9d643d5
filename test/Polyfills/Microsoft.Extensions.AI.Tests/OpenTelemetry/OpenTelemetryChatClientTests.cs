using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace LlmAdapters.Polyfills.Tests;

public sealed class OpenTelemetryChatClientTests
{
    private static readonly double[] SecondsBuckets = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];
    private static readonly double[] TokenBuckets = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string UniqueSource() => "LlmAdapters.Tests." + Guid.NewGuid().ToString("N");

    private static FakeChatClient Model(ChatResponse response) => new()
    {
        Metadata = new ChatClientMetadata("openai", new Uri("http://api.example.test:8443/v1/"), "gpt-4.1"),
        GetResponseAsyncCallback = (_, _, _) => Task.FromResult(response),
    };

    private static ChatResponse Answer() => new(new ChatMessage(ChatRole.Assistant, "Paris is sunny"))
    {
        ModelId = "gpt-4.1-2025",
        ResponseId = "resp_1",
        FinishReason = ChatFinishReason.Stop,
        Usage = new UsageDetails { InputTokenCount = 100, OutputTokenCount = 20, CachedInputTokenCount = 60, ReasoningTokenCount = 8 },
    };

    [Fact]
    public async Task GetResponseAsync_ChatSpan_HasGenAiNameKindAndAttributes()
    {
        using var telemetry = new TelemetryCollector(UniqueSource());
        var client = Model(Answer()).AsBuilder().UseOpenTelemetry(sourceName: telemetry.SourceName).Build();

        await client.GetResponseAsync("weather?", new ChatOptions
        {
            Temperature = 0.5f,
            MaxOutputTokens = 200,
            TopP = 0.9f,
            TopK = 40,
            Seed = 7,
            StopSequences = ["a", "b"],
            ResponseFormat = ChatResponseFormat.Json,
            ConversationId = "conv",
        }, Ct);

        var span = Assert.Single(telemetry.Activities);
        Assert.Equal("chat gpt-4.1", span.DisplayName);
        Assert.Equal(ActivityKind.Client, span.Kind);
        Assert.Equal("chat", span.GetTagItem("gen_ai.operation.name"));
        Assert.Equal("gpt-4.1", span.GetTagItem("gen_ai.request.model"));
        Assert.Equal("openai", span.GetTagItem("gen_ai.provider.name"));
        Assert.Equal("api.example.test", span.GetTagItem("server.address"));
        Assert.Equal(8443, span.GetTagItem("server.port"));
        Assert.Equal("conv", span.GetTagItem("gen_ai.conversation.id"));
        Assert.Equal(0.5f, span.GetTagItem("gen_ai.request.temperature"));
        Assert.Equal(200, span.GetTagItem("gen_ai.request.max_tokens"));
        Assert.Equal(0.9f, span.GetTagItem("gen_ai.request.top_p"));
        Assert.Equal(40, span.GetTagItem("gen_ai.request.top_k"));
        Assert.Equal(7L, span.GetTagItem("gen_ai.request.seed"));
        Assert.Equal("[\"a\", \"b\"]", span.GetTagItem("gen_ai.request.stop_sequences"));
        Assert.Equal("json", span.GetTagItem("gen_ai.output.type"));
        Assert.Equal("[\"stop\"]", span.GetTagItem("gen_ai.response.finish_reasons"));
        Assert.Equal("resp_1", span.GetTagItem("gen_ai.response.id"));
        Assert.Equal("gpt-4.1-2025", span.GetTagItem("gen_ai.response.model"));
        Assert.Equal(100, span.GetTagItem("gen_ai.usage.input_tokens"));
        Assert.Equal(20, span.GetTagItem("gen_ai.usage.output_tokens"));
        Assert.Equal(60, span.GetTagItem("gen_ai.usage.cache_read.input_tokens"));
        Assert.Equal(8, span.GetTagItem("gen_ai.usage.reasoning.output_tokens"));
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
    }

    [Fact]
    public async Task GetResponseAsync_SensitiveDataOffByDefault_NoContentAttributes()
    {
        using var telemetry = new TelemetryCollector(UniqueSource());
        var otel = new OpenTelemetryChatClient(Model(Answer()), sourceName: telemetry.SourceName);
        var tool = AIFunctionFactory.Create((string city) => city, "get_weather", "Gets the weather");

        await otel.GetResponseAsync("secret question", new ChatOptions
        {
            Instructions = "secret instructions",
            Tools = [tool],
            AdditionalProperties = new() { ["custom_key"] = "custom" },
        }, Ct);

        var span = Assert.Single(telemetry.Activities);
        Assert.False(otel.EnableSensitiveData);
        Assert.Null(span.GetTagItem("gen_ai.input.messages"));
        Assert.Null(span.GetTagItem("gen_ai.output.messages"));
        Assert.Null(span.GetTagItem("gen_ai.system_instructions"));
        Assert.Null(span.GetTagItem("custom_key"));
        Assert.DoesNotContain(span.TagObjects, t => t.Value is string s && s.Contains("secret", StringComparison.Ordinal));
        var definitions = JsonNode.Parse((string)span.GetTagItem("gen_ai.tool.definitions")!)!.AsArray();
        var definition = Assert.Single(definitions)!.AsObject();
        Assert.Equal("function", (string?)definition["type"]);
        Assert.Equal("get_weather", (string?)definition["name"]);
        Assert.False(definition.ContainsKey("description"));
        Assert.False(definition.ContainsKey("parameters"));
    }

    [Fact]
    public async Task GetResponseAsync_SensitiveDataEnabled_RecordsMessagesInstructionsAndToolDetails()
    {
        using var telemetry = new TelemetryCollector(UniqueSource());
        var client = Model(Answer()).AsBuilder()
            .UseOpenTelemetry(sourceName: telemetry.SourceName, configure: c => c.EnableSensitiveData = true)
            .Build();
        var tool = AIFunctionFactory.Create((string city) => city, "get_weather", "Gets the weather");

        await client.GetResponseAsync(
            [new ChatMessage(ChatRole.System, "be brief"), new ChatMessage(ChatRole.User, "weather in Paris?")],
            new ChatOptions { Instructions = "answer in French", Tools = [tool], AdditionalProperties = new() { ["custom_key"] = "custom" } },
            Ct);

        var span = Assert.Single(telemetry.Activities);
        var input = JsonNode.Parse((string)span.GetTagItem("gen_ai.input.messages")!)!.AsArray();
        Assert.Equal("system", (string?)input[0]!["role"]);
        Assert.Equal("user", (string?)input[1]!["role"]);
        Assert.Equal("text", (string?)input[1]!["parts"]![0]!["type"]);
        Assert.Equal("weather in Paris?", (string?)input[1]!["parts"]![0]!["content"]);

        var output = JsonNode.Parse((string)span.GetTagItem("gen_ai.output.messages")!)!.AsArray();
        Assert.Equal("assistant", (string?)output[0]!["role"]);
        Assert.Equal("stop", (string?)output[0]!["finish_reason"]);
        Assert.Equal("Paris is sunny", (string?)output[0]!["parts"]![0]!["content"]);

        var instructions = JsonNode.Parse((string)span.GetTagItem("gen_ai.system_instructions")!)!.AsArray();
        Assert.Equal("answer in French", (string?)instructions[0]!["content"]);
        Assert.Equal("custom", span.GetTagItem("custom_key"));
        var definition = JsonNode.Parse((string)span.GetTagItem("gen_ai.tool.definitions")!)![0]!;
        Assert.Equal("Gets the weather", (string?)definition["description"]);
        Assert.Equal("object", (string?)definition["parameters"]!["type"]);
    }

    [Fact]
    public async Task GetResponseAsync_InnerThrows_SpanHasErrorStatusAndDurationHasErrorType()
    {
        using var telemetry = new TelemetryCollector(UniqueSource());
        var logs = new CollectingLoggerFactory(LogLevel.Information);
        var inner = new FakeChatClient { GetResponseAsyncCallback = (_, _, _) => throw new TimeoutException("provider timed out") };
        var client = inner.AsBuilder().UseOpenTelemetry(logs, telemetry.SourceName).Build();

        await Assert.ThrowsAsync<TimeoutException>(() => client.GetResponseAsync("hi", cancellationToken: Ct));

        var span = Assert.Single(telemetry.Activities);
        Assert.Equal("chat", span.DisplayName);
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal("provider timed out", span.StatusDescription);
        Assert.Equal(typeof(TimeoutException).FullName, span.GetTagItem("error.type"));

        var duration = Assert.Single(telemetry.CollectMetrics(), m => m.Name == "gen_ai.client.operation.duration");
        Assert.Equal(typeof(TimeoutException).FullName, Assert.Single(duration.Points).Tags["error.type"]);

        var warning = Assert.Single(logs.Entries);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Equal("gen_ai.client.operation.exception", warning.EventId.Name);
        Assert.IsType<TimeoutException>(warning.Exception);
    }

    [Fact]
    public async Task GetResponseAsync_Metrics_RecordDurationAndTokenUsageWithTagsUnitsAndBuckets()
    {
        using var telemetry = new TelemetryCollector(UniqueSource());
        var client = Model(Answer()).AsBuilder().UseOpenTelemetry(sourceName: telemetry.SourceName).Build();

        await client.GetResponseAsync("hi", cancellationToken: Ct);
        var metrics = telemetry.CollectMetrics();

        var duration = Assert.Single(metrics, m => m.Name == "gen_ai.client.operation.duration");
        Assert.Equal("s", duration.Unit);
        Assert.Equal("Measures the duration of a GenAI operation", duration.Description);
        var durationPoint = Assert.Single(duration.Points);
        Assert.Equal(1, durationPoint.Count);
        Assert.Equal([.. SecondsBuckets, double.PositiveInfinity], durationPoint.Bounds);
        Assert.Equal("chat", durationPoint.Tags["gen_ai.operation.name"]);
        Assert.Equal("gpt-4.1", durationPoint.Tags["gen_ai.request.model"]);
        Assert.Equal("openai", durationPoint.Tags["gen_ai.provider.name"]);
        Assert.Equal("api.example.test", durationPoint.Tags["server.address"]);
        Assert.Equal(8443, Convert.ToInt32(durationPoint.Tags["server.port"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("gpt-4.1-2025", durationPoint.Tags["gen_ai.response.model"]);

        var tokens = Assert.Single(metrics, m => m.Name == "gen_ai.client.token.usage");
        Assert.Equal("{token}", tokens.Unit);
        Assert.Equal("Measures number of input and output tokens used", tokens.Description);
        Assert.Equal(2, tokens.Points.Count);
        var input = Assert.Single(tokens.Points, p => (string?)p.Tags["gen_ai.token.type"] == "input");
        var output = Assert.Single(tokens.Points, p => (string?)p.Tags["gen_ai.token.type"] == "output");
        Assert.Equal(100, input.Sum);
        Assert.Equal(20, output.Sum);
        Assert.Equal([.. TokenBuckets, double.PositiveInfinity], input.Bounds);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_RecordsStreamFlagChunkMetricsAndUsage()
    {
        using var telemetry = new TelemetryCollector(UniqueSource());
        var inner = new FakeChatClient
        {
            GetStreamingResponseAsyncCallback = (_, _, ct) => FakeChatClient.Stream(
            [
                new(ChatRole.Assistant, "Hel") { ModelId = "m-2025", ResponseId = "r1" },
                new(ChatRole.Assistant, "lo") { ModelId = "m-2025", ResponseId = "r1" },
                new(null, [new UsageContent(new UsageDetails { InputTokenCount = 7, OutputTokenCount = 2 })]) { FinishReason = ChatFinishReason.Length, ResponseId = "r1" },
            ], ct),
        };
        var client = inner.AsBuilder().UseOpenTelemetry(sourceName: telemetry.SourceName).Build();

        var text = "";
        await foreach (var update in client.GetStreamingResponseAsync("hi", new ChatOptions { ModelId = "m" }, Ct))
        {
            text += update.Text;
        }

        Assert.Equal("Hello", text);
        var span = Assert.Single(telemetry.Activities);
        Assert.Equal("chat m", span.DisplayName);
        Assert.Equal(true, span.GetTagItem("gen_ai.request.stream"));
        Assert.Equal("[\"length\"]", span.GetTagItem("gen_ai.response.finish_reasons"));
        Assert.Equal(7, span.GetTagItem("gen_ai.usage.input_tokens"));
        Assert.IsType<double>(span.GetTagItem("gen_ai.response.time_to_first_chunk"));

        var metrics = telemetry.CollectMetrics();
        Assert.Equal(1, Assert.Single(Assert.Single(metrics, m => m.Name == "gen_ai.client.operation.time_to_first_chunk").Points).Count);
        Assert.Equal(2, Assert.Single(metrics, m => m.Name == "gen_ai.client.operation.time_per_output_chunk").Points.Sum(p => p.Count));
        Assert.Equal(9, Assert.Single(metrics, m => m.Name == "gen_ai.client.token.usage").Points.Sum(p => p.Sum));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_NoListener_CallsInnerOnlyWhenEnumeratedAndPassesEveryUpdate()
    {
        var calls = 0;
        ChatResponseUpdate[] updates =
        [
            new(ChatRole.Assistant, "Hel") { ModelId = "m-2025" },
            new(null, [new UsageContent(new UsageDetails { InputTokenCount = 7, OutputTokenCount = 2 })]) { FinishReason = ChatFinishReason.Stop },
        ];
        var inner = new FakeChatClient
        {
            GetStreamingResponseAsyncCallback = (_, _, ct) =>
            {
                calls++;
                return FakeChatClient.Stream(updates, ct);
            },
        };
        using var client = new OpenTelemetryChatClient(inner, sourceName: UniqueSource());

        var stream = client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hi")], null, Ct);
        Assert.Equal(0, calls);
        var received = new List<ChatResponseUpdate>();
        await foreach (var update in stream)
        {
            received.Add(update);
        }

        Assert.Equal(1, calls);
        Assert.Equal(updates, received);
        Assert.True(client.JsonSerializerOptions.IsReadOnly);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_OnlyDurationListened_TagsTheLastStreamedResponseModel()
    {
        var source = UniqueSource();
        var tags = new List<KeyValuePair<string, object?>>();
        using var listener = new System.Diagnostics.Metrics.MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == source && instrument.Name == "gen_ai.client.operation.duration")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((_, _, measurementTags, _) => tags.AddRange(measurementTags.ToArray()));
        listener.Start();
        var inner = new FakeChatClient
        {
            GetStreamingResponseAsyncCallback = (_, _, ct) => FakeChatClient.Stream(
            [
                new(ChatRole.Assistant, "Hel") { ModelId = "m-first" },
                new(ChatRole.Assistant, "lo"),
                new(ChatRole.Assistant, "!") { ModelId = "m-last" },
            ], ct),
        };
        using var client = new OpenTelemetryChatClient(inner, sourceName: source);

        await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hi")], new ChatOptions { ModelId = "m" }, Ct))
        {
            Assert.NotNull(update);
        }

        Assert.Contains(new KeyValuePair<string, object?>("gen_ai.response.model", "m-last"), tags);
        Assert.Contains(new KeyValuePair<string, object?>("gen_ai.request.model", "m"), tags);
    }

    [Fact]
    public async Task UseFunctionInvocationThenOpenTelemetry_EmitsChatToolAndOrchestrationSpans()
    {
        using var telemetry = new TelemetryCollector(UniqueSource());
        var responses = new Queue<ChatResponse>(
        [
            new(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("call_1", "get_weather", new Dictionary<string, object?> { ["city"] = "Paris" })]))
            {
                Usage = new UsageDetails { InputTokenCount = 10, OutputTokenCount = 3 },
                FinishReason = ChatFinishReason.ToolCalls,
            },
            new(new ChatMessage(ChatRole.Assistant, "Sunny")) { Usage = new UsageDetails { InputTokenCount = 15, OutputTokenCount = 1 }, FinishReason = ChatFinishReason.Stop },
        ]);
        var inner = new FakeChatClient
        {
            Metadata = new ChatClientMetadata(null, null, "fake-model"),
            GetResponseAsyncCallback = (_, _, _) => Task.FromResult(responses.Dequeue()),
        };
        var client = inner.AsBuilder().UseFunctionInvocation().UseOpenTelemetry(sourceName: telemetry.SourceName).Build();
        var weather = AIFunctionFactory.Create((string city) => "sunny", "get_weather", "Gets the weather");

        await client.GetResponseAsync("weather?", new ChatOptions { Tools = [weather] }, Ct);

        var spans = telemetry.Activities;
        Assert.Equal(["chat fake-model", "execute_tool get_weather", "chat fake-model", "orchestrate_tools"], spans.Select(s => s.DisplayName));
        var tool = spans[1];
        Assert.Equal(ActivityKind.Internal, tool.Kind);
        Assert.Equal("execute_tool", tool.GetTagItem("gen_ai.operation.name"));
        Assert.Equal("function", tool.GetTagItem("gen_ai.tool.type"));
        Assert.Equal("call_1", tool.GetTagItem("gen_ai.tool.call.id"));
        Assert.Equal("get_weather", tool.GetTagItem("gen_ai.tool.name"));
        Assert.Equal("Gets the weather", tool.GetTagItem("gen_ai.tool.description"));
        Assert.Null(tool.GetTagItem("gen_ai.tool.call.arguments"));
        Assert.Null(tool.GetTagItem("gen_ai.tool.call.result"));
        Assert.Equal("[\"tool_calls\"]", spans[0].GetTagItem("gen_ai.response.finish_reasons"));
        Assert.Equal("[\"stop\"]", spans[2].GetTagItem("gen_ai.response.finish_reasons"));

        var orchestrate = spans[3];
        Assert.Equal(ActivityKind.Internal, orchestrate.Kind);
        Assert.Equal(25, orchestrate.GetTagItem("gen_ai.usage.input_tokens"));
        Assert.Equal(4, orchestrate.GetTagItem("gen_ai.usage.output_tokens"));
        Assert.All(spans.Take(3), s => Assert.Equal(orchestrate.SpanId, s.ParentSpanId));
    }

    [Fact]
    public async Task ToolSpan_SensitiveDataEnabled_RecordsArgumentsAndResultAndErrorStatus()
    {
        using var telemetry = new TelemetryCollector(UniqueSource());
        var responses = new Queue<ChatResponse>(
        [
            new(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("c1", "ok", new Dictionary<string, object?> { ["x"] = "in" }), new FunctionCallContent("c2", "bad")])),
            new(new ChatMessage(ChatRole.Assistant, "done")),
        ]);
        var inner = new FakeChatClient { GetResponseAsyncCallback = (_, _, _) => Task.FromResult(responses.Dequeue()) };
        var client = inner.AsBuilder()
            .UseFunctionInvocation()
            .UseOpenTelemetry(sourceName: telemetry.SourceName, configure: c => c.EnableSensitiveData = true)
            .Build();

        await client.GetResponseAsync("go", new ChatOptions
        {
            Tools = [AIFunctionFactory.Create((string x) => "out-" + x, "ok"), AIFunctionFactory.Create(new Func<string>(() => throw new ArgumentException("nope")), "bad")],
        }, Ct);

        var ok = Assert.Single(telemetry.Activities, a => a.DisplayName == "execute_tool ok");
        Assert.Equal("in", (string?)JsonNode.Parse((string)ok.GetTagItem("gen_ai.tool.call.arguments")!)!["x"]);
        Assert.Contains("out-in", (string)ok.GetTagItem("gen_ai.tool.call.result")!, StringComparison.Ordinal);

        var bad = Assert.Single(telemetry.Activities, a => a.DisplayName == "execute_tool bad");
        Assert.Equal(ActivityStatusCode.Error, bad.Status);
        Assert.Equal(typeof(ArgumentException).FullName, bad.GetTagItem("error.type"));
    }

    [Fact]
    public async Task InsideInvokeAgentSpan_ToolSpansUseAgentSourceAndNoOrchestrationSpan()
    {
        var agentSourceName = UniqueSource();
        using var telemetry = new TelemetryCollector(UniqueSource(), agentSourceName);
        using var agentSource = new ActivitySource(agentSourceName);
        var responses = new Queue<ChatResponse>(
        [
            new(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("c1", "f", new Dictionary<string, object?> { ["x"] = "1" })])),
            new(new ChatMessage(ChatRole.Assistant, "done")),
        ]);
        var inner = new FakeChatClient { GetResponseAsyncCallback = (_, _, _) => Task.FromResult(responses.Dequeue()) };
        var client = inner.AsBuilder().UseFunctionInvocation().UseOpenTelemetry(sourceName: telemetry.SourceName).Build();

        using (var agent = agentSource.StartActivity("invoke_agent Planner"))
        {
            Assert.NotNull(agent);
            agent.SetCustomProperty("__EnableSensitiveData__", "true");
            await client.GetResponseAsync("go", new ChatOptions { Tools = [AIFunctionFactory.Create((string x) => "r" + x, "f")] }, Ct);
        }

        var spans = telemetry.Activities;
        Assert.DoesNotContain(spans, s => s.DisplayName == "orchestrate_tools");
        var tool = Assert.Single(spans, s => s.DisplayName == "execute_tool f");
        Assert.Equal(agentSourceName, tool.Source.Name);
        Assert.NotNull(tool.GetTagItem("gen_ai.tool.call.arguments"));
    }

    [Fact]
    public void Constructor_DefaultSourceName_IsExperimentalMicrosoftExtensionsAI()
    {
        using var client = new OpenTelemetryChatClient(new FakeChatClient());

        var source = client.GetService<ActivitySource>();

        Assert.NotNull(source);
        Assert.Equal("Experimental.Microsoft.Extensions.AI", source.Name);
        Assert.Null(client.GetService<ActivitySource>("key"));
    }

    [Fact]
    public void JsonSerializerOptions_Null_Throws()
    {
        using var client = new OpenTelemetryChatClient(new FakeChatClient());

        Assert.Throws<ArgumentNullException>(() => client.JsonSerializerOptions = null!);
    }
}
