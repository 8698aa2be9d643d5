using System.Net;
using LlmAdapters.Gemini;
using LlmAdapters.Testing;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Gemini.Tests;

public sealed class GeminiErrorsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetResponseAsync_ResourceExhaustedWithRetryInfo_ThrowsRateLimitedWithRetryAfter()
    {
        await using var h = await GeminiHarness.StartAsync();
        using var client = h.Client();
        h.Emulator.Enqueue(ScriptedReply.Error(429, message: "You exceeded your current quota.", retryAfter: TimeSpan.FromSeconds(34.4)));

        var ex = await Assert.ThrowsAsync<RateLimitedException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "x")], cancellationToken: Ct));

        Assert.Equal(TimeSpan.FromSeconds(34.4), ex.RetryAfter);
        Assert.True(ex.IsRetryable);
        Assert.Equal(HttpStatusCode.TooManyRequests, ex.StatusCode);
        Assert.Equal("RESOURCE_EXHAUSTED", ex.ProviderErrorType);
        Assert.Equal("gcp.gemini", ex.Provider);
        Assert.Contains("You exceeded your current quota", ex.Message, StringComparison.Ordinal);
        Assert.Contains("34.4 s", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(503, null, typeof(ProviderOverloadedException), true)]
    [InlineData(500, null, typeof(ProviderServerException), true)]
    [InlineData(504, null, typeof(ProviderTimeoutException), true)]
    [InlineData(400, null, typeof(InvalidRequestException), false)]
    [InlineData(400, "FAILED_PRECONDITION", typeof(InvalidRequestException), false)]
    [InlineData(403, null, typeof(ProviderPermissionException), false)]
    [InlineData(401, null, typeof(ProviderAuthenticationException), false)]
    [InlineData(404, null, typeof(ModelNotFoundException), false)]
    public async Task GetResponseAsync_RpcStatus_MapsToExceptionFamily(int status, string? type, Type expected, bool retryable)
    {
        await using var h = await GeminiHarness.StartAsync();
        using var client = h.Client();
        h.Emulator.Enqueue(ScriptedReply.Error(status, type, "scripted failure"));

        var ex = await Assert.ThrowsAnyAsync<ProviderException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "x")], cancellationToken: Ct));

        Assert.Equal(expected, ex.GetType());
        Assert.Equal(retryable, ex.IsRetryable);
        Assert.Equal((HttpStatusCode)status, ex.StatusCode);
    }

    [Fact]
    public async Task GetResponseAsync_WrongKey_ThrowsAuthenticationWithoutTheKeyAnywhere()
    {
        await using var h = await GeminiHarness.StartAsync();
        const string wrong = "AIzaWrongKeyWrongKeyWrongKey0123";
        var options = h.Options();
        options.ApiKey = wrong;
        using var client = new GeminiChatClient(options);

        var ex = await Assert.ThrowsAsync<ProviderAuthenticationException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "x")], cancellationToken: Ct));
        var streamEx = await Assert.ThrowsAsync<ProviderAuthenticationException>(() =>
            GeminiChatClientTests.ReadAllAsync(client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "x")], cancellationToken: Ct)));

        Assert.Equal("API_KEY_INVALID", ex.ProviderErrorCode);
        Assert.DoesNotContain(wrong, ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, streamEx.ToString(), StringComparison.Ordinal);
        Assert.Contains("GeminiOptions.ApiKey", ex.Message, StringComparison.Ordinal);
        Assert.All(h.Emulator.Requests, r =>
        {
            Assert.DoesNotContain(wrong, r.Path + r.Query, StringComparison.Ordinal);
            Assert.Equal(wrong, r.Header("x-goog-api-key"));
        });
    }

    [Fact]
    public void Constructor_VertexWithoutProjectOrKey_ThrowsConfigurationError()
    {
        var ex = Assert.Throws<ProviderConfigurationException>(() => new GeminiChatClient(new GeminiOptions
        {
            Endpoint = new Uri("http://127.0.0.1:1/"),
            Vertex = new GeminiVertexOptions { Credential = Google.Apis.Auth.OAuth2.GoogleCredential.FromAccessToken("t") },
        }));
        Assert.Contains("GeminiOptions.Vertex.Project", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ArrayWrappedStatus_ReadsTheError()
    {
        var info = GeminiErrors.Parse(400, """[{"error":{"code":400,"message":"bad","status":"INVALID_ARGUMENT"}}]"""u8);
        Assert.Equal(("INVALID_ARGUMENT", "bad", ProviderErrorKind.InvalidRequest), (info.Type, info.Message, info.Kind));
    }
}
