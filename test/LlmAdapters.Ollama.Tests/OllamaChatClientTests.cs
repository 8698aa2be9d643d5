using System.Text.Json;
using System.Text.Json.Nodes;
using LlmAdapters.Testing;
using LlmAdapters.Testing.Dialects.Ollama;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Ollama.Tests;

public sealed class OllamaChatClientTests
{
    private static readonly ChatMessage[] Hi = [new(ChatRole.User, "Hi")];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ChatOptions WeatherTool => new()
    {
        Tools = [AIFunctionFactory.CreateDeclaration("get_weather", "Gets the weather.", JsonDocument.Parse("""{"type":"object","properties":{"city":{"type":"string"}}}""").RootElement)],
    };

    [Fact]
    public async Task GetResponseAsync_Text_PostsToApiChatWithStreamFalseAndNoKey()
    {
        await using var harness = await OllamaHarness.StartAsync();
        using var client = harness.Client();
        harness.Emulator.Enqueue(ScriptedReply.Text("Hello there.").WithUsage(7, 3));

        var response = await client.GetResponseAsync(Hi, cancellationToken: Ct);

        var request = harness.Emulator.LastRequest;
        Assert.Equal(("POST", "/api/chat"), (request.Method, request.Path));
        Assert.Null(request.Header("Authorization"));
        Json.Equal("""{"model":"llama3.2","messages":[{"role":"user","content":"Hi"}],"stream":false}""", request.Json);
        Assert.Equal("Hello there.", response.Text);
        Assert.Equal(("llama3.2", 7L, 3L), (response.ModelId, response.Usage!.InputTokenCount!.Value, response.Usage.OutputTokenCount!.Value));
        Assert.Equal(TimeSpan.FromTicks(1822423), response.AdditionalProperties![OllamaPropertyKeys.TotalDuration]);
        Assert.Equal(TimeSpan.FromTicks(412951), response.AdditionalProperties[OllamaPropertyKeys.LoadDuration]);
        Assert.Equal("ollama", response.Messages[0].AdditionalProperties![AdditionalPropertyKeys.OriginProvider]);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ThinkingThenText_YieldsReasoningThenTextThenUsage()
    {
        await using var harness = await OllamaHarness.StartAsync();
        using var client = harness.Client("qwen3:8b");
        harness.Emulator.Enqueue(ScriptedReply.Text("Four.").WithReasoning("Two plus two.").InChunks(2).WithUsage(20, 9));
        var options = new ChatOptions { Reasoning = new ReasoningOptions { Effort = ReasoningEffort.Medium } };

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync(Hi, options, Ct))
        {
            updates.Add(update);
        }

        Assert.Equal(JsonValueKind.True, harness.Emulator.LastRequest.Json!["think"]!.GetValueKind());
        Assert.Equal(JsonValueKind.True, harness.Emulator.LastRequest.Json!["stream"]!.GetValueKind());
        var response = updates.ToChatResponse();
        var contents = Assert.Single(response.Messages).Contents;
        Assert.Equal("Four.", response.Text);
        Assert.Equal("Two plus two.", Assert.IsType<TextReasoningContent>(contents[1]).Text);
        Assert.Equal(4, updates.Count(u => u.Contents.OfType<TextReasoningContent>().Any() || u.Text.Length > 0));
        Assert.Equal((20L, 9L), (response.Usage!.InputTokenCount!.Value, response.Usage.OutputTokenCount!.Value));
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(TimeSpan.FromTicks(1159590), updates[^1].AdditionalProperties![OllamaPropertyKeys.EvalDuration]);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ReasoningOnGptOss_SendsTheLevel()
    {
        await using var harness = await OllamaHarness.StartAsync();
        using var client = harness.Client("gpt-oss:20b");
        var options = new ChatOptions { Reasoning = new ReasoningOptions { Effort = ReasoningEffort.High } };

        await foreach (var update in client.GetStreamingResponseAsync(Hi, options, Ct))
        {
        }

        Assert.Equal("high", harness.Emulator.LastRequest.Json!["think"]!.GetValue<string>());
    }

    [Fact]
    public async Task BothPaths_ToolCallsWithoutIds_GetTheSameMadeUpIds()
    {
        await using var harness = await OllamaHarness.StartAsync();
        using var client = harness.Client();
        ScriptedReply Calls() => ScriptedReply.ToolCalls(("", "get_weather", """{"city":"Toronto"}"""), ("", "get_weather", """{"city":"Paris"}"""))
            .WithProperty(OllamaDialect.OmitToolCallIdsProperty, true);
        harness.Emulator.Enqueue(Calls(), Calls());

        var whole = await client.GetResponseAsync(Hi, WeatherTool, Ct);
        var streamed = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync(Hi, WeatherTool, Ct))
        {
            streamed.Add(update);
        }

        var wholeIds = whole.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Select(c => c.CallId).ToList();
        var streamedIds = streamed.SelectMany(u => u.Contents).OfType<FunctionCallContent>().Select(c => c.CallId).ToList();
        Assert.Equal(2, wholeIds.Distinct().Count());
        Assert.All(wholeIds, id => Assert.Matches("^ocall_[01]_[0-9a-f]{8}$", id));
        Assert.Equal(wholeIds, streamedIds);
        Assert.Equal(ChatFinishReason.ToolCalls, whole.FinishReason);
        Assert.Equal(ChatFinishReason.ToolCalls, streamed.ToChatResponse().FinishReason);
    }

    [Fact]
    public async Task GetResponseAsync_FunctionInvocationRoundTrip_SendsResultsAsToolMessagesWithToolName()
    {
        await using var harness = await OllamaHarness.StartAsync();
        using var inner = harness.Client();
        using var client = inner.AsBuilder().UseFunctionInvocation().Build();
        harness.Emulator.Enqueue(
            ScriptedReply.ToolCalls(("", "get_weather", """{"city":"Toronto"}""")).WithProperty(OllamaDialect.OmitToolCallIdsProperty, true),
            ScriptedReply.Text("It is 11 degrees in Toronto."));
        var options = new ChatOptions { Tools = [AIFunctionFactory.Create((string city) => $"11 degrees in {city}", "get_weather")] };

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "Weather in Toronto?")], options, Ct);

        Assert.Equal("It is 11 degrees in Toronto.", response.Text);
        var messages = (JsonArray)harness.Emulator.Requests[1].Json!["messages"]!;
        var id = messages[1]!["tool_calls"]![0]!["id"]!.GetValue<string>();
        Assert.StartsWith("ocall_0_", id, StringComparison.Ordinal);
        Json.Equal(
            """
            [
              {"role":"user","content":"Weather in Toronto?"},
              {"role":"assistant","content":"","tool_calls":[{"id":"CALL_ID","function":{"name":"get_weather","arguments":{"city":"Toronto"}}}]},
              {"role":"tool","content":"11 degrees in Toronto","tool_name":"get_weather","tool_call_id":"CALL_ID"}
            ]
            """.Replace("CALL_ID", id, StringComparison.Ordinal),
            messages);
    }

    [Fact]
    public async Task GetResponseAsync_ApiKey_SentAsBearer()
    {
        await using var harness = await OllamaHarness.StartAsync(expectedKey: "hosted-key-123");
        using var client = harness.Client(key: "hosted-key-123");

        await client.GetResponseAsync(Hi, cancellationToken: Ct);

        Assert.Equal("Bearer hosted-key-123", harness.Emulator.LastRequest.Header("Authorization"));
    }

    [Fact]
    public async Task GetResponseAsync_WrongKeyOnHostedServer_ThrowsAuthenticationWithoutTheKey()
    {
        await using var harness = await OllamaHarness.StartAsync(expectedKey: "hosted-key-123");
        using var client = harness.Client(key: "wrong-key-456");

        var ex = await Assert.ThrowsAsync<ProviderAuthenticationException>(() => client.GetResponseAsync(Hi, cancellationToken: Ct));

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, ex.StatusCode);
        Assert.DoesNotContain("wrong-key-456", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_Headers_AreSent()
    {
        await using var harness = await OllamaHarness.StartAsync();
        var options = harness.Options();
        options.Headers["X-Gateway"] = "team-a";
        using var client = new OllamaChatClient(options);

        await client.GetResponseAsync(Hi, cancellationToken: Ct);

        Assert.Equal("team-a", harness.Emulator.LastRequest.Header("X-Gateway"));
    }

    [Fact]
    public async Task GetResponseAsync_EndpointOfTheOpenAICompatibleApi_UsesTheNativeApiBesideIt()
    {
        await using var harness = await OllamaHarness.StartAsync();
        using var client = new OllamaChatClient(new OllamaOptions { Endpoint = harness.Emulator.Url("v1/"), DefaultModelId = "llama3.2" });

        await client.GetResponseAsync(Hi, cancellationToken: Ct);

        Assert.Equal("/api/chat", harness.Emulator.LastRequest.Path);
    }

    [Fact]
    public async Task GetResponseAsync_RawRepresentationFactory_MergesOptionsFieldByField()
    {
        await using var harness = await OllamaHarness.StartAsync();
        using var client = harness.Client();
        var options = new ChatOptions
        {
            Temperature = 0.5f,
            AdditionalProperties = new() { [OllamaPropertyKeys.NumCtx] = 4096 },
            RawRepresentationFactory = _ => new JsonObject { ["options"] = new JsonObject { ["mirostat"] = 2, ["temperature"] = 0.1 } },
        };

        await client.GetResponseAsync(Hi, options, Ct);

        Json.Equal("""{"mirostat":2,"temperature":0.1,"num_ctx":4096}""", harness.Emulator.LastRequest.Json!["options"]);
    }

    [Fact]
    public async Task GetResponseAsync_NoModel_ThrowsArgumentExceptionBeforeAnyRequest()
    {
        await using var harness = await OllamaHarness.StartAsync();
        using var client = new OllamaChatClient(new OllamaOptions { Endpoint = harness.Emulator.BaseAddress });

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => client.GetResponseAsync(Hi, cancellationToken: Ct));

        Assert.Equal("options", ex.ParamName);
        Assert.Contains("OllamaOptions.DefaultModelId", ex.Message, StringComparison.Ordinal);
        Assert.Empty(harness.Emulator.Requests);
    }

    [Fact]
    public async Task GetService_ModelServiceOptionsAndMetadata_AreReachable()
    {
        await using var harness = await OllamaHarness.StartAsync();
        var options = harness.Options();
        using var client = new OllamaChatClient(options);

        Assert.Same(client.Models, client.GetService<OllamaModelService>());
        Assert.Same(options, client.GetService<OllamaOptions>());
        Assert.Equal(PromptCachingStyle.None, Assert.IsType<PromptCachingStyle>(client.GetService(typeof(PromptCachingStyle))));
        Assert.Null(client.GetService<IContextCacheService>());
        var metadata = client.GetService<ChatClientMetadata>()!;
        Assert.Equal(("ollama", harness.Emulator.BaseAddress, "llama3.2"), (metadata.ProviderName, metadata.ProviderUri, metadata.DefaultModelId));
    }
}
