using System.Net;
using LlmAdapters.Testing;
using Microsoft.Extensions.AI;
using static LlmAdapters.OpenAI.Tests.OpenAITestSupport;

namespace LlmAdapters.OpenAI.Tests;

/// <summary>Valid but odd JSON from the provider: mapped, kept raw, or a typed error — never an untyped exception.</summary>
public sealed class OpenAIOddJsonTests
{
    private static string Completion(string created = "1700000000", string finish = "\"stop\"", string content = "\"hi\"") =>
        "{\"id\":\"c1\",\"object\":\"chat.completion\",\"created\":" + created + ",\"model\":\"gpt-4.1-mini\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":" +
        content + "},\"finish_reason\":" + finish + "}]}";

    private static string Chunk(string delta, string finish = "null", string created = "1700000000") =>
        "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":" + created + ",\"model\":\"gpt-4.1-mini\",\"choices\":[{\"index\":0,\"delta\":" + delta +
        ",\"finish_reason\":" + finish + "}]}\n\n";

    [Fact]
    public async Task GetResponseAsync_CreatedBeyondYear9999_MapsWithoutCreatedAt()
    {
        await using var emulator = await StartEmulatorAsync();
        emulator.Enqueue(ScriptedReply.Raw(200, Completion(created: "99999999999999")));
        using var client = Client(emulator);

        var response = await client.GetResponseAsync("x", cancellationToken: Ct);

        Assert.Equal("hi", response.Text);
        Assert.Null(response.CreatedAt);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_CreatedBeyondYear9999_MapsWithoutCreatedAt()
    {
        await using var emulator = await StartEmulatorAsync();
        emulator.Enqueue(ScriptedReply.RawStream("text/event-stream", Chunk("{\"content\":\"hi\"}", "\"stop\"", "99999999999999"), "data: [DONE]\n\n"));
        using var client = Client(emulator);

        var updates = await client.GetStreamingResponseAsync("x", cancellationToken: Ct).ToListAsync(Ct);

        Assert.Equal("hi", string.Concat(updates.Select(u => u.Text)));
        Assert.All(updates, u => Assert.Null(u.CreatedAt));
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("\" \"")]
    public async Task GetResponseAsync_EmptyFinishReason_MapsToNull(string finish)
    {
        await using var emulator = await StartEmulatorAsync();
        emulator.Enqueue(ScriptedReply.Raw(200, Completion(finish: finish)));
        using var client = Client(emulator);

        var response = await client.GetResponseAsync("x", cancellationToken: Ct);

        Assert.Null(response.FinishReason);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ReasoningDetailsWithDuplicateKey_LastValueWins()
    {
        await using var emulator = await StartEmulatorAsync();
        emulator.Enqueue(ScriptedReply.RawStream(
            "text/event-stream",
            Chunk("{\"reasoning_details\":[{\"type\":\"reasoning.text\",\"index\":0,\"text\":\"a\",\"text\":\"b\"}]}"),
            Chunk("{\"content\":\"hi\"}", "\"stop\""),
            "data: [DONE]\n\n"));
        using var client = Client(emulator);

        var updates = await client.GetStreamingResponseAsync("x", cancellationToken: Ct).ToListAsync(Ct);

        var reasoning = Assert.Single(updates.SelectMany(u => u.Contents).OfType<TextReasoningContent>());
        AssertJsonEqual("""[{"type":"reasoning.text","index":0,"text":"b"}]""", System.Text.Json.Nodes.JsonNode.Parse(reasoning.ProtectedData!));
    }

    [Fact]
    public async Task GetResponseAsync_LoneSurrogateInContent_ThrowsProviderResponseExceptionNotRetryable()
    {
        await using var emulator = await StartEmulatorAsync();
        emulator.Enqueue(ScriptedReply.Raw(200, Completion(content: "\"a\\ud800\"")));
        using var client = Client(emulator);

        var ex = await Assert.ThrowsAsync<ProviderResponseException>(() => client.GetResponseAsync("x", cancellationToken: Ct));

        Assert.Equal(HttpStatusCode.OK, ex.StatusCode);
        Assert.False(ex.IsRetryable);
        Assert.IsType<InvalidOperationException>(ex.InnerException);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_LoneSurrogateInDelta_KeepsWhatWasYieldedAndThrowsStreamInterrupted()
    {
        await using var emulator = await StartEmulatorAsync();
        emulator.Enqueue(ScriptedReply.RawStream("text/event-stream", Chunk("{\"content\":\"ok\"}"), Chunk("{\"content\":\"a\\ud800\"}"), "data: [DONE]\n\n"));
        using var client = Client(emulator);
        var updates = new List<ChatResponseUpdate>();

        var ex = await Assert.ThrowsAsync<StreamInterruptedException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync("x", cancellationToken: Ct))
            {
                updates.Add(update);
            }
        });

        Assert.Equal("ok", string.Concat(updates.Select(u => u.Text)));
        Assert.NotNull(ex.InnerException);
        Assert.True(ex.IsRetryable);
    }

    [Theory]
    [InlineData(429, typeof(RateLimitedException))]
    [InlineData(503, typeof(ProviderOverloadedException))]
    public async Task GetResponseAsync_ErrorBodyWithLoneSurrogate_MapsByStatusAndStaysRetryable(int status, Type expected)
    {
        await using var emulator = await StartEmulatorAsync();
        emulator.Enqueue(ScriptedReply.Raw(status, """{"error":{"message":"slow \ud800 down","type":"x\udc00","code":null}}"""));
        using var client = Client(emulator);

        var ex = await Assert.ThrowsAnyAsync<ProviderException>(() => client.GetResponseAsync("x", cancellationToken: Ct));

        Assert.IsType(expected, ex);
        Assert.True(ex.IsRetryable);
        Assert.Equal((HttpStatusCode)status, ex.StatusCode);
    }
}
