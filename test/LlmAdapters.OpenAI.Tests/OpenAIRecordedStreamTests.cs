using System.Text.Json;
using LlmAdapters.Testing;
using Microsoft.Extensions.AI;
using static LlmAdapters.OpenAI.Tests.OpenAITestSupport;

namespace LlmAdapters.OpenAI.Tests;

/// <summary>Recorded-shape streams and bodies from OpenAI-compatible servers (TestData/OpenAI), replayed through the emulator.</summary>
public sealed class OpenAIRecordedStreamTests
{
    private static string Recording(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "OpenAI", name));

    private static async Task<(ChatResponse Response, List<ChatResponseUpdate> Updates)> StreamAsync(string recording, Action<OpenAIOptions>? configure = null)
    {
        await using var emulator = await StartEmulatorAsync();
        emulator.Enqueue(ScriptedReply.RecordedSse(Recording(recording)));
        using var client = Client(emulator, configure);
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync("Hi", cancellationToken: Ct))
        {
            updates.Add(update);
        }

        return (updates.ToChatResponse(), updates);
    }

    private static async Task<ChatResponse> CompleteAsync(string recording, Action<OpenAIOptions>? configure = null)
    {
        await using var emulator = await StartEmulatorAsync();
        emulator.Enqueue(ScriptedReply.Raw(200, Recording(recording)));
        using var client = Client(emulator, configure);
        return await client.GetResponseAsync("Hi", cancellationToken: Ct);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_EmptyIdsOnContinuationDeltas_ContinuesEachCallAtItsIndex()
    {
        var (response, _) = await StreamAsync("qwen-empty-continuation-ids.sse");

        var calls = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ToList();
        Assert.Equal(2, calls.Count);
        Assert.Equal(("call_8f08d2b0fc0c4d8fab7123", "get_current_weather"), (calls[0].CallId, calls[0].Name));
        Assert.Equal("Hangzhou", ((JsonElement)calls[0].Arguments!["location"]!).GetString());
        Assert.Equal(("call_2e2c1a5f7d0b4b8e9c6a41", "get_current_time"), (calls[1].CallId, calls[1].Name));
        Assert.Equal("Asia/Shanghai", ((JsonElement)calls[1].Arguments!["zone"]!).GetString());
        Assert.Single(calls[1].Arguments!);
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ReasoningOutsideCompletionTokensOnGenericEndpoint_CountsReasoningInOutput()
    {
        // No xAI preset: a gateway in front of xAI looks like any OpenAI-compatible endpoint; the arithmetic decides.
        var (response, _) = await StreamAsync("xai-reasoning-outside-completion.sse");

        Assert.Equal("Yes", response.Text);
        Assert.Equal(
            (24L, 291L, 315L, 290L, 6L),
            (response.Usage!.InputTokenCount, response.Usage.OutputTokenCount, response.Usage.TotalTokenCount, response.Usage.ReasoningTokenCount, response.Usage.CachedInputTokenCount));
    }

    [Fact]
    public async Task GetResponseAsync_ReasoningOutsideCompletionTokensOnGenericEndpoint_CountsReasoningInOutput()
    {
        var response = await CompleteAsync("xai-reasoning-outside-completion.json");

        Assert.Equal("Yes", response.Text);
        Assert.Equal("The user asks for one word.", Assert.Single(response.Messages[0].Contents.OfType<TextReasoningContent>()).Text);
        Assert.Equal((24L, 291L, 315L, 290L), (response.Usage!.InputTokenCount, response.Usage.OutputTokenCount, response.Usage.TotalTokenCount, response.Usage.ReasoningTokenCount));
    }

    [Fact]
    public async Task GetResponseAsync_ReasoningInsideCompletionTokensWithFlagSet_ArithmeticWinsOverFlag()
    {
        // total = prompt + completion: reasoning is already inside completion_tokens, whatever the flag says.
        await using var emulator = await StartEmulatorAsync();
        emulator.Enqueue(ScriptedReply.Raw(200, """
            {"id":"c1","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":18,"completion_tokens":219,"total_tokens":237,"completion_tokens_details":{"reasoning_tokens":205}}}
            """));
        using var client = Client(emulator, o => o.Compatibility.ReasoningTokensExcludedFromCompletion = true);

        var response = await client.GetResponseAsync("Hi", cancellationToken: Ct);

        Assert.Equal((219L, 237L, 205L), (response.Usage!.OutputTokenCount, response.Usage.TotalTokenCount, response.Usage.ReasoningTokenCount));
    }

    [Fact]
    public async Task GetResponseAsync_UsageWithoutTotal_FallsBackToCompatibilityFlag()
    {
        await using var emulator = await StartEmulatorAsync();
        emulator.Enqueue(ScriptedReply.Raw(200, """
            {"id":"c1","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":10,"completion_tokens":1,"completion_tokens_details":{"reasoning_tokens":7}}}
            """));
        using var client = Client(emulator, o => o.Compatibility.ReasoningTokensExcludedFromCompletion = true);

        var response = await client.GetResponseAsync("Hi", cancellationToken: Ct);

        Assert.Equal((8L, 7L), (response.Usage!.OutputTokenCount, response.Usage.ReasoningTokenCount));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_MagistralTypedContentParts_YieldReasoningThenText()
    {
        var (response, updates) = await StreamAsync("magistral-thinking-parts.sse");

        var contents = updates.SelectMany(u => u.Contents).Where(c => c is not UsageContent).ToList();
        Assert.Collection(
            contents,
            c => Assert.Equal("The user is asking", Assert.IsType<TextReasoningContent>(c).Text),
            c => Assert.Equal(" for 2+2. That is 4.", Assert.IsType<TextReasoningContent>(c).Text),
            c => Assert.Equal("2 + 2 = 4", Assert.IsType<TextContent>(c).Text));
        Assert.Equal("2 + 2 = 4", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal((10L, 46L, 56L), (response.Usage!.InputTokenCount, response.Usage.OutputTokenCount, response.Usage.TotalTokenCount));
    }

    [Fact]
    public async Task GetResponseAsync_MagistralTypedContentParts_YieldReasoningAndText()
    {
        var response = await CompleteAsync("magistral-thinking-parts.json");

        Assert.Collection(
            response.Messages[0].Contents,
            c => Assert.Equal("The user is asking for 2+2. That is 4.", Assert.IsType<TextReasoningContent>(c).Text),
            c => Assert.Equal("2 + 2 = 4", Assert.IsType<TextContent>(c).Text));
    }
}
