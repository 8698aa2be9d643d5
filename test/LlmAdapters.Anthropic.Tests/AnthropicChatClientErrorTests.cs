using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using LlmAdapters.Testing;
using LlmAdapters.Testing.Dialects.Anthropic;
using Microsoft.Extensions.AI;
using static LlmAdapters.Anthropic.Tests.AnthropicTestSupport;

namespace LlmAdapters.Anthropic.Tests;

public sealed class AnthropicChatClientErrorTests : IAsyncLifetime
{
    private ProviderEmulator _emulator = null!;

    public async ValueTask InitializeAsync() => _emulator = await ProviderEmulator.StartAsync();

    public async ValueTask DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public async Task GetResponseAsync_Overloaded529_ThrowsRetryableOverloaded()
    {
        _emulator.Enqueue(ScriptedReply.Error(529, message: "Overloaded").WithHeader("request-id", "req_529"));
        using var client = Client(_emulator);

        var ex = await Assert.ThrowsAsync<ProviderOverloadedException>(() => client.GetResponseAsync("hi", null, TestContext.Current.CancellationToken));

        Assert.Equal((HttpStatusCode)529, ex.StatusCode);
        Assert.Equal(("overloaded_error", "req_529", true), (ex.ProviderErrorType, ex.RequestId, ex.IsRetryable));
        Assert.Equal("anthropic", ex.Provider);
    }

    [Fact]
    public async Task GetResponseAsync_RateLimited429_CarriesRetryAfterAndRateLimits()
    {
        _emulator.Enqueue(ScriptedReply.Error(429, message: "Number of request tokens has exceeded your per-minute rate limit", retryAfter: TimeSpan.FromSeconds(17))
            .WithHeader("anthropic-ratelimit-tokens-remaining", "0").WithHeader("anthropic-ratelimit-tokens-reset", "2026-01-01T00:00:00Z"));
        using var client = Client(_emulator);

        var ex = await Assert.ThrowsAsync<RateLimitedException>(() => client.GetResponseAsync("hi", null, TestContext.Current.CancellationToken));

        Assert.Equal(TimeSpan.FromSeconds(17), ex.RetryAfter);
        Assert.Equal("rate_limit_error", ex.ProviderErrorType);
        Assert.Equal(0, ex.RateLimits!.TokensRemaining);
        Assert.Equal("2026-01-01T00:00:00Z", ex.RateLimits.TokensReset);
    }

    [Theory]
    [InlineData(400, "invalid_request_error", typeof(InvalidRequestException))]
    [InlineData(401, "authentication_error", typeof(ProviderAuthenticationException))]
    [InlineData(403, "permission_error", typeof(ProviderPermissionException))]
    [InlineData(404, "not_found_error", typeof(ModelNotFoundException))]
    [InlineData(413, "request_too_large", typeof(InvalidRequestException))]
    [InlineData(402, "billing_error", typeof(QuotaExceededException))]
    [InlineData(500, "api_error", typeof(ProviderServerException))]
    public async Task GetResponseAsync_ErrorTypes_MapToExceptionFamily(int status, string type, Type expected)
    {
        _emulator.Enqueue(ScriptedReply.Error(status, type, "went wrong"));
        using var client = Client(_emulator);

        var ex = await Assert.ThrowsAnyAsync<ProviderException>(() => client.GetResponseAsync("hi", null, TestContext.Current.CancellationToken));

        Assert.IsType(expected, ex);
        Assert.Equal(type, ex.ProviderErrorType);
        Assert.Contains($"[{type}]: went wrong", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_KeyEchoedInErrorMessage_NeverAppearsInException()
    {
        _emulator.Enqueue(ScriptedReply.Error(401, "authentication_error", $"invalid x-api-key {Key}"));
        using var client = Client(_emulator);

        var ex = await Assert.ThrowsAsync<ProviderAuthenticationException>(() => client.GetResponseAsync("hi", null, TestContext.Current.CancellationToken));

        Assert.DoesNotContain(Key, ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("test-key-0123", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_WrongKey_EmulatorRejectsWithAuthenticationError()
    {
        await using var strict = await ProviderEmulator.StartAsync(new ProviderEmulatorOptions { ExpectedApiKey = "sk-ant-api03-the-right-one" }, TestContext.Current.CancellationToken);
        using var client = Client(strict);

        var ex = await Assert.ThrowsAsync<ProviderAuthenticationException>(() => client.GetResponseAsync("hi", null, TestContext.Current.CancellationToken));

        Assert.Contains("AnthropicOptions.ApiKey", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Emulator_OAuthTokenWithoutBetaFlag_IsRejected()
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, _emulator.Url("v1/messages"))
        {
            Content = new StringContent("""{"model":"m","max_tokens":5,"messages":[]}"""),
        };
        request.Headers.Add("Authorization", "Bearer sk-ant-oat01-token");
        request.Headers.Add("anthropic-version", "2023-06-01");

        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("OAuth authentication is currently not supported.", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_TooManyBreakpoints_FailsBeforeAnyRequest()
    {
        using var client = Client(_emulator);
        var messages = Enumerable.Range(0, 5).Select(i => new ChatMessage(i % 2 == 0 ? ChatRole.User : ChatRole.Assistant, $"m{i}").WithCacheBreakpoint()).ToList();

        await Assert.ThrowsAsync<ArgumentException>(() => client.GetResponseAsync(messages, null, TestContext.Current.CancellationToken));

        Assert.Empty(_emulator.Requests);
    }

    [Fact]
    public async Task GetResponseAsync_NoModelAnywhere_ThrowsArgumentExceptionBeforeAnyRequest()
    {
        using var client = Client(_emulator, o => o.DefaultModelId = null);

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => client.GetResponseAsync("hi", null, TestContext.Current.CancellationToken));

        Assert.Equal("options", ex.ParamName);
        Assert.Contains("ChatOptions.ModelId or AnthropicOptions.DefaultModelId", ex.Message, StringComparison.Ordinal);
        Assert.Empty(_emulator.Requests);
    }

    [Fact]
    public async Task Emulator_MissingVersionOrMaxTokens_RejectsLikeTheApi()
    {
        using var http = new HttpClient();
        using var noVersion = new HttpRequestMessage(HttpMethod.Post, _emulator.Url("v1/messages"))
        {
            Content = new StringContent("""{"model":"m","max_tokens":5,"messages":[]}"""),
        };
        noVersion.Headers.Add("x-api-key", Key);
        using var r1 = await http.SendAsync(noVersion, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, r1.StatusCode);
        Assert.Contains("anthropic-version", await r1.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);

        using var noMax = new HttpRequestMessage(HttpMethod.Post, _emulator.Url("v1/messages"))
        {
            Content = new StringContent("""{"model":"m","messages":[]}"""),
        };
        noMax.Headers.Add("x-api-key", Key);
        noMax.Headers.Add("anthropic-version", "2023-06-01");
        using var r2 = await http.SendAsync(noMax, TestContext.Current.CancellationToken);
        AssertJson("""{"type":"error","error":{"type":"invalid_request_error","message":"max_tokens: Field required"},"request_id":"req_emulator"}""", JsonNode.Parse(await r2.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)));
    }
}
