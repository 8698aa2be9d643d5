using System.Globalization;
using System.Net;
using LlmAdapters.Testing;
using Microsoft.Extensions.AI;
using static LlmAdapters.OpenAI.Tests.OpenAITestSupport;
using Microsoft.Extensions.Time.Testing;

namespace LlmAdapters.OpenAI.Tests;

public sealed class OpenAIErrorsTests
{
    public static TheoryData<int, string?, Type, bool> StatusCases => new()
    {
        { 400, "unsupported_parameter", typeof(InvalidRequestException), false },
        { 400, "context_length_exceeded", typeof(ContextLengthExceededException), false },
        { 401, "invalid_api_key", typeof(ProviderAuthenticationException), false },
        { 403, null, typeof(ProviderPermissionException), false },
        { 404, "model_not_found", typeof(ModelNotFoundException), false },
        { 408, null, typeof(ProviderTimeoutException), true },
        { 409, null, typeof(ProviderException), true },
        { 413, null, typeof(InvalidRequestException), false },
        { 422, null, typeof(InvalidRequestException), false },
        { 429, "rate_limit_exceeded", typeof(RateLimitedException), true },
        { 429, "insufficient_quota", typeof(QuotaExceededException), false },
        { 400, "string_above_max_length", typeof(ContextLengthExceededException), false },
        { 400, "content_filter", typeof(ContentFilteredException), false },
        { 400, "content_policy_violation", typeof(ContentFilteredException), false },
        { 500, null, typeof(ProviderServerException), true },
        { 503, null, typeof(ProviderOverloadedException), true },
        { 529, null, typeof(ProviderOverloadedException), true },
    };

    [Theory]
    [MemberData(nameof(StatusCases))]
    public async Task GetResponseAsync_ErrorStatus_ThrowsExactTypeWithDetails(int status, string? code, Type expected, bool retryable)
    {
        await using var emulator = await StartEmulatorAsync();
        emulator.Enqueue(ScriptedReply.Error(status, "some_type", "Something failed.", code: code).WithHeader("x-request-id", "req_err"));
        using var client = Client(emulator);

        var ex = await Assert.ThrowsAnyAsync<ProviderException>(() => client.GetResponseAsync("x", cancellationToken: Ct));

        Assert.IsType(expected, ex);
        Assert.Equal((HttpStatusCode)status, ex.StatusCode);
        Assert.Equal("openai", ex.Provider);
        Assert.Equal(code, ex.ProviderErrorCode);
        Assert.Equal("some_type", ex.ProviderErrorType);
        Assert.Equal("req_err", ex.RequestId);
        Assert.Equal(retryable, ex.IsRetryable);
        Assert.Contains("Something failed", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_RetryAfterSeconds_IsParsed()
    {
        await using var emulator = await StartEmulatorAsync();
        emulator.Enqueue(ScriptedReply.Error(429, "requests", "Rate limit reached", TimeSpan.FromSeconds(7), "rate_limit_exceeded"));
        using var client = Client(emulator);

        var ex = await Assert.ThrowsAsync<RateLimitedException>(() => client.GetResponseAsync("x", cancellationToken: Ct));

        Assert.Equal(TimeSpan.FromSeconds(7), ex.RetryAfter);
    }

    [Fact]
    public async Task GetResponseAsync_RetryAfterHttpDate_IsParsedAgainstTheClock()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        await using var emulator = await StartEmulatorAsync(o => o.TimeProvider = clock);
        var reply = ScriptedReply.Error(429, "requests", "Slow down", TimeSpan.FromSeconds(30), "rate_limit_exceeded");
        reply.RetryAfterAsDate = true;
        emulator.Enqueue(reply);
        using var client = Client(emulator, o => o.TimeProvider = clock);

        var ex = await Assert.ThrowsAsync<RateLimitedException>(() => client.GetResponseAsync("x", cancellationToken: Ct));

        Assert.Equal(TimeSpan.FromSeconds(30), ex.RetryAfter);
    }

    [Fact]
    public async Task GetResponseAsync_RetryAfterMs_WinsOverRetryAfter()
    {
        await using var emulator = await StartEmulatorAsync();
        var reply = ScriptedReply.Error(503, "server_error", "Overloaded", TimeSpan.FromMilliseconds(1500));
        reply.RetryAfterAsMilliseconds = true;
        emulator.Enqueue(reply.WithHeader("retry-after", "20"));
        using var client = Client(emulator);

        var ex = await Assert.ThrowsAsync<ProviderOverloadedException>(() => client.GetResponseAsync("x", cancellationToken: Ct));

        Assert.Equal(TimeSpan.FromMilliseconds(1500), ex.RetryAfter);
    }

    [Fact]
    public async Task GetResponseAsync_502WithHtml_ThrowsServerExceptionWithoutThePage()
    {
        await using var emulator = await StartEmulatorAsync();
        emulator.Enqueue(ScriptedReply.Html(502));
        using var client = Client(emulator);

        var ex = await Assert.ThrowsAsync<ProviderServerException>(() => client.GetResponseAsync("x", cancellationToken: Ct));

        Assert.Equal(HttpStatusCode.BadGateway, ex.StatusCode);
        Assert.Contains("text/html", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("<html>", ex.Message, StringComparison.Ordinal);
        Assert.True(ex.IsRetryable);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ErrorStatusBeforeStream_ThrowsTypedException()
    {
        await using var emulator = await StartEmulatorAsync();
        emulator.Enqueue(ScriptedReply.Error(429, "requests", "Too many", TimeSpan.FromSeconds(2), "rate_limit_exceeded"));
        using var client = Client(emulator);

        var ex = await Assert.ThrowsAsync<RateLimitedException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync("x", cancellationToken: Ct))
            {
                Assert.Fail("No update was expected, got " + update);
            }
        });

        Assert.Equal(TimeSpan.FromSeconds(2), ex.RetryAfter);
    }

    [Fact]
    public async Task GetResponseAsync_OpenRouterNumericCode_IsKeptAsText()
    {
        await using var emulator = await StartEmulatorAsync();
        emulator.Enqueue(ScriptedReply.Raw(402, """{"error":{"code":402,"message":"Insufficient credits","metadata":{"limit_source":"openrouter_credits"}}}"""));
        using var client = Client(emulator);

        var ex = await Assert.ThrowsAsync<QuotaExceededException>(() => client.GetResponseAsync("x", cancellationToken: Ct));

        Assert.Equal("402", ex.ProviderErrorCode);
        Assert.Contains("Insufficient credits", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Errors_NeverContainTheApiKey()
    {
        const string wrongKey = "sk-wrong-SECRETKEY-9876543210";
        await using var emulator = await StartEmulatorAsync(o => o.ExpectedApiKey = ApiKey);
        emulator.Enqueue(ScriptedReply.Error(400, "invalid_request_error", $"Bad request for key {ApiKey}"));
        using var client = Client(emulator);
        using var wrongClient = Client(emulator, o => o.ApiKey = wrongKey);

        var invalid = await Assert.ThrowsAsync<InvalidRequestException>(() => client.GetResponseAsync("x", cancellationToken: Ct));
        var auth = await Assert.ThrowsAsync<ProviderAuthenticationException>(() => wrongClient.GetResponseAsync("x", cancellationToken: Ct));
        emulator.Enqueue(ScriptedReply.RawStream("text/event-stream", $"data: {{\"error\":{{\"message\":\"stream broke for {ApiKey}\",\"type\":\"server_error\"}}}}\n\n"));
        var stream = await Assert.ThrowsAnyAsync<ProviderException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync("x", cancellationToken: Ct))
            {
                _ = update;
            }
        });

        foreach (var ex in new Exception[] { invalid, auth, stream })
        {
            Assert.DoesNotContain(ApiKey, ex.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(wrongKey, ex.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain("SECRETKEY", ex.ToString(), StringComparison.Ordinal);
        }

        Assert.Contains("Bad request for key", invalid.Message, StringComparison.Ordinal);
        Assert.Equal("invalid_api_key", auth.ProviderErrorCode);
        Assert.Contains("OpenAIOptions.ApiKey", auth.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_MissingModelOnPlainEndpoint_IsRejectedByTheEmulatorLikeTheApi()
    {
        await using var emulator = await StartEmulatorAsync();
        using var http = new HttpClient();
        using var content = new StringContent("""{"messages":[]}""", System.Text.Encoding.UTF8, "application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, emulator.Url("v1/chat/completions")) { Content = content };
        request.Headers.Add("Authorization", "Bearer k");

        using var response = await http.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"param\":\"model\"", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"error":{"message":"m","type":"insufficient_quota","code":null}}""", "QuotaExceeded")]
    [InlineData("""{"error":{"message":"m","type":"invalid_request_error","code":"context_length_exceeded"}}""", "ContextLengthExceeded")]
    [InlineData("""{"error":{"message":"m","code":"content_filter","innererror":{"code":"ResponsibleAIPolicyViolation"}}}""", "ContentFiltered")]
    [InlineData("""{"error":{"message":"m","code":"400","innererror":{"code":"ResponsibleAIPolicyViolation"}}}""", "ContentFiltered")]
    [InlineData("""{"error":{"message":"m","type":"invalid_request_error","code":"unsupported_parameter"}}""", null)]
    public void Parse_CodesThatSayMoreThanTheStatus_ReportTheirKind(string body, string? expected) =>
        Assert.Equal(expected, OpenAIErrors.Parse(400, System.Text.Encoding.UTF8.GetBytes(body)).Kind?.ToString());

    [Fact]
    public void Parse_ErrorBodies_ReadEveryShape()
    {
        var openai = OpenAIErrors.Parse(400, """{"error":{"message":"Unsupported parameter","type":"invalid_request_error","param":"max_tokens","code":"unsupported_parameter"}}"""u8);
        var bare = OpenAIErrors.Parse(404, """{"error":"model 'x' not found"}"""u8);
        var html = OpenAIErrors.Parse(502, "<html>bad</html>"u8);

        Assert.Equal(("invalid_request_error", "unsupported_parameter", "Unsupported parameter", "max_tokens"), (openai.Type, openai.Code, openai.Message, openai.Param));
        Assert.Equal("model 'x' not found", bare.Message);
        Assert.Null(html.Message);
        _ = CultureInfo.InvariantCulture;
    }
}
