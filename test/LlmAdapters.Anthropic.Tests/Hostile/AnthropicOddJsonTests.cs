using System.Net;
using LlmAdapters.Testing;
using Microsoft.Extensions.AI;
using static LlmAdapters.Anthropic.Tests.AnthropicTestSupport;

namespace LlmAdapters.Anthropic.Tests;

/// <summary>Valid but odd JSON from Anthropic: mapped, kept raw, or a typed error — never an untyped exception.</summary>
public sealed class AnthropicOddJsonTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Message(string content, string stop = "\"end_turn\"") =>
        "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\",\"content\":" + content +
        ",\"stop_reason\":" + stop + ",\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}";

    private static async Task<ProviderEmulator> StartAsync() => await ProviderEmulator.StartAsync(new ProviderEmulatorOptions(), Ct);

    [Fact]
    public async Task GetResponseAsync_NullInContent_SkipsIt()
    {
        await using var emulator = await StartAsync();
        emulator.Enqueue(ScriptedReply.Raw(200, Message("[null,{\"type\":\"text\",\"text\":\"hi\"},null]")));
        using var client = Client(emulator);

        var response = await client.GetResponseAsync("x", cancellationToken: Ct);

        Assert.Equal("hi", Assert.IsType<TextContent>(Assert.Single(response.Messages[0].Contents)).Text);
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("\" \"")]
    public async Task GetResponseAsync_EmptyStopReason_MapsToNull(string stop)
    {
        await using var emulator = await StartAsync();
        emulator.Enqueue(ScriptedReply.Raw(200, Message("[{\"type\":\"text\",\"text\":\"hi\"}]", stop)));
        using var client = Client(emulator);

        var response = await client.GetResponseAsync("x", cancellationToken: Ct);

        Assert.Null(response.FinishReason);
    }

    [Fact]
    public async Task GetResponseAsync_LoneSurrogateInCitation_ThrowsProviderResponseException()
    {
        await using var emulator = await StartAsync();
        emulator.Enqueue(ScriptedReply.Raw(200, Message(
            "[{\"type\":\"text\",\"text\":\"Paris\",\"citations\":[{\"type\":\"char_location\",\"cited_text\":\"P\\ud800\",\"document_index\":0}]}]")));
        using var client = Client(emulator);

        var ex = await Assert.ThrowsAsync<ProviderResponseException>(() => client.GetResponseAsync("x", cancellationToken: Ct));

        Assert.Equal(HttpStatusCode.OK, ex.StatusCode);
        Assert.False(ex.IsRetryable);
        Assert.NotNull(ex.InnerException);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_LoneSurrogateInToolArguments_StillYieldsTheCall()
    {
        await using var emulator = await StartAsync();
        emulator.Enqueue(ScriptedReply.RawStream(
            "text/event-stream",
            "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\",\"content\":[],\"usage\":{\"input_tokens\":1,\"output_tokens\":0}}}\n\n",
            "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"tool_use\",\"id\":\"t1\",\"name\":\"f\",\"input\":{}}}\n\n",
            "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"a\\\":\\\"\\\\ud800\\\"}\"}}\n\n",
            "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n",
            "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\"},\"usage\":{\"output_tokens\":3}}\n\n",
            "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"));
        using var client = Client(emulator);

        var updates = await client.GetStreamingResponseAsync("x", cancellationToken: Ct).ToListAsync(Ct);

        Assert.Equal("f", Assert.Single(updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>()).Name);
    }

    [Theory]
    [InlineData(429, typeof(RateLimitedException))]
    [InlineData(529, typeof(ProviderOverloadedException))]
    public async Task GetResponseAsync_ErrorBodyWithLoneSurrogate_MapsByStatus(int status, Type expected)
    {
        await using var emulator = await StartAsync();
        emulator.Enqueue(ScriptedReply.Raw(status, """{"type":"error","error":{"type":"x\ud800","message":"m\udc00"}}"""));
        using var client = Client(emulator);

        var ex = await Assert.ThrowsAnyAsync<ProviderException>(() => client.GetResponseAsync("x", cancellationToken: Ct));

        Assert.IsType(expected, ex);
        Assert.True(ex.IsRetryable);
    }
}
