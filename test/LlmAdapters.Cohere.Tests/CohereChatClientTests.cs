using System.Text.Json;
using System.Text.Json.Nodes;
using LlmAdapters.Testing;
using LlmAdapters.Testing.Dialects.Cohere;
using Microsoft.Extensions.AI;
using static LlmAdapters.Cohere.Tests.TestSupport.CohereTestSupport;

namespace LlmAdapters.Cohere.Tests;

/// <summary>Every chat path across HTTP, against the emulator's Cohere dialect.</summary>
public sealed class CohereChatClientTests : IAsyncLifetime
{
    private const string Citation = """{"start":0,"end":5,"text":"Paris","type":"TEXT_CONTENT","sources":[{"type":"document","id":"doc:0","document":{"id":"doc:0","text":"Paris is the capital.","title":"capitals.txt"}}]}""";

    private ProviderEmulator _emulator = null!;

    public async ValueTask InitializeAsync() => _emulator = await ProviderEmulator.StartAsync(Ct);

    public async ValueTask DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public async Task GetResponseAsync_Text_SendsBearerToV2ChatAndReadsTheAnswer()
    {
        _emulator.Enqueue(ScriptedReply.Text("Paris.").WithUsage(507, 10, cachedInput: 448).WithProperty(CohereDialect.BilledInputTokensProperty, 12).WithProperty(CohereDialect.BilledOutputTokensProperty, 7));
        using var client = Client(_emulator);

        var response = await client.GetResponseAsync("Capital of France?", new ChatOptions { Temperature = 0.2f }, Ct);

        var request = _emulator.LastRequest;
        Assert.Equal(("POST", "/v2/chat", $"Bearer {Key}"), (request.Method, request.Path, request.Header("Authorization")));
        AssertJson("""{"model":"command-a-03-2025","messages":[{"role":"user","content":"Capital of France?"}],"temperature":0.2}""", request.Json);
        Assert.Equal("Paris.", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal("command-a-03-2025", response.ModelId);
        Assert.Equal((507L, 10L, 448L), (response.Usage!.InputTokenCount!.Value, response.Usage.OutputTokenCount!.Value, response.Usage.CachedInputTokenCount!.Value));
        Assert.Equal((12L, 7L), (response.Usage.AdditionalCounts![AdditionalPropertyKeys.BilledInputTokens], response.Usage.AdditionalCounts[AdditionalPropertyKeys.BilledOutputTokens]));
        Assert.Equal("cohere", response.AdditionalProperties![AdditionalPropertyKeys.OriginProvider]);
    }

    [Fact]
    public async Task GetResponseAsync_TraceHeader_IsTheRequestId()
    {
        _emulator.Enqueue(ScriptedReply.Text("ok").WithHeader("x-debug-trace-id", "trace-123"));
        using var client = Client(_emulator);

        var response = await client.GetResponseAsync("hi", null, Ct);

        Assert.Equal("trace-123", response.AdditionalProperties![AdditionalPropertyKeys.RequestId]);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_Text_StreamsDeltasAndEndsWithUsage()
    {
        _emulator.Enqueue(ScriptedReply.Text("The quick brown fox.").WithUsage(20, 5).InChunks(4));
        using var client = Client(_emulator);

        var updates = await CollectAsync(client.GetStreamingResponseAsync("Tell me", null, Ct));

        Assert.True(_emulator.LastRequest.Json!["stream"]!.GetValue<bool>());
        Assert.Equal(["The q", "uick ", "brown", " fox."], updates.Where(u => u.Text.Length > 0).Select(u => u.Text));
        var usage = Assert.IsType<UsageContent>(updates[^1].Contents.Single());
        Assert.Equal((20L, 5L), (usage.Details.InputTokenCount!.Value, usage.Details.OutputTokenCount!.Value));
        Assert.Equal(ChatFinishReason.Stop, updates[^1].FinishReason);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ToolPlanAndCall_PlanStreamsAsReasoningAndCallArrivesWhole()
    {
        var reply = ScriptedReply.ToolCalls(("weather_1", "get_weather", """{"city":"Paris"}""")).WithProperty(CohereDialect.ToolPlanProperty, "I will look up the weather.").InChunks(3);
        _emulator.Enqueue(reply);
        using var client = Client(_emulator);

        var updates = await CollectAsync(client.GetStreamingResponseAsync("Weather?", null, Ct));
        var response = updates.ToChatResponse();

        var plan = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<TextReasoningContent>());
        Assert.Equal("I will look up the weather.", plan.Text);
        Assert.Equal(true, plan.AdditionalProperties![CoherePropertyKeys.ToolPlan]);
        Assert.Equal(3, updates.Count(u => u.Contents.Any(c => c is TextReasoningContent)));
        var call = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Equal(("weather_1", "get_weather", "Paris"), (call.CallId, call.Name, ((JsonElement)call.Arguments!["city"]!).GetString()));
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
    }

    [Fact]
    public async Task GetResponseAsync_ToolRoundTrip_SendsPlanCallsAndDocumentResultBack()
    {
        _emulator.Enqueue(ScriptedReply.ToolCalls(("weather_1", "get_weather", """{"city":"Paris"}""")).WithProperty(CohereDialect.ToolPlanProperty, "Look it up."));
        _emulator.Enqueue(ScriptedReply.Text("Sunny."));
        using var client = Client(_emulator);
        List<ChatMessage> history = [new(ChatRole.User, "Weather in Paris?")];

        var first = await client.GetResponseAsync(history, null, Ct);
        history.AddRange(first.Messages);
        history.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent("weather_1", new Dictionary<string, object?> { ["sky"] = "clear" })]));
        var second = await client.GetResponseAsync(history, null, Ct);

        AssertJson(
            """
            [{"role":"user","content":"Weather in Paris?"},
             {"role":"assistant","tool_plan":"Look it up.","tool_calls":[{"id":"weather_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]},
             {"role":"tool","tool_call_id":"weather_1","content":[{"type":"document","document":{"data":"{\"sky\":\"clear\"}"}}]}]
            """,
            _emulator.LastRequest.Json!["messages"]);
        Assert.Equal("Sunny.", second.Text);
    }

    [Fact]
    public async Task BothPaths_DocumentsAndCitations_SendDocumentsAndAnnotateTheAnswer()
    {
        var options = new ChatOptions { AdditionalProperties = new() { [CoherePropertyKeys.Documents] = new[] { new Dictionary<string, string> { ["title"] = "capitals.txt", ["text"] = "Paris is the capital." } } } };
        ScriptedReply Reply() => new ScriptedReply { Parts = { CitedText() } }.InChunks(3);
        _emulator.Enqueue(Reply(), Reply());
        using var client = Client(_emulator);

        var whole = await client.GetResponseAsync("Capital?", options, Ct);
        var streamed = (await CollectAsync(client.GetStreamingResponseAsync("Capital?", options, Ct))).ToChatResponse();

        AssertJson("""[{"data":{"title":"capitals.txt","text":"Paris is the capital."}}]""", _emulator.LastRequest.Json!["documents"]);
        foreach (var response in new[] { whole, streamed })
        {
            Assert.Equal("Paris is the capital of France.", response.Text);
            var citation = Assert.IsType<CitationAnnotation>(Assert.Single(response.Messages.SelectMany(m => m.Contents).SelectMany(c => c.Annotations ?? [])));
            Assert.Equal(("Paris", "capitals.txt"), (citation.Snippet, citation.Title));
            Assert.Equal(["doc:0"], (string[])citation.AdditionalProperties![CoherePropertyKeys.CitationSourceIds]!);
        }

        static ScriptedPart CitedText()
        {
            var part = new ScriptedPart { Kind = ScriptedPartKind.Text, Text = "Paris is the capital of France." };
            part.Properties[CohereDialect.CitationsProperty] = new[] { Citation };
            return part;
        }
    }

    [Fact]
    public async Task BothPaths_Thinking_ArrivesAsReasoningBeforeTheAnswer()
    {
        _emulator.Enqueue(ScriptedReply.Text("Paris.").WithReasoning("The capital of France."));
        _emulator.Enqueue(new ScriptedReply().WithReasoning("The capital of France.").WithText("Paris.").InChunks(2));
        using var client = Client(_emulator);
        var options = new ChatOptions { Reasoning = new ReasoningOptions { Effort = ReasoningEffort.Medium } };

        var whole = await client.GetResponseAsync("Capital?", options, Ct);
        var streamed = (await CollectAsync(client.GetStreamingResponseAsync("Capital?", options, Ct))).ToChatResponse();

        AssertJson("""{"type":"enabled"}""", _emulator.LastRequest.Json!["thinking"]);
        Assert.Equal("The capital of France.", Assert.Single(whole.Messages[0].Contents.OfType<TextReasoningContent>()).Text);
        Assert.Equal("The capital of France.", string.Concat(streamed.Messages.SelectMany(m => m.Contents).OfType<TextReasoningContent>().Select(r => r.Text)));
        Assert.Equal(("Paris.", "Paris."), (whole.Text, streamed.Text));
    }

    [Fact]
    public async Task GetResponseAsync_MaxTokens_FinishesWithLength()
    {
        _emulator.Enqueue(ScriptedReply.Text("Once upon").WithFinishReason("MAX_TOKENS"));
        using var client = Client(_emulator);

        var response = await client.GetResponseAsync("Story", new ChatOptions { MaxOutputTokens = 2 }, Ct);

        Assert.Equal(2, _emulator.LastRequest.Json!["max_tokens"]!.GetValue<int>());
        Assert.Equal(ChatFinishReason.Length, response.FinishReason);
    }

    [Fact]
    public async Task GetResponseAsync_RawRepresentationFactory_CallerFieldsWin()
    {
        _emulator.Enqueue(ScriptedReply.Text("ok"));
        using var client = Client(_emulator);
        var options = new ChatOptions
        {
            Temperature = 0.9f,
            MaxOutputTokens = 100,
            RawRepresentationFactory = _ => new JsonObject { ["temperature"] = 0.1, ["safety_mode"] = "OFF" },
        };

        await client.GetResponseAsync("hi", options, Ct);

        var body = _emulator.LastRequest.Json!;
        Assert.Equal((0.1, "OFF", 100), (body["temperature"]!.GetValue<double>(), body["safety_mode"]!.GetValue<string>(), body["max_tokens"]!.GetValue<int>()));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ServerAnswersWithJson_ReplaysTheWholeResponse()
    {
        _emulator.Enqueue(ScriptedReply.Raw(200, """{"id":"w1","finish_reason":"COMPLETE","message":{"role":"assistant","content":[{"type":"text","text":"Whole."}]},"usage":{"tokens":{"input_tokens":1,"output_tokens":2}}}"""));
        using var client = Client(_emulator);

        var response = (await CollectAsync(client.GetStreamingResponseAsync("hi", null, Ct))).ToChatResponse();

        Assert.Equal(("Whole.", "w1", 3L), (response.Text, response.ResponseId, response.Usage!.TotalTokenCount!.Value));
    }

    [Fact]
    public async Task GetResponseAsync_ExtraHeaders_AreSentWithEveryRequest()
    {
        _emulator.Enqueue(ScriptedReply.Text("ok"));
        using var client = Client(_emulator, o => o.Headers["X-Client-Name"] = "my-app");

        await client.GetResponseAsync("hi", null, Ct);

        Assert.Equal("my-app", _emulator.LastRequest.Header("X-Client-Name"));
    }

    [Fact]
    public async Task GetResponseAsync_NoModel_ThrowsArgumentExceptionBeforeSending()
    {
        using var client = Client(_emulator, o => o.DefaultModelId = null);

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => client.GetResponseAsync("hi", null, Ct));

        Assert.Equal("options", ex.ParamName);
        Assert.Contains("CohereOptions.DefaultModelId", ex.Message, StringComparison.Ordinal);
        Assert.Empty(_emulator.Requests);
    }

    [Fact]
    public void GetService_OptionsAndMetadata_ReturnTheOptionsAndTheEndpoint()
    {
        var options = new CohereOptions { Endpoint = new Uri("https://cohere.example/base"), ApiKey = Key };
        using var client = new CohereChatClient(options);

        Assert.Same(options, client.GetService<CohereOptions>());
        Assert.Equal(PromptCachingStyle.None, Assert.IsType<PromptCachingStyle>(client.GetService(typeof(PromptCachingStyle))));
        Assert.Equal(new Uri("https://cohere.example/base/"), client.GetService<ChatClientMetadata>()!.ProviderUri);
    }
}
