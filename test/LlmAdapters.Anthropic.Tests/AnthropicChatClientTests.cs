using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using LlmAdapters.Testing;
using LlmAdapters.Testing.Dialects.Anthropic;
using Microsoft.Extensions.AI;
using static LlmAdapters.Anthropic.Tests.AnthropicTestSupport;

namespace LlmAdapters.Anthropic.Tests;

public sealed partial class AnthropicChatClientTests : IAsyncLifetime
{
    private ProviderEmulator _emulator = null!;

    public async ValueTask InitializeAsync() => _emulator = await ProviderEmulator.StartAsync();

    public async ValueTask DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public async Task GetResponseAsync_TextReply_SendsHeadersAndMapsResponse()
    {
        _emulator.Enqueue(ScriptedReply.Text("Bonjour").WithUsage(100, 5, cachedInput: 60, cacheWrite: 30)
            .WithHeader("anthropic-ratelimit-requests-remaining", "41").WithHeader("request-id", "req_abc"));
        using var client = Client(_emulator);

        var response = await client.GetResponseAsync("Hello", new ChatOptions { MaxOutputTokens = 50 }, TestContext.Current.CancellationToken);

        Assert.Equal("Bonjour", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal((100L, 60L, 5L, 105L), (response.Usage!.InputTokenCount!.Value, response.Usage.CachedInputTokenCount!.Value, response.Usage.OutputTokenCount!.Value, response.Usage.TotalTokenCount!.Value));
        Assert.Equal(30, response.Usage.AdditionalCounts![AdditionalPropertyKeys.CacheWriteInputTokens]);
        Assert.Equal("req_abc", response.AdditionalProperties![AdditionalPropertyKeys.RequestId]);
        Assert.Equal(41, Assert.IsType<RateLimitInfo>(response.AdditionalProperties[AdditionalPropertyKeys.RateLimits]).RequestsRemaining);

        var request = _emulator.LastRequest;
        Assert.Equal("/v1/messages", request.Path);
        Assert.Equal(Key, request.Header("x-api-key"));
        Assert.Null(request.Header("Authorization"));
        Assert.Equal("2023-06-01", request.Header("anthropic-version"));
        AssertJson("""{"model":"claude-sonnet-4-5","max_tokens":50,"messages":[{"role":"user","content":[{"type":"text","text":"Hello"}]}]}""", request.Json);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_InterleavedThinkingToolUseText_AssemblesUpdates()
    {
        _emulator.Enqueue(new ScriptedReply()
            .WithReasoning("I should call the tool.", "sig-A")
            .WithToolCall("toolu_1", "get_weather", """{"city":"Paris","unit":"c"}""")
            .WithReasoning("Now answer.", "sig-B")
            .WithText("It is sunny.")
            .WithUsage(1200, 80, cachedInput: 1000, reasoning: 20, cacheWrite: 150)
            .WithProperty(AnthropicDialect.CacheWrite1hProperty, 100)
            .WithFinishReason("tool_use")
            .InChunks(3)
            .WithHeader("request-id", "req_stream"));
        using var client = Client(_emulator);

        var updates = await CollectAsync(client.GetStreamingResponseAsync("Weather?", null, TestContext.Current.CancellationToken));

        Assert.Equal("req_stream", updates[0].AdditionalProperties![AdditionalPropertyKeys.RequestId]);
        Assert.Equal(1, updates.Count(u => u.Contents.OfType<UsageContent>().Any()));
        Assert.True(updates.Skip(1).All(u => u.AdditionalProperties?.ContainsKey(AdditionalPropertyKeys.RequestId) != true));
        Assert.IsType<UsageContent>(Assert.Single(updates[^1].Contents));

        var response = updates.ToChatResponse();
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        Assert.Equal("It is sunny.", response.Text);
        var contents = response.Messages.Single().Contents.Where(c => c is not UsageContent).ToList();
        var call = Assert.Single(contents.OfType<FunctionCallContent>());
        Assert.Equal(("toolu_1", "get_weather", "Paris"), (call.CallId, call.Name, ((JsonElement)call.Arguments!["city"]!).GetString()));
        var reasoning = contents.OfType<TextReasoningContent>().ToList();
        Assert.Equal("I should call the tool.Now answer.", string.Concat(reasoning.Select(r => r.Text)));
        Assert.Equal(["sig-A", "sig-B"], reasoning.Where(r => r.ProtectedData is not null).Select(r => r.ProtectedData!));

        var usage = response.Usage!;
        Assert.Equal((1200L, 1000L, 80L, 20L), (usage.InputTokenCount!.Value, usage.CachedInputTokenCount!.Value, usage.OutputTokenCount!.Value, usage.ReasoningTokenCount!.Value));
        Assert.Equal(150, usage.AdditionalCounts![AdditionalPropertyKeys.CacheWriteInputTokens]);
        Assert.Equal(50, usage.AdditionalCounts[AdditionalPropertyKeys.CacheWrite5mInputTokens]);
        Assert.Equal(100, usage.AdditionalCounts[AdditionalPropertyKeys.CacheWrite1hInputTokens]);
        Assert.True(_emulator.LastRequest.Json!["stream"]!.GetValue<bool>());
    }

    [Fact]
    public async Task MultiTurnThinkingToolUse_SignaturesAndToolInputComeBackUnchanged()
    {
        const string Signature = "EqQBCkgIARABGAIiQL+/sig+with/odd==chars";
        _emulator.Enqueue(new ScriptedReply()
            .WithReasoning("Need weather data.", Signature)
            .WithRedactedReasoning("REDACTED-opaque-blob")
            .WithToolCall("toolu_7", "get_weather", """{"city": "Oslo",  "days":3}""")
            .InChunks(4));
        _emulator.Enqueue(ScriptedReply.Text("Cold."));
        using var client = Client(_emulator);
        var options = new ChatOptions
        {
            Reasoning = new ReasoningOptions { Effort = ReasoningEffort.Low },
            Tools = [AIFunctionFactory.Create((string city, int days) => "cold", "get_weather")],
        };
        List<ChatMessage> history = [new(ChatRole.User, "Weather in Oslo?")];

        var first = (await CollectAsync(client.GetStreamingResponseAsync(history, options, TestContext.Current.CancellationToken))).ToChatResponse();
        history.AddRange(first.Messages);
        var call = first.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Single();
        history.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(call.CallId, "cold")]));
        var second = await client.GetResponseAsync(history, options, TestContext.Current.CancellationToken);

        Assert.Equal("Cold.", second.Text);
        AssertJson(
            $$$"""
            [{"role":"user","content":[{"type":"text","text":"Weather in Oslo?"}]},
             {"role":"assistant","content":[
               {"type":"thinking","thinking":"Need weather data.","signature":"{{{Signature}}}"},
               {"type":"redacted_thinking","data":"REDACTED-opaque-blob"},
               {"type":"tool_use","id":"toolu_7","name":"get_weather","input":{"city":"Oslo","days":3}}]},
             {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_7","content":[{"type":"text","text":"cold"}]}]}]
            """,
            _emulator.LastRequest.Json!["messages"]);
        Assert.Contains(Signature, _emulator.LastRequest.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ErrorEventMidStream_KeepsUpdatesThenThrowsTypedException()
    {
        var reply = ScriptedReply.Text("partial answer text").InChunks(4).WithProperty(AnthropicDialect.ErrorEventAfterProperty, 5);
        reply.ErrorType = "overloaded_error";
        reply.ErrorMessage = "Overloaded";
        _emulator.Enqueue(reply);
        using var client = Client(_emulator);
        var updates = new List<ChatResponseUpdate>();

        var ex = await Assert.ThrowsAsync<ProviderOverloadedException>(() => CollectAsync(client.GetStreamingResponseAsync("hi", null, TestContext.Current.CancellationToken), updates));

        Assert.Equal("partial an", updates.ToChatResponse().Text);
        Assert.True(ex.IsRetryable);
        Assert.Equal("overloaded_error", ex.ProviderErrorType);
        Assert.Contains("in the middle of the stream [overloaded_error]: Overloaded", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ConnectionDropped_ThrowsStreamInterruptedAfterUpdates()
    {
        // The body is cut after the fifth SSE frame with an IOException, as a reset connection would.
        _emulator.Enqueue(ScriptedReply.Text("abcdefgh").InChunks(4));
        using var http = new HttpClient(new DroppingHandler(frames: 5));
        using var client = Client(_emulator, o => o.HttpClient = http);
        var updates = new List<ChatResponseUpdate>();

        var ex = await Assert.ThrowsAsync<StreamInterruptedException>(() => CollectAsync(client.GetStreamingResponseAsync("hi", null, TestContext.Current.CancellationToken), updates));

        Assert.Equal("ab" + "cd", updates.ToChatResponse().Text);
        Assert.DoesNotContain(updates, u => u.Contents.OfType<UsageContent>().Any());
        Assert.IsType<IOException>(ex.InnerException);
        Assert.True(ex.IsRetryable);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_EmulatorDisconnect_ThrowsProviderException()
    {
        _emulator.Enqueue(ScriptedReply.Text("abcdefgh").InChunks(4).DisconnectAfter(5));
        using var client = Client(_emulator);
        var updates = new List<ChatResponseUpdate>();

        // Depending on timing the reset arrives before or after the headers: a network error or an interrupted stream.
        var ex = await Assert.ThrowsAnyAsync<ProviderException>(() => CollectAsync(client.GetStreamingResponseAsync("hi", null, TestContext.Current.CancellationToken), updates));

        Assert.True(ex is StreamInterruptedException or ProviderNetworkException, ex.GetType().Name);
        Assert.StartsWith(updates.ToChatResponse().Text, "abcd", StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_NoMessageStop_ThrowsStreamInterrupted()
    {
        var reply = ScriptedReply.Text("whole text");
        reply.OmitStreamTerminator = true;
        _emulator.Enqueue(reply);
        using var client = Client(_emulator);
        var updates = new List<ChatResponseUpdate>();

        var ex = await Assert.ThrowsAsync<StreamInterruptedException>(() => CollectAsync(client.GetStreamingResponseAsync("hi", null, TestContext.Current.CancellationToken), updates));

        Assert.Contains("ended before message_stop", ex.Message, StringComparison.Ordinal);
        Assert.Equal("whole text", updates.ToChatResponse().Text);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_GarbledFrame_ThrowsStreamInterrupted()
    {
        _emulator.Enqueue(ScriptedReply.Text("abc").GarbleChunk(3));
        using var client = Client(_emulator);

        var ex = await Assert.ThrowsAsync<StreamInterruptedException>(() => CollectAsync(client.GetStreamingResponseAsync("hi", null, TestContext.Current.CancellationToken)));
        Assert.Contains("could not be parsed", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_CancelledAfterFirstUpdate_ThrowsOperationCanceled()
    {
        _emulator.Enqueue(ScriptedReply.Text("one two three four").InChunks(4));
        using var client = Client(_emulator);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var received = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync("hi", null, cts.Token))
            {
                received++;
                await cts.CancelAsync();
            }
        });

        Assert.Equal(1, received);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task GetResponseAsync_OAuthToken_SendsBearerAndOAuthBeta(bool viaAuthToken)
    {
        const string Token = "sk-ant-oat01-access-token-abcdefghijkl";
        _emulator.Enqueue(ScriptedReply.Text("ok"));
        using var client = Client(_emulator, o =>
        {
            o.ApiKey = viaAuthToken ? null : Token;
            o.AuthToken = viaAuthToken ? Token : null;
            o.BetaFeatures = ["interleaved-thinking-2025-05-14"];
        });

        Assert.Equal("ok", (await client.GetResponseAsync("hi", null, TestContext.Current.CancellationToken)).Text);

        var request = _emulator.LastRequest;
        Assert.Equal($"Bearer {Token}", request.Header("Authorization"));
        Assert.Null(request.Header("x-api-key"));
        Assert.Equal("interleaved-thinking-2025-05-14,oauth-2025-04-20", request.Header("anthropic-beta"));
    }

    [Fact]
    public void Constructor_NoCredentials_ThrowsConfigurationException()
    {
        if (Environment.GetEnvironmentVariable("ANTHROPIC_API_KEY") is not null || Environment.GetEnvironmentVariable("ANTHROPIC_AUTH_TOKEN") is not null)
        {
            Assert.Skip("A credential is set in the environment.");
        }

        var ex = Assert.Throws<ProviderConfigurationException>(() => new AnthropicChatClient(new AnthropicOptions()));
        Assert.Contains("ANTHROPIC_API_KEY", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_RawRepresentationFactory_CallerFieldsWin()
    {
        _emulator.Enqueue(ScriptedReply.Text("ok"));
        using var client = Client(_emulator);
        var options = new ChatOptions
        {
            MaxOutputTokens = 10,
            RawRepresentationFactory = _ => new JsonObject { ["metadata"] = new JsonObject { ["user_id"] = "u-1" }, ["max_tokens"] = 99 },
        };

        await client.GetResponseAsync("hi", options, TestContext.Current.CancellationToken);

        AssertJson(
            """{"model":"claude-sonnet-4-5","max_tokens":99,"metadata":{"user_id":"u-1"},"messages":[{"role":"user","content":[{"type":"text","text":"hi"}]}]}""",
            _emulator.LastRequest.Json);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_StructuredOutputTool_StreamsToolInputAsText()
    {
        _emulator.Enqueue(ScriptedReply.ToolCalls(("toolu_s", AnthropicRequestMapper.StructuredOutputToolName, """{"name":"Ada","age":36}""")).InChunks(3));
        using var client = Client(_emulator, o => o.StructuredOutputMode = AnthropicStructuredOutputMode.ToolCall);
        var schema = JsonDocument.Parse("""{"type":"object","properties":{"name":{"type":"string"},"age":{"type":"integer"}}}""").RootElement;

        var response = (await CollectAsync(client.GetStreamingResponseAsync("Who?", new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(schema) }, TestContext.Current.CancellationToken))).ToChatResponse();

        Assert.Equal("""{"name":"Ada","age":36}""", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Empty(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
    }

    [Fact]
    public async Task GetResponseAsync_Citations_BecomeAnnotations()
    {
        var reply = new ScriptedReply();
        reply.Parts.Add(new ScriptedPart { Kind = ScriptedPartKind.Text, Text = "The sky is blue." });
        reply.Parts[0].Properties[AnthropicDialect.CitationsProperty] = new[] { """{"type":"char_location","cited_text":"sky is blue","document_index":0,"document_title":"Facts","start_char_index":4,"end_char_index":15}""" };
        _emulator.Enqueue(reply);
        _emulator.Enqueue(reply);
        using var client = Client(_emulator);

        var response = await client.GetResponseAsync("Color?", null, TestContext.Current.CancellationToken);
        var streamed = (await CollectAsync(client.GetStreamingResponseAsync("Color?", null, TestContext.Current.CancellationToken))).ToChatResponse();

        foreach (var r in new[] { response, streamed })
        {
            Assert.Equal("The sky is blue.", r.Text);
            var citation = Assert.Single(r.Messages.SelectMany(m => m.Contents).SelectMany(c => c.Annotations ?? []).OfType<CitationAnnotation>());
            Assert.Equal(("Facts", "sky is blue"), (citation.Title, citation.Snippet));
        }
    }

    [Fact]
    public async Task GetResponseAsync_HostedFile_SendsFileSourceAndFilesBeta()
    {
        _emulator.Enqueue(ScriptedReply.Text("ok"));
        using var client = Client(_emulator, o => o.BetaFeatures = ["context-1m-2025-08-07"]);
        var message = new ChatMessage(ChatRole.User, [new HostedFileContent("file_011") { MediaType = "application/pdf" }, new TextContent("Summarise")]);

        await client.GetResponseAsync([message], null, TestContext.Current.CancellationToken);

        var request = _emulator.LastRequest;
        Assert.Equal("context-1m-2025-08-07,files-api-2025-04-14", request.Header("anthropic-beta"));
        AssertJson(
            """[{"type":"document","source":{"type":"file","file_id":"file_011"}},{"type":"text","text":"Summarise"}]""",
            request.Json!["messages"]![0]!["content"]);
    }

    [Fact]
    public async Task CountTokensAsync_SendsSamePromptWithoutMaxTokens()
    {
        _emulator.Enqueue(new ScriptedReply().WithUsage(321, 0));
        using var client = Client(_emulator);
        var counter = client.GetService<ITokenCounter>()!;
        var options = new ChatOptions { Instructions = "sys", MaxOutputTokens = 5, Temperature = 0.2f, Tools = [AIFunctionFactory.Create(() => 1, "f")] };

        var count = await counter.CountTokensAsync([new ChatMessage(ChatRole.User, "hi")], options, TestContext.Current.CancellationToken);

        Assert.Equal(321, count);
        var request = _emulator.LastRequest;
        Assert.Equal("/v1/messages/count_tokens", request.Path);
        var body = request.Json!.AsObject();
        Assert.Equal(["model", "system", "messages", "tools"], body.Select(p => p.Key));
    }

    [Fact]
    public async Task ListModelsAsync_ReturnsModels()
    {
        _emulator.Enqueue(new ScriptedReply().WithProperty(AnthropicDialect.ModelsProperty, new[] { "claude-a", "claude-b" }));
        using var client = Client(_emulator);

        var models = await client.ListModelsAsync(TestContext.Current.CancellationToken);

        Assert.Equal(["claude-a", "claude-b"], models.Select(m => m.Id));
        Assert.Equal("/v1/models", _emulator.LastRequest.Path);
        Assert.Equal(new DateTimeOffset(2025, 9, 29, 0, 0, 0, TimeSpan.Zero), models[0].CreatedAt);
    }

    [Fact]
    public void GetService_FollowsContract()
    {
        var options = new AnthropicOptions { ApiKey = Key, DefaultModelId = "claude-opus-4-5", Endpoint = new Uri("https://proxy.example/anthropic") };
        using var client = new AnthropicChatClient(options);

        var metadata = client.GetService<ChatClientMetadata>()!;
        Assert.Equal(("anthropic", "claude-opus-4-5", "https://proxy.example/anthropic/"), (metadata.ProviderName, metadata.DefaultModelId, metadata.ProviderUri!.ToString()));
        Assert.Same(options, client.GetService<AnthropicOptions>());
        Assert.Same(client, client.GetService<IChatClient>());
        Assert.Same(client, client.GetService<ITokenCounter>());
        Assert.Equal(PromptCachingStyle.Breakpoints, client.GetService<PromptCachingStyle>());
        Assert.Null(client.GetService(typeof(PromptCachingStyle), "key"));
        Assert.Null(client.GetService<ChatClientMetadata>("key"));
        Assert.Null(client.GetService<string>());
        Assert.Throws<ArgumentNullException>("serviceType", () => client.GetService(null!));
    }

    [Fact]
    public void Constructor_NullOptions_ThrowsWithParameterName()
    {
        Assert.Throws<ArgumentNullException>("options", () => new AnthropicChatClient(null!));
    }
}
