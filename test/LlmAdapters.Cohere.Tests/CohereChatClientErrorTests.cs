using System.Net;
using LlmAdapters.Testing;
using LlmAdapters.Testing.Dialects.Cohere;
using Microsoft.Extensions.AI;
using static LlmAdapters.Cohere.Tests.TestSupport.CohereTestSupport;

namespace LlmAdapters.Cohere.Tests;

/// <summary>Every failure a Cohere call can meet, as the caller sees it: the Core exception family, never raw HTTP or JSON errors.</summary>
public sealed class CohereChatClientErrorTests : IAsyncLifetime
{
    private ProviderEmulator _emulator = null!;

    public async ValueTask InitializeAsync() => _emulator = await ProviderEmulator.StartAsync(Ct);

    public async ValueTask DisposeAsync() => await _emulator.DisposeAsync();

    public static TheoryData<int, Type, bool> Statuses() => new()
    {
        { 400, typeof(InvalidRequestException), false },
        { 401, typeof(ProviderAuthenticationException), false },
        { 402, typeof(QuotaExceededException), false },
        { 403, typeof(ProviderPermissionException), false },
        { 404, typeof(ModelNotFoundException), false },
        { 422, typeof(InvalidRequestException), false },
        { 429, typeof(RateLimitedException), true },
        { 498, typeof(ProviderAuthenticationException), false },
        { 499, typeof(ProviderServerException), true },
        { 500, typeof(ProviderServerException), true },
        { 503, typeof(ProviderOverloadedException), true },
        { 504, typeof(ProviderServerException), true },
    };

    [Theory]
    [MemberData(nameof(Statuses))]
    public async Task GetResponseAsync_ErrorStatus_MapsToTheExceptionFamily(int status, Type expected, bool retryable)
    {
        _emulator.Enqueue(ScriptedReply.Error(status, message: "went wrong").WithHeader("x-debug-trace-id", "trace-err"));
        using var client = Client(_emulator);

        var ex = await Assert.ThrowsAnyAsync<ProviderException>(() => client.GetResponseAsync("hi", null, Ct));

        Assert.IsType(expected, ex);
        Assert.Equal((HttpStatusCode)status, ex.StatusCode);
        Assert.Equal(("cohere", "trace-err", retryable), (ex.Provider, ex.RequestId, ex.IsRetryable));
        Assert.Contains("went wrong", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_InvalidToken498_NamesTheStatusMeaning()
    {
        _emulator.Enqueue(ScriptedReply.Error(498));
        using var client = Client(_emulator);

        var ex = await Assert.ThrowsAsync<ProviderAuthenticationException>(() => client.GetResponseAsync("hi", null, Ct));

        Assert.Equal("invalid_token", ex.ProviderErrorType);
        Assert.Contains("[invalid_token]: invalid token", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_RateLimited429_CarriesRetryAfterBeforeAnyUpdate()
    {
        _emulator.Enqueue(ScriptedReply.Error(429, retryAfter: TimeSpan.FromSeconds(30)));
        using var client = Client(_emulator);
        var updates = new List<ChatResponseUpdate>();

        var ex = await Assert.ThrowsAsync<RateLimitedException>(() => CollectAsync(client.GetStreamingResponseAsync("hi", null, Ct), updates));

        Assert.Equal(TimeSpan.FromSeconds(30), ex.RetryAfter);
        Assert.Contains("past the per minute request limit", ex.Message, StringComparison.Ordinal);
        Assert.Empty(updates);
    }

    [Fact]
    public async Task GetResponseAsync_KeyEchoedInErrorMessage_NeverAppearsInException()
    {
        _emulator.Enqueue(ScriptedReply.Error(401, message: $"invalid api token {Key}"));
        using var client = Client(_emulator);

        var ex = await Assert.ThrowsAsync<ProviderAuthenticationException>(() => client.GetResponseAsync("hi", null, Ct));

        Assert.DoesNotContain(Key, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_WrongKey_EmulatorRejectsWithAuthenticationError()
    {
        await using var strict = await ProviderEmulator.StartAsync(new ProviderEmulatorOptions { ExpectedApiKey = "the-right-key" }, Ct);
        using var client = Client(strict);

        var ex = await Assert.ThrowsAsync<ProviderAuthenticationException>(() => client.GetResponseAsync("hi", null, Ct));

        Assert.Contains("invalid api token", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_GenerationErrorInMessageEnd_ThrowsAfterTheTextAlreadyYielded()
    {
        var reply = ScriptedReply.Text("Partial answer here").InChunks(3).WithProperty(CohereDialect.ErrorEventAfterProperty, 4);
        reply.ErrorMessage = "generation failed";
        _emulator.Enqueue(reply);
        using var client = Client(_emulator);
        var updates = new List<ChatResponseUpdate>();

        var ex = await Assert.ThrowsAsync<StreamInterruptedException>(() => CollectAsync(client.GetStreamingResponseAsync("hi", null, Ct), updates));

        Assert.Equal("generation_error", ex.ProviderErrorType);
        Assert.Contains("generation failed", ex.Message, StringComparison.Ordinal);
        Assert.Equal("Partial answe", string.Concat(updates.Select(u => u.Text)));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_StreamWithoutMessageEnd_ThrowsStreamInterrupted()
    {
        var reply = ScriptedReply.Text("Cut short").InChunks(2);
        reply.OmitStreamTerminator = true;
        _emulator.Enqueue(reply);
        using var client = Client(_emulator);
        var updates = new List<ChatResponseUpdate>();

        var ex = await Assert.ThrowsAsync<StreamInterruptedException>(() => CollectAsync(client.GetStreamingResponseAsync("hi", null, Ct), updates));

        Assert.Contains("message-end", ex.Message, StringComparison.Ordinal);
        Assert.Equal("Cut short", string.Concat(updates.Select(u => u.Text)));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_GarbledFrame_ThrowsStreamInterruptedNotJsonException()
    {
        _emulator.Enqueue(ScriptedReply.Text("abcdef").InChunks(3).GarbleChunk(3));
        using var client = Client(_emulator);
        var updates = new List<ChatResponseUpdate>();

        await Assert.ThrowsAsync<StreamInterruptedException>(() => CollectAsync(client.GetStreamingResponseAsync("hi", null, Ct), updates));

        Assert.Equal("ab", string.Concat(updates.Select(u => u.Text)));
    }

    [Fact]
    public async Task GetResponseAsync_GatewayHtmlPage_SaysItWasNotACohereError()
    {
        _emulator.Enqueue(ScriptedReply.Html(502));
        using var client = Client(_emulator);

        var ex = await Assert.ThrowsAsync<ProviderServerException>(() => client.GetResponseAsync("hi", null, Ct));

        Assert.Contains("not a cohere error object", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_EmulatorValidation_EmptyMessagesAreRejectedAsInvalid()
    {
        using var client = Client(_emulator);

        var ex = await Assert.ThrowsAsync<InvalidRequestException>(() => client.GetResponseAsync([], null, Ct));

        Assert.Contains("messages must not be empty", ex.Message, StringComparison.Ordinal);
    }
}
