using System.Text.Json.Nodes;
using LlmAdapters.Gemini;
using LlmAdapters.Testing;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Gemini.Tests;

public sealed class GeminiChatClientTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetResponseAsync_Text_SendsKeyInHeaderAndMapsTheAnswer()
    {
        await using var h = await GeminiHarness.StartAsync();
        using var client = h.Client();
        h.Emulator.Enqueue(ScriptedReply.Text("Bonjour").WithUsage(7, 3).WithHeader("x-goog-request-id", "rid-42"));

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "Say hi")], cancellationToken: Ct);

        Assert.Equal("Bonjour", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal((7L, 3L, 10L), (response.Usage!.InputTokenCount!.Value, response.Usage.OutputTokenCount!.Value, response.Usage.TotalTokenCount!.Value));
        Assert.Equal("rid-42", response.AdditionalProperties![AdditionalPropertyKeys.RequestId]);
        var request = h.Emulator.LastRequest;
        Assert.Equal("/v1beta/models/gemini-2.5-flash:generateContent", request.Path);
        Assert.Equal(string.Empty, request.Query);
        Assert.Equal(GeminiHarness.Key, request.Header("x-goog-api-key"));
        Json.Equal("""{"contents":[{"role":"user","parts":[{"text":"Say hi"}]}],"generationConfig":{"candidateCount":1}}""", request.Json);
    }

    [Fact]
    public async Task GetResponseAsync_ModelChangesBetweenCalls_EachCallGoesToItsModelsUrl()
    {
        await using var h = await GeminiHarness.StartAsync();
        using var client = h.Client();
        var paths = new List<string>();
        foreach (var model in new[] { "gemini-2.5-flash", "gemini-2.5-pro", "gemini-2.5-pro", "gemini-2.5-flash" })
        {
            h.Emulator.Enqueue(ScriptedReply.Text("ok"));
            await client.GetResponseAsync("hi", new ChatOptions { ModelId = model }, Ct);
            paths.Add(h.Emulator.LastRequest.Path);
        }

        h.Emulator.Enqueue(ScriptedReply.Text("ok"));
        await client.GetStreamingResponseAsync("hi", new ChatOptions { ModelId = "gemini-2.5-pro" }, Ct).ToChatResponseAsync(Ct);
        paths.Add(h.Emulator.LastRequest.Path);

        Assert.Equal(
            [
                "/v1beta/models/gemini-2.5-flash:generateContent",
                "/v1beta/models/gemini-2.5-pro:generateContent",
                "/v1beta/models/gemini-2.5-pro:generateContent",
                "/v1beta/models/gemini-2.5-flash:generateContent",
                "/v1beta/models/gemini-2.5-pro:streamGenerateContent",
            ],
            paths);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ChunkedTextAndThoughts_YieldsUpdatesAndUsageOnceAtTheEnd()
    {
        await using var h = await GeminiHarness.StartAsync();
        using var client = h.Client();
        h.Emulator.Enqueue(new ScriptedReply()
            .WithReasoning("Counting the letters", "SIG_R")
            .WithText("There are three r's in strawberry")
            .WithUsage(9, 30, reasoning: 12)
            .WithHeader("x-goog-request-id", "rid-s")
            .WithProperty("gemini.final_signature", "SIG_END")
            .InChunks(3));

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "Count")], cancellationToken: Ct))
        {
            updates.Add(update);
        }

        Assert.Equal("/v1beta/models/gemini-2.5-flash:streamGenerateContent", h.Emulator.LastRequest.Path);
        Assert.Equal("?alt=sse", h.Emulator.LastRequest.Query);
        Assert.Equal("rid-s", updates[0].AdditionalProperties![AdditionalPropertyKeys.RequestId]);
        Assert.Equal("Counting the letters", string.Concat(updates.SelectMany(u => u.Contents).OfType<TextReasoningContent>().Select(r => r.Text)));
        Assert.Equal("There are three r's in strawberry", string.Concat(updates.Select(u => u.Text)));
        Assert.Equal("SIG_R", updates.SelectMany(u => u.Contents).OfType<TextReasoningContent>().First(r => r.ProtectedData is not null).ProtectedData);
        Assert.Equal("SIG_END", updates.SelectMany(u => u.Contents).OfType<TextReasoningContent>().Single(r => r.Text.Length == 0).ProtectedData);
        var usages = updates.SelectMany(u => u.Contents).OfType<UsageContent>().ToList();
        var usage = Assert.Single(usages).Details;
        Assert.Same(usages[0], updates[^1].Contents.Single());
        Assert.Equal((9L, 30L, 12L, 39L), (usage.InputTokenCount!.Value, usage.OutputTokenCount!.Value, usage.ReasoningTokenCount!.Value, usage.TotalTokenCount!.Value));
        Assert.Equal(ChatFinishReason.Stop, Assert.Single(updates, u => u.FinishReason is not null).FinishReason);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ChunkWithSeveralPartKinds_YieldsThemInOrderAndToolCallsFinish()
    {
        await using var h = await GeminiHarness.StartAsync();
        using var client = h.Client();
        h.Emulator.Enqueue(ScriptedReply.RawStream("text/event-stream",
            "data: {\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"plan\",\"thought\":true},{\"text\":\"Calling.\"},{\"functionCall\":{\"name\":\"f\",\"args\":{\"a\":1}},\"thoughtSignature\":\"S1\"},{\"functionCall\":{\"name\":\"g\",\"args\":{}}}]},\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":5,\"candidatesTokenCount\":2,\"totalTokenCount\":7},\"responseId\":\"rr\"}\r\n\r\n",
            "data: {\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"\"}]},\"finishReason\":\"STOP\",\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":5,\"candidatesTokenCount\":9,\"totalTokenCount\":14},\"responseId\":\"rr\"}\r\n\r\n"));

        var updates = await ReadAllAsync(client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "go")], cancellationToken: Ct));

        var first = updates[0].Contents;
        Assert.IsType<TextReasoningContent>(first[0]);
        Assert.IsType<TextContent>(first[1]);
        Assert.Equal(["gcall_rr_0", "gcall_rr_1"], first.OfType<FunctionCallContent>().Select(c => c.CallId));
        Assert.Equal(ChatFinishReason.ToolCalls, updates[1].FinishReason);
        Assert.Equal(9, updates.SelectMany(u => u.Contents).OfType<UsageContent>().Single().Details.OutputTokenCount);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_EndsWithoutFinishReason_ThrowsStreamInterruptedAfterYieldingText()
    {
        await using var h = await GeminiHarness.StartAsync();
        using var client = h.Client();
        h.Emulator.Enqueue(new ScriptedReply { OmitStreamTerminator = true }.WithText("partial answer").InChunks(2));

        var received = new List<ChatResponseUpdate>();
        var ex = await Assert.ThrowsAsync<StreamInterruptedException>(async () =>
        {
            await foreach (var u in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "go")], cancellationToken: Ct))
            {
                received.Add(u);
            }
        });
        Assert.Equal("partial answer", string.Concat(received.Select(u => u.Text)));
        Assert.Contains("finishReason", ex.Message, StringComparison.Ordinal);
        Assert.True(ex.IsRetryable);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_Disconnect_ThrowsStreamInterrupted()
    {
        await using var h = await GeminiHarness.StartAsync();
        using var client = h.Client();
        h.Emulator.Enqueue(ScriptedReply.Text("one two three four").InChunks(4).DisconnectAfter(2));

        var received = new List<ChatResponseUpdate>();
        var ex = await Assert.ThrowsAnyAsync<ProviderException>(async () =>
        {
            await foreach (var u in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "go")], cancellationToken: Ct))
            {
                received.Add(u);
            }
        });

        // The emulator lets the flushed frames reach the client before it cuts the connection.
        Assert.IsType<StreamInterruptedException>(ex);
        Assert.True(ex.IsRetryable);
        Assert.Equal(2, received.Count);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_GarbledChunk_ThrowsStreamInterrupted()
    {
        await using var h = await GeminiHarness.StartAsync();
        using var client = h.Client();
        h.Emulator.Enqueue(ScriptedReply.Text("a b c").InChunks(3).GarbleChunk(1));

        var ex = await Assert.ThrowsAsync<StreamInterruptedException>(() => ReadAllAsync(client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "go")], cancellationToken: Ct)));
        Assert.Contains("could not be parsed", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ErrorInsideStream_ThrowsTypedError()
    {
        await using var h = await GeminiHarness.StartAsync();
        using var client = h.Client();
        h.Emulator.Enqueue(ScriptedReply.Text("a b c").InChunks(3).WithProperty("gemini.stream_error_after", 1));

        var ex = await Assert.ThrowsAsync<ProviderServerException>(() => ReadAllAsync(client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "go")], cancellationToken: Ct)));
        Assert.Equal("INTERNAL", ex.ProviderErrorType);
        Assert.True(ex.IsRetryable);
        Assert.Contains("in the middle of the stream", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_BlockedPrompt_ReturnsContentFilterWithReason()
    {
        await using var h = await GeminiHarness.StartAsync();
        using var client = h.Client();
        h.Emulator.Enqueue(new ScriptedReply().WithProperty("gemini.block_reason", "SAFETY"));
        h.Emulator.Enqueue(new ScriptedReply().WithProperty("gemini.block_reason", "BLOCKLIST"));

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "bad")], cancellationToken: Ct);
        Assert.Equal(ChatFinishReason.ContentFilter, response.FinishReason);
        Assert.Equal("SAFETY", response.Messages.Single().Contents.OfType<ErrorContent>().Single().ErrorCode);

        var updates = await ReadAllAsync(client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "bad")], cancellationToken: Ct));
        Assert.Equal(ChatFinishReason.ContentFilter, updates[0].FinishReason);
        Assert.Equal("BLOCKLIST", updates[0].Contents.OfType<ErrorContent>().Single().ErrorCode);
    }

    [Fact]
    public async Task GetResponseAsync_RawRepresentationFactoryJson_KeepsCallerFieldsAndFillsTheRest()
    {
        await using var h = await GeminiHarness.StartAsync();
        using var client = h.Client();
        h.Emulator.Enqueue(ScriptedReply.Text("ok"));
        var options = new ChatOptions
        {
            Temperature = 0.9f,
            TopK = 5,
            RawRepresentationFactory = _ => new JsonObject { ["generationConfig"] = new JsonObject { ["temperature"] = 0.1, ["responseModalities"] = new JsonArray("TEXT") } },
        };

        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "x")], options, Ct);

        Json.Equal("""
            {"generationConfig":{"temperature":0.1,"responseModalities":["TEXT"],"topK":5,"candidateCount":1},
             "contents":[{"role":"user","parts":[{"text":"x"}]}]}
            """, h.Emulator.LastRequest.Json);
    }

    [Fact]
    public async Task GetResponseAsync_ModelIdOption_OverridesTheDefaultAndDropsTheModelsPrefix()
    {
        await using var h = await GeminiHarness.StartAsync();
        using var client = h.Client();
        h.Emulator.Enqueue(ScriptedReply.Text("pro"));

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "x")], new ChatOptions { ModelId = "models/gemini-2.5-pro" }, Ct);

        Assert.Equal("/v1beta/models/gemini-2.5-pro:generateContent", h.Emulator.LastRequest.Path);
        Assert.Equal("gemini-2.5-pro", response.ModelId);
        Assert.IsType<LlmAdapters.Gemini.Wire.GeminiResponse>(response.RawRepresentation);
    }

    [Fact]
    public async Task GetService_Metadata_OptionsAndKeys()
    {
        await using var h = await GeminiHarness.StartAsync();
        var options = h.Options();
        using var client = new GeminiChatClient(options);

        var metadata = client.GetService<ChatClientMetadata>()!;
        Assert.Equal(("gcp.gemini", h.Emulator.BaseAddress, "gemini-2.5-flash"), (metadata.ProviderName, metadata.ProviderUri, metadata.DefaultModelId));
        Assert.Same(options, client.GetService<GeminiOptions>());
        Assert.Same(client, client.GetService<GeminiChatClient>());
        Assert.NotNull(client.GetService<ITokenCounter>());
        Assert.Same(client.GetService<GeminiContextCaches>(), client.GetService<IContextCacheService>());
        Assert.Equal(PromptCachingStyle.ContextCache, client.GetService<PromptCachingStyle>());
        Assert.Null(client.GetService(typeof(ChatClientMetadata), "key"));
        Assert.Null(client.GetService<string>());
    }

    [Fact]
    public async Task GetResponseAsync_NoModel_ThrowsBeforeAnyRequest()
    {
        await using var h = await GeminiHarness.StartAsync();
        var options = h.Options();
        options.DefaultModelId = null;
        using var client = new GeminiChatClient(options);

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "x")], cancellationToken: Ct));
        Assert.Equal("options", ex.ParamName);
        Assert.Empty(h.Emulator.Requests);
    }

    internal static async Task<List<ChatResponseUpdate>> ReadAllAsync(IAsyncEnumerable<ChatResponseUpdate> updates)
    {
        var list = new List<ChatResponseUpdate>();
        await foreach (var u in updates)
        {
            list.Add(u);
        }

        return list;
    }
}
