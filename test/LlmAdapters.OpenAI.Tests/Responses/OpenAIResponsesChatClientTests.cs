using System.Text.Json.Nodes;
using LlmAdapters.Testing;
using LlmAdapters.Testing.Dialects.OpenAIResponses;
using Microsoft.Extensions.AI;
using static LlmAdapters.OpenAI.Tests.Responses.OpenAIResponsesTestData;
using static LlmAdapters.OpenAI.Tests.OpenAITestSupport;

namespace LlmAdapters.OpenAI.Tests.Responses;

public sealed class OpenAIResponsesChatClientTests
{
    [Fact]
    public async Task GetResponseAsync_ConversationIdFromTheLastResponse_ContinuesWithPreviousResponseIdAndOnlyNewMessages()
    {
        await using var emulator = await StartEmulatorAsync();
        using var client = ResponsesClient(emulator);
        emulator.Enqueue(new ScriptedReply { ResponseId = "resp_turn1" }.WithText("Hi Ann."));
        emulator.Enqueue(new ScriptedReply { ResponseId = "resp_turn2" }.WithText("Ann."));

        var first = await client.GetResponseAsync("I am Ann.", cancellationToken: Ct);
        var second = await client.GetResponseAsync("Who am I?", new ChatOptions { ConversationId = first.ConversationId, Instructions = "Be brief." }, Ct);

        Assert.Equal("resp_turn1", first.ConversationId);
        Assert.Equal("resp_turn2", second.ConversationId);
        AssertJsonEqual("""
            {"model":"gpt-4.1-mini","instructions":"Be brief.","input":[{"type":"message","role":"user","content":[{"type":"input_text","text":"Who am I?"}]}],
             "previous_response_id":"resp_turn1"}
            """, emulator.LastRequest.Json);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_StoreFalse_RoundTripsEncryptedReasoningStatelessly()
    {
        await using var emulator = await StartEmulatorAsync();
        using var client = ResponsesClient(emulator);
        var stateless = new ChatOptions { AdditionalProperties = new() { [OpenAIPropertyKeys.Store] = false } };
        emulator.Enqueue(ScriptedReply.ToolCalls(("call_1", "get_weather", """{"city":"Paris"}""")).WithReasoning("Need weather.", signature: "gAAAA-sealed").InChunks(3));
        emulator.Enqueue(ScriptedReply.Text("Sunny."));
        List<ChatMessage> history = [new(ChatRole.User, "Weather in Paris?")];

        var first = (await CollectAsync(client.GetStreamingResponseAsync(history, stateless, Ct))).ToChatResponse();
        history.AddRange(first.Messages);
        history.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent("call_1", "sunny")]));
        await client.GetResponseAsync(history, stateless, Ct);

        Assert.Null(first.ConversationId);
        var sent = emulator.LastRequest.Json!;
        Assert.Equal("reasoning.encrypted_content", sent["include"]![0]!.GetValue<string>());
        Assert.False(sent["store"]!.GetValue<bool>());
        var input = sent["input"]!.AsArray();
        Assert.Equal(["message", "reasoning", "function_call", "function_call_output"], input.Select(i => i!["type"]!.GetValue<string>()));
        Assert.Equal("gAAAA-sealed", input[1]!["encrypted_content"]!.GetValue<string>());
        AssertJsonEqual("""[{"type":"summary_text","text":"Need weather."}]""", input[1]!["summary"]);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_StreamErrorEvent_ThrowsRateLimitedAfterTheText()
    {
        await using var emulator = await StartEmulatorAsync();
        using var client = ResponsesClient(emulator);
        emulator.Enqueue(ScriptedReply.Text("partial").WithProperty(OpenAIResponsesDialect.StreamErrorKey, "Slow down.").With(r => r.ErrorCode = "rate_limit_exceeded"));
        var updates = new List<ChatResponseUpdate>();

        var ex = await Assert.ThrowsAsync<RateLimitedException>(() => CollectAsync(client.GetStreamingResponseAsync("Hi", cancellationToken: Ct), updates));

        Assert.Equal("rate_limit_exceeded", ex.ProviderErrorCode);
        Assert.Equal("partial", string.Concat(updates.Select(u => u.Text)));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_DoneSentinelAfterCompleted_EndsCleanly()
    {
        await using var emulator = await StartEmulatorAsync();
        using var client = ResponsesClient(emulator);
        emulator.Enqueue(ScriptedReply.Text("Hello").WithUsage(1, 2).WithProperty(OpenAIResponsesDialect.DoneSentinelKey, true));

        var updates = await CollectAsync(client.GetStreamingResponseAsync("Hi", cancellationToken: Ct));

        Assert.Equal("Hello", updates.ToChatResponse().Text);
        Assert.Equal(2L, updates.ToChatResponse().Usage!.OutputTokenCount);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_NoTerminalEvent_ThrowsStreamInterruptedNamingIt()
    {
        await using var emulator = await StartEmulatorAsync();
        using var client = ResponsesClient(emulator);
        var reply = ScriptedReply.Text("Hello");
        reply.OmitStreamTerminator = true;
        emulator.Enqueue(reply);

        var ex = await Assert.ThrowsAsync<StreamInterruptedException>(() => CollectAsync(client.GetStreamingResponseAsync("Hi", cancellationToken: Ct)));

        Assert.Contains("response.completed", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_RawRepresentationFactory_CallerFieldsWinAndTheRestIsMapped()
    {
        await using var emulator = await StartEmulatorAsync();
        using var client = ResponsesClient(emulator);
        emulator.Enqueue(ScriptedReply.Text("ok"));
        var options = new ChatOptions
        {
            MaxOutputTokens = 100,
            Reasoning = new ReasoningOptions { Effort = ReasoningEffort.Low },
            RawRepresentationFactory = _ => new JsonObject { ["max_output_tokens"] = 500, ["reasoning"] = new JsonObject { ["summary"] = "concise" }, ["truncation"] = "auto" },
        };

        await client.GetResponseAsync("Hi", options, Ct);

        AssertJsonEqual("""
            {"max_output_tokens":500,"reasoning":{"summary":"concise","effort":"low"},"truncation":"auto","model":"gpt-4.1-mini",
             "input":[{"type":"message","role":"user","content":[{"type":"input_text","text":"Hi"}]}]}
            """, emulator.LastRequest.Json);
    }

    [Fact]
    public async Task GetResponseAsync_NoModel_ThrowsArgumentExceptionBeforeAnyRequest()
    {
        await using var emulator = await StartEmulatorAsync();
        using var client = ResponsesClient(emulator, o => o.DefaultModelId = null);

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => client.GetResponseAsync("Hi", cancellationToken: Ct));

        Assert.Equal("options", ex.ParamName);
        Assert.Empty(emulator.Requests);
    }
}

internal static class ScriptedReplyExtensions
{
    public static ScriptedReply With(this ScriptedReply reply, Action<ScriptedReply> change)
    {
        change(reply);
        return reply;
    }
}
