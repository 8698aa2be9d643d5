using System.Net;
using LlmAdapters.Testing;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Gemini.Tests;

/// <summary>Valid but odd JSON from Gemini: mapped, kept raw, or a typed error — never an untyped exception.</summary>
public sealed class GeminiOddJsonTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Response(string parts, string finish = "\"STOP\"") =>
        "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":" + parts + "},\"finishReason\":" + finish +
        ",\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":1,\"candidatesTokenCount\":1,\"totalTokenCount\":2},\"responseId\":\"r1\"}";

    private static async Task<ChatResponse> AnswerAsync(string body)
    {
        await using var h = await GeminiHarness.StartAsync();
        h.Emulator.Enqueue(ScriptedReply.Raw(200, body));
        using var client = h.Client();
        return await client.GetResponseAsync("x", cancellationToken: Ct);
    }

    [Fact]
    public async Task GetResponseAsync_NullInParts_SkipsIt()
    {
        var response = await AnswerAsync(Response("[null,{\"text\":\"hi\"},null]"));

        Assert.Equal("hi", Assert.IsType<TextContent>(Assert.Single(response.Messages[0].Contents)).Text);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_NullInParts_SkipsIt()
    {
        await using var h = await GeminiHarness.StartAsync();
        h.Emulator.Enqueue(ScriptedReply.RawStream("text/event-stream", "data: " + Response("[null,{\"functionCall\":{\"name\":\"f\",\"args\":{}}},null]") + "\r\n\r\n"));
        using var client = h.Client();

        var updates = await client.GetStreamingResponseAsync("x", cancellationToken: Ct).ToListAsync(Ct);

        Assert.Equal("f", Assert.Single(updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>()).Name);
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("\" \"")]
    public async Task GetResponseAsync_EmptyFinishReason_MapsToNull(string finish)
    {
        var response = await AnswerAsync(Response("[{\"text\":\"hi\"}]", finish));

        Assert.Null(response.FinishReason);
    }

    [Fact]
    public async Task GetResponseAsync_InvalidMimeType_KeepsTheBytesAsOctetStream()
    {
        var response = await AnswerAsync(Response("[{\"inlineData\":{\"mimeType\":\"not a type\",\"data\":\"AQID\"}}]"));

        var data = Assert.IsType<DataContent>(Assert.Single(response.Messages[0].Contents));
        Assert.Equal("application/octet-stream", data.MediaType);
        Assert.Equal(new byte[] { 1, 2, 3 }, data.Data.ToArray());
        Assert.NotNull(data.RawRepresentation);
    }

    [Fact]
    public async Task GetResponseAsync_BadBase64_KeepsThePartRaw()
    {
        var response = await AnswerAsync(Response("[{\"inlineData\":{\"mimeType\":\"image/png\",\"data\":\"not base64!\"}}]"));

        var content = Assert.Single(response.Messages[0].Contents);
        Assert.Equal(typeof(AIContent), content.GetType());
        Assert.Equal("not base64!", Assert.IsType<LlmAdapters.Gemini.Wire.GeminiPart>(content.RawRepresentation).InlineData!.Data);
    }

    [Fact]
    public async Task GetResponseAsync_BadFileUri_KeepsThePartRaw()
    {
        var response = await AnswerAsync(Response("[{\"fileData\":{\"mimeType\":\"application/pdf\",\"fileUri\":\"http://[::1\"}}]"));

        var content = Assert.Single(response.Messages[0].Contents);
        Assert.Equal(typeof(AIContent), content.GetType());
        Assert.IsType<LlmAdapters.Gemini.Wire.GeminiPart>(content.RawRepresentation);
    }

    [Fact]
    public async Task GetResponseAsync_FileUriWithInvalidMimeType_KeepsTheUriAsOctetStream()
    {
        var response = await AnswerAsync(Response("[{\"fileData\":{\"mimeType\":\"??\",\"fileUri\":\"gs://b/f.pdf\"}}]"));

        var uri = Assert.IsType<UriContent>(Assert.Single(response.Messages[0].Contents));
        Assert.Equal("application/octet-stream", uri.MediaType);
        Assert.Equal(new Uri("gs://b/f.pdf"), uri.Uri);
    }

    [Fact]
    public async Task GetResponseAsync_LoneSurrogateInToolArguments_StillMapsTheCall()
    {
        await using var h = await GeminiHarness.StartAsync();
        h.Emulator.Enqueue(ScriptedReply.Raw(200, Response("[{\"functionCall\":{\"name\":\"f\",\"args\":{\"a\":\"\\ud800\"}}}]")));
        using var client = h.Client();

        var response = await client.GetResponseAsync("x", cancellationToken: Ct);

        Assert.Equal("f", Assert.IsType<FunctionCallContent>(Assert.Single(response.Messages[0].Contents)).Name);
    }

    [Theory]
    [InlineData(429, typeof(RateLimitedException))]
    [InlineData(503, typeof(ProviderOverloadedException))]
    public async Task GetResponseAsync_ErrorBodyWithLoneSurrogate_MapsByStatus(int status, Type expected)
    {
        await using var h = await GeminiHarness.StartAsync();
        h.Emulator.Enqueue(ScriptedReply.Raw(status, """{"error":{"code":429,"message":"m\ud800","status":"X\udc00"}}"""));
        using var client = h.Client();

        var ex = await Assert.ThrowsAnyAsync<ProviderException>(() => client.GetResponseAsync("x", cancellationToken: Ct));

        Assert.IsType(expected, ex);
        Assert.True(ex.IsRetryable);
    }
}
