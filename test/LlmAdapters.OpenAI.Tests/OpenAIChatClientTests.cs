using System.Text.Json;
using LlmAdapters.Testing;
using LlmAdapters.Testing.Dialects.OpenAI;
using Microsoft.Extensions.AI;
using static LlmAdapters.OpenAI.Tests.OpenAITestSupport;

namespace LlmAdapters.OpenAI.Tests;

public sealed class OpenAIChatClientTests
{
    private static async Task<List<ChatResponseUpdate>> CollectAsync(IAsyncEnumerable<ChatResponseUpdate> stream, List<ChatResponseUpdate>? into = null)
    {
        into ??= [];
        await foreach (var update in stream)
        {
            into.Add(update);
        }

        return into;
    }

    [Fact]
    public async Task GetStreamingResponseAsync_EnumeratedTwice_SendsOneRequestPerEnumerationAndNoneBefore()
    {
        await using var emulator = await StartEmulatorAsync();
        emulator.Enqueue(ScriptedReply.Text("one").InChunks(2));
        emulator.Enqueue(ScriptedReply.Text("two").InChunks(2));
        using var client = Client(emulator);

        var stream = client.GetStreamingResponseAsync("Hi", cancellationToken: Ct);
        Assert.Empty(emulator.Requests);

        var first = (await CollectAsync(stream)).ToChatResponse();
        var second = (await CollectAsync(stream)).ToChatResponse();

        Assert.Equal(("one", "two"), (first.Text, second.Text));
        Assert.Equal(2, emulator.Requests.Count);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_EnumeratorTokenCancelled_StopsWithOperationCanceledException()
    {
        await using var emulator = await StartEmulatorAsync();
        emulator.Enqueue(ScriptedReply.Text("a b c d e f").InChunks(6));
        using var client = Client(emulator);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var seen = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync("Hi", cancellationToken: Ct).WithCancellation(cancel.Token))
            {
                seen++;
                await cancel.CancelAsync();
            }
        });

        Assert.Equal(1, seen);
    }

    [Fact]
    public async Task GetResponseAsync_Text_SendsBearerRequestAndMapsResponse()
    {
        await using var emulator = await StartEmulatorAsync();
        emulator.Enqueue(ScriptedReply.Text("Hello there").WithUsage(12, 3, cachedInput: 2)
            .WithHeader("x-request-id", "req_123").WithHeader("x-ratelimit-remaining-requests", "99"));
        using var client = Client(emulator);

        var response = await client.GetResponseAsync("Hi", new ChatOptions { Temperature = 0.2f }, Ct);

        var request = emulator.LastRequest;
        Assert.Equal("/v1/chat/completions", request.Path);
        Assert.Equal("Bearer " + ApiKey, request.Header("Authorization"));
        AssertJsonEqual("""{"model":"gpt-4.1-mini","messages":[{"role":"user","content":"Hi"}],"temperature":0.2}""", request.Json);
        Assert.Equal("Hello there", response.Text);
        Assert.Equal("gpt-4.1-mini", response.ModelId);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal((12L, 3L, 15L, 2L), (response.Usage!.InputTokenCount!.Value, response.Usage.OutputTokenCount!.Value, response.Usage.TotalTokenCount!.Value, response.Usage.CachedInputTokenCount!.Value));
        Assert.Equal("req_123", response.AdditionalProperties![AdditionalPropertyKeys.RequestId]);
        Assert.Equal(99, ((RateLimitInfo)response.AdditionalProperties[AdditionalPropertyKeys.RateLimits]!).RequestsRemaining);
    }

    [Fact]
    public async Task GetResponseAsync_Text_StampsOriginOnResponseAndMessage()
    {
        await using var emulator = await StartEmulatorAsync();
        emulator.Enqueue(ScriptedReply.Text("I can't help with that."));
        using var client = Client(emulator);

        var response = await client.GetResponseAsync("Hi", cancellationToken: Ct);

        Assert.Equal("openai", response.AdditionalProperties![AdditionalPropertyKeys.OriginProvider]);
        Assert.Equal("openai", response.Messages[0].AdditionalProperties![AdditionalPropertyKeys.OriginProvider]);
    }

    [Fact]
    public async Task GetResponseAsync_NoModelAnywhere_ThrowsArgumentExceptionBeforeAnyRequest()
    {
        await using var emulator = await StartEmulatorAsync();
        using var client = new OpenAIChatClient(new OpenAIOptions { Endpoint = emulator.Url("v1/"), ApiKey = ApiKey });

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => client.GetResponseAsync("Hi", cancellationToken: Ct));
        var streamed = await Assert.ThrowsAsync<ArgumentException>(() => CollectAsync(client.GetStreamingResponseAsync("Hi", cancellationToken: Ct)));

        Assert.Equal("options", ex.ParamName);
        Assert.Equal("options", streamed.ParamName);
        Assert.Contains("ChatOptions.ModelId", ex.Message, StringComparison.Ordinal);
        Assert.Contains("OpenAIOptions.DefaultModelId", ex.Message, StringComparison.Ordinal);
        Assert.Empty(emulator.Requests);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_TextInChunks_YieldsDeltasMetadataAndUsageOnce()
    {
        await using var emulator = await StartEmulatorAsync();
        emulator.Enqueue(ScriptedReply.Text("The quick brown fox").InChunks(4).WithUsage(9, 5, reasoning: 1).WithHeader("x-request-id", "req_s"));
        using var client = Client(emulator);

        var updates = await CollectAsync(client.GetStreamingResponseAsync("Hi", cancellationToken: Ct));

        Assert.True(emulator.LastRequest.Json!["stream_options"]!["include_usage"]!.GetValue<bool>());
        Assert.Equal("The quick brown fox", string.Concat(updates.Select(u => u.Text)));
        Assert.Equal(4, updates.Count(u => u.Text.Length > 0));
        Assert.Equal("req_s", updates[0].AdditionalProperties![AdditionalPropertyKeys.RequestId]);
        Assert.Null(updates[1].AdditionalProperties);
        var usage = Assert.Single(updates.SelectMany(u => u.Contents).OfType<UsageContent>()).Details;
        Assert.Equal((9L, 5L, 1L), (usage.InputTokenCount!.Value, usage.OutputTokenCount!.Value, usage.ReasoningTokenCount!.Value));
        Assert.Equal(ChatFinishReason.Stop, updates.Single(u => u.FinishReason is not null).FinishReason);
        var response = updates.ToChatResponse();
        Assert.Equal("The quick brown fox", response.Text);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ParallelInterleavedToolCallDeltas_AssemblesCalls()
    {
        await using var emulator = await StartEmulatorAsync();
        emulator.Enqueue(ScriptedReply.ToolCalls(("call_1", "weather", """{"city":"Paris"}"""), ("call_2", "weather", """{"city":"Rome"}"""))
            .InChunks(3).WithProperty(OpenAIDialect.InterleaveToolCallsKey, true));
        using var client = Client(emulator);

        var updates = await CollectAsync(client.GetStreamingResponseAsync("Weather?", cancellationToken: Ct));

        var calls = updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>().ToList();
        Assert.Equal(["call_1", "call_2"], calls.Select(c => c.CallId));
        Assert.Equal(["Paris", "Rome"], calls.Select(c => ((JsonElement)c.Arguments!["city"]!).GetString()));
        Assert.Equal(ChatFinishReason.ToolCalls, updates.Single(u => u.FinishReason is not null).FinishReason);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_WholeChunkToolCallsWithoutIndex_AssemblesCalls()
    {
        await using var emulator = await StartEmulatorAsync();
        emulator.Enqueue(ScriptedReply.ToolCalls(("gSIMJiOkT", "weather", """{"location":"SF"}"""), ("hTJNKjPlU", "time", "{}"))
            .WithProperty(OpenAIDialect.WholeToolCallsKey, true).WithProperty(OpenAIDialect.UsageInFinishChunkKey, true).WithUsage(70, 40));
        using var client = new OpenAIChatClient(Options(emulator, configure: o => o.Compatibility = OpenAIPresets.Mistral.CreateOptions().Compatibility));

        var updates = await CollectAsync(client.GetStreamingResponseAsync("x", cancellationToken: Ct));

        Assert.Null(emulator.LastRequest.Json!["stream_options"]);
        var calls = updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>().ToList();
        Assert.Equal(["weather", "time"], calls.Select(c => c.Name));
        Assert.Equal("SF", ((JsonElement)calls[0].Arguments!["location"]!).GetString());
        Assert.Equal(110, Assert.Single(updates.SelectMany(u => u.Contents).OfType<UsageContent>()).Details.TotalTokenCount);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ReasoningContent_YieldsTextReasoningContent()
    {
        await using var emulator = await StartEmulatorAsync();
        emulator.Enqueue(new ScriptedReply().WithReasoning("Think first").WithText("Answer").InChunks(2));
        using var client = Client(emulator);

        var updates = await CollectAsync(client.GetStreamingResponseAsync("x", cancellationToken: Ct));

        Assert.Equal("Think first", string.Concat(updates.SelectMany(u => u.Contents).OfType<TextReasoningContent>().Select(r => r.Text)));
        Assert.Equal("Answer", string.Concat(updates.Select(u => u.Text)));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ReasoningField_IsReadToo()
    {
        await using var emulator = await StartEmulatorAsync();
        emulator.Enqueue(new ScriptedReply().WithReasoning("via reasoning").WithText("ok").WithProperty(OpenAIDialect.ReasoningFieldKey, "reasoning"));
        using var client = Client(emulator);

        var response = await client.GetResponseAsync("x", cancellationToken: Ct);

        Assert.Equal("via reasoning", Assert.IsType<TextReasoningContent>(response.Messages[0].Contents[0]).Text);
    }

    [Fact]
    public async Task GetResponseAsync_Refusal_ReturnsErrorContent()
    {
        await using var emulator = await StartEmulatorAsync();
        emulator.Enqueue(new ScriptedReply().WithRefusal("I can't help with that."), new ScriptedReply().WithRefusal("No.").InChunks(2));
        using var client = Client(emulator);

        var response = await client.GetResponseAsync("x", cancellationToken: Ct);
        var updates = await CollectAsync(client.GetStreamingResponseAsync("x", cancellationToken: Ct));

        Assert.Equal("I can't help with that.", Assert.IsType<ErrorContent>(Assert.Single(response.Messages[0].Contents)).Message);
        Assert.Equal("No.", Assert.Single(updates.SelectMany(u => u.Contents).OfType<ErrorContent>()).Message);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_AzurePromptFilterChunkFirst_IsTolerated()
    {
        await using var emulator = await StartEmulatorAsync();
        emulator.Enqueue(ScriptedReply.Text("fine").WithProperty(OpenAIDialect.PromptFilterChunkKey, true));
        using var client = Client(emulator);

        var updates = await CollectAsync(client.GetStreamingResponseAsync("x", cancellationToken: Ct));

        Assert.Equal("fine", string.Concat(updates.Select(u => u.Text)));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ErrorEventMidStream_KeepsUpdatesThenThrows()
    {
        await using var emulator = await StartEmulatorAsync();
        var reply = ScriptedReply.Text("partial").WithProperty(OpenAIDialect.StreamErrorKey, "The server had an error");
        reply.ErrorType = "server_error";
        emulator.Enqueue(reply);
        using var client = Client(emulator);
        var updates = new List<ChatResponseUpdate>();

        var ex = await Assert.ThrowsAsync<StreamInterruptedException>(() => CollectAsync(client.GetStreamingResponseAsync("x", cancellationToken: Ct), updates));

        Assert.Equal("partial", string.Concat(updates.Select(u => u.Text)));
        Assert.Contains("The server had an error", ex.Message, StringComparison.Ordinal);
        Assert.Equal("server_error", ex.ProviderErrorType);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_RateLimitErrorEventMidStream_ThrowsRateLimited()
    {
        await using var emulator = await StartEmulatorAsync();
        emulator.Enqueue(ScriptedReply.RawStream("text/event-stream",
            "data: {\"id\":\"o\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}}]}\n\n",
            "data: {\"error\":{\"code\":429,\"message\":\"Rate limited upstream\"}}\n\n"));
        using var client = Client(emulator);
        var updates = new List<ChatResponseUpdate>();

        var ex = await Assert.ThrowsAsync<RateLimitedException>(() => CollectAsync(client.GetStreamingResponseAsync("x", cancellationToken: Ct), updates));

        Assert.Equal("a", Assert.Single(updates).Text);
        Assert.True(ex.IsRetryable);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ConnectionDropped_KeepsYieldedUpdatesThenThrowsStreamInterrupted()
    {
        await using var emulator = await StartEmulatorAsync();
        // The pause lets the client read the early frames before the reset; a reset can discard bytes not yet read.
        var reply = ScriptedReply.Text("abcdef").InChunks(6).DisconnectAfter(4);
        reply.DelayBetweenChunks = TimeSpan.FromMilliseconds(40);
        emulator.Enqueue(reply);
        using var client = Client(emulator);
        var updates = new List<ChatResponseUpdate>();

        var ex = await Assert.ThrowsAsync<StreamInterruptedException>(() => CollectAsync(client.GetStreamingResponseAsync("x", cancellationToken: Ct), updates));

        var text = string.Concat(updates.Select(u => u.Text));
        Assert.StartsWith("ab", text, StringComparison.Ordinal);
        Assert.True(text.Length <= 3, text);
        Assert.True(ex.IsRetryable);
        Assert.Equal("openai", ex.Provider);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_NoDoneTerminator_ThrowsStreamInterrupted()
    {
        await using var emulator = await StartEmulatorAsync();
        var reply = ScriptedReply.Text("abc");
        reply.OmitStreamTerminator = true;
        emulator.Enqueue(reply);
        using var client = Client(emulator);
        var updates = new List<ChatResponseUpdate>();

        var ex = await Assert.ThrowsAsync<StreamInterruptedException>(() => CollectAsync(client.GetStreamingResponseAsync("x", cancellationToken: Ct), updates));

        Assert.Equal("abc", string.Concat(updates.Select(u => u.Text)));
        Assert.Contains("[DONE]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_MalformedChunk_ThrowsStreamInterruptedAfterEarlierUpdates()
    {
        await using var emulator = await StartEmulatorAsync();
        emulator.Enqueue(ScriptedReply.Text("abcd").InChunks(4).GarbleChunk(3));
        using var client = Client(emulator);
        var updates = new List<ChatResponseUpdate>();

        var ex = await Assert.ThrowsAsync<StreamInterruptedException>(() => CollectAsync(client.GetStreamingResponseAsync("x", cancellationToken: Ct), updates));

        Assert.Equal("ab", string.Concat(updates.Select(u => u.Text)));
        Assert.IsAssignableFrom<JsonException>(ex.InnerException);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_CancelledMidStream_ThrowsOperationCanceledUnwrapped()
    {
        await using var emulator = await StartEmulatorAsync();
        var reply = ScriptedReply.Text("abcdefgh").InChunks(8);
        reply.DelayBetweenChunks = TimeSpan.FromMilliseconds(100);
        emulator.Enqueue(reply);
        using var client = Client(emulator);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var updates = new List<ChatResponseUpdate>();

        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync("x", cancellationToken: cts.Token))
            {
                updates.Add(update);
                await cts.CancelAsync();
            }
        });

        Assert.Single(updates);
        Assert.IsNotAssignableFrom<ProviderException>(ex.InnerException);
    }

    [Fact]
    public async Task GetResponseAsync_RawRepresentationFactory_SendsCallerFields()
    {
        await using var emulator = await StartEmulatorAsync();
        using var client = Client(emulator);

        await client.GetResponseAsync("x", new ChatOptions { RawRepresentationFactory = _ => new System.Text.Json.Nodes.JsonObject { ["user"] = "u-1", ["model"] = "gpt-4o" } }, Ct);

        Assert.Equal("u-1", emulator.LastRequest.Json!["user"]!.GetValue<string>());
        Assert.Equal("gpt-4o", emulator.LastRequest.Json!["model"]!.GetValue<string>());
    }

    [Fact]
    public async Task GetService_And_Metadata_FollowTheContract()
    {
        await using var emulator = await StartEmulatorAsync();
        var options = Options(emulator);
        using var client = new OpenAIChatClient(options);

        var metadata = client.GetService<ChatClientMetadata>();

        Assert.Equal("openai", metadata!.ProviderName);
        Assert.Equal(emulator.Url("v1/"), metadata.ProviderUri);
        Assert.Equal("gpt-4.1-mini", metadata.DefaultModelId);
        Assert.Same(options, client.GetService<OpenAIOptions>());
        Assert.Same(client, client.GetService<OpenAIChatClient>());
        Assert.Same(client, client.GetService<IChatClient>());
        Assert.Equal(PromptCachingStyle.PromptCacheKey, client.GetService<PromptCachingStyle>());
        Assert.IsAssignableFrom<ILocalTokenCounter>(client.GetService<ITokenCounter>());
        Assert.Null(client.GetService<ChatClientMetadata>("key"));
        Assert.Null(client.GetService<string>());
    }

    [Fact]
    public async Task Dispose_HandedInHttpClient_IsNotDisposed()
    {
        await using var emulator = await StartEmulatorAsync();
        using var http = new HttpClient();
        var client = new OpenAIChatClient(Options(emulator, configure: o => o.HttpClient = http));

        client.Dispose();

        using var response = await http.GetAsync(emulator.Url("v1/models"), Ct);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Constructor_NoKeyAnywhere_ThrowsConfigurationErrorBeforeAnyRequest()
    {
        await using var emulator = await StartEmulatorAsync();

        var ex = Assert.Throws<ProviderConfigurationException>(() => new OpenAIChatClient(new OpenAIOptions
        {
            Endpoint = emulator.Url("v1/"),
            ApiKeyEnvironmentVariable = "LLMADAPTERS_TEST_UNSET_OPENAI_KEY",
        }));

        Assert.Contains("OpenAIOptions.ApiKey", ex.Message, StringComparison.Ordinal);
        Assert.Contains("LLMADAPTERS_TEST_UNSET_OPENAI_KEY", ex.Message, StringComparison.Ordinal);
        Assert.Empty(emulator.Requests);
    }

    [Fact]
    public async Task GetResponseAsync_InvalidOptions_ThrowBeforeAnyRequest()
    {
        await using var emulator = await StartEmulatorAsync();
        using var client = Client(emulator);

        await Assert.ThrowsAsync<ArgumentException>(() => client.GetResponseAsync("x", new ChatOptions { MaxOutputTokens = 0 }, Ct));

        Assert.Empty(emulator.Requests);
    }
}
