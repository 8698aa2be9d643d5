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
    public async Task GetResponseAsync_ExpiredContextCache_ThrowsContextCacheNotFoundKeepingTheProviderFields()
    {
        await using var h = await GeminiHarness.StartAsync();
        using var client = h.Client();
        var options = new ChatOptions { AdditionalProperties = new() { [AdditionalPropertyKeys.ContextCacheName] = "cachedContents/gone1" } };

        var ex = await Assert.ThrowsAsync<ContextCacheNotFoundException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "x")], options, Ct));

        Assert.Equal(HttpStatusCode.Forbidden, ex.StatusCode);
        Assert.Equal("PERMISSION_DENIED", ex.ProviderErrorType);
        Assert.Equal("gcp.gemini", ex.Provider);
        Assert.False(ex.IsRetryable);
        Assert.IsType<ProviderPermissionException>(ex.InnerException);
        Assert.Contains("'cachedContents/gone1'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_VertexMissingContextCache_ThrowsContextCacheNotFoundBeforeAnyUpdate()
    {
        await using var h = await GeminiHarness.StartAsync();
        using var client = new GeminiChatClient(GeminiVertexTests.VertexOptions(h, Google.Apis.Auth.OAuth2.GoogleCredential.FromAccessToken("tok"), "us-central1"));
        var options = new ChatOptions { AdditionalProperties = new() { [AdditionalPropertyKeys.ContextCacheName] = "cachedContents/gone2" } };
        var updates = 0;

        var ex = await Assert.ThrowsAsync<ContextCacheNotFoundException>(async () =>
        {
            await foreach (var _ in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "x")], options, Ct))
            {
                updates++;
            }
        });

        Assert.Equal(0, updates);
        Assert.Equal(HttpStatusCode.NotFound, ex.StatusCode);
        Assert.Equal("NOT_FOUND", ex.ProviderErrorType);
        Assert.Equal("gcp.vertex_ai", ex.Provider);
    }

    [Fact]
    public async Task GetResponseAsync_PermissionDeniedWithoutACacheReference_StaysPermissionException()
    {
        await using var h = await GeminiHarness.StartAsync();
        using var client = h.Client();
        h.Emulator.Enqueue(ScriptedReply.Error(403, "PERMISSION_DENIED", "CachedContent not found (or permission denied)"));

        var ex = await Assert.ThrowsAsync<ProviderPermissionException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "x")], cancellationToken: Ct));

        Assert.Equal("PERMISSION_DENIED", ex.ProviderErrorType);
    }

    [Theory]
    [InlineData(403, "PERMISSION_DENIED", "cachedContents/1", true)]
    [InlineData(404, "NOT_FOUND", "cachedContents/1", true)]
    [InlineData(403, "PERMISSION_DENIED", null, false)]
    [InlineData(404, "NOT_FOUND", null, false)]
    [InlineData(400, "INVALID_ARGUMENT", "cachedContents/1", false)]
    [InlineData(429, "RESOURCE_EXHAUSTED", "cachedContents/1", false)]
    [InlineData(403, "INVALID_ARGUMENT", "cachedContents/1", false)]
    public void CacheGone_StatusTypeAndReference_DecideTheType(int status, string type, string? cache, bool gone)
    {
        var error = new ProviderException("Cached content is gone.", new ProviderErrorDetails("gcp.gemini", (HttpStatusCode)status, type, RequestId: "req_7"));

        var refined = GeminiErrors.CacheGone(error, cache);

        Assert.Equal(gone, refined is not null);
        if (refined is not null)
        {
            Assert.Same(error, refined.InnerException);
            Assert.Equal(("gcp.gemini", (HttpStatusCode)status, type, "req_7"), (refined.Provider, refined.StatusCode!.Value, refined.ProviderErrorType, refined.RequestId));
        }
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
