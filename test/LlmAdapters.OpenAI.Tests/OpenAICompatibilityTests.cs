using System.Net;
using LlmAdapters.Testing;
using LlmAdapters.Testing.Dialects.OpenAI;
using Microsoft.Extensions.AI;
using static LlmAdapters.OpenAI.Tests.OpenAITestSupport;

namespace LlmAdapters.OpenAI.Tests;

/// <summary>How the client copes with what compatible servers send: no stream options, Azure's prompt-filter chunk,
/// a whole JSON body to a streaming request, a body that is not a completion.</summary>
public sealed class OpenAICompatibilityTests
{
    [Fact]
    public async Task Stream_WithoutIncludeUsage_SendsNoUsageChunk()
    {
        await using var emulator = await StartEmulatorAsync();
        emulator.Enqueue(ScriptedReply.Text("hi").WithUsage(1, 1));
        using var client = new OpenAIChatClient(Options(emulator, configure: o => o.Compatibility.SendStreamOptions = false));

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync("x", cancellationToken: Ct))
        {
            updates.Add(update);
        }

        Assert.Empty(updates.SelectMany(u => u.Contents).OfType<UsageContent>());
        Assert.Equal("hi", string.Concat(updates.Select(u => u.Text)));
    }

    [Fact]
    public async Task GetResponseAsync_BodyNotACompletion_ThrowsProviderResponseException()
    {
        await using var emulator = await StartEmulatorAsync();
        emulator.Enqueue(ScriptedReply.Raw(200, "[1,2,3]"));
        using var client = Client(emulator);

        var ex = await Assert.ThrowsAsync<ProviderResponseException>(() => client.GetResponseAsync("x", cancellationToken: Ct));

        Assert.Contains("not a chat completion", ex.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, ex.StatusCode);
    }

    [Fact]
    public async Task ForAzure_ClassicStreaming_ToleratesPromptFilterChunk()
    {
        await using var emulator = await StartEmulatorAsync();
        emulator.Enqueue(ScriptedReply.Text("streamed").InChunks(3).WithProperty(OpenAIDialect.PromptFilterChunkKey, true).WithUsage(4, 2));
        using var client = new OpenAIChatClient(OpenAIOptions.ForAzure(emulator.BaseAddress, "dep", ApiKey, "2025-04-01-preview"));

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync("x", cancellationToken: Ct))
        {
            updates.Add(update);
        }

        Assert.Equal("?api-version=2025-04-01-preview", emulator.LastRequest.Query);
        Assert.Equal("streamed", string.Concat(updates.Select(u => u.Text)));
        Assert.Equal(6, Assert.Single(updates.SelectMany(u => u.Contents).OfType<UsageContent>()).Details.TotalTokenCount);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ServerAnswersWithWholeJson_YieldsItAsUpdates()
    {
        await using var emulator = await StartEmulatorAsync();
        emulator.Enqueue(ScriptedReply.Raw(200, """
            {"id":"chatcmpl-w","object":"chat.completion","created":1,"model":"local","choices":[{"index":0,"message":{"role":"assistant","content":"whole answer"},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}}
            """).WithHeader("x-request-id", "req_w"));
        using var client = Client(emulator);

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync("x", cancellationToken: Ct))
        {
            updates.Add(update);
        }

        var response = updates.ToChatResponse();
        Assert.Equal("whole answer", response.Text);
        Assert.Equal(5, response.Usage!.TotalTokenCount);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal("req_w", updates[0].AdditionalProperties![AdditionalPropertyKeys.RequestId]);
    }
}
