using System.Net;

namespace LlmAdapters.Core.Tests.Errors;

public sealed class ProviderErrorFactoryTests
{
    private const string Provider = "testprov";
    private const string Key = "sk-test-0123456789abcdefghij";

    public static TheoryData<int, string?, Type, bool> StatusTable => new()
    {
        { 400, null, typeof(InvalidRequestException), false },
        { 401, null, typeof(ProviderAuthenticationException), false },
        { 402, null, typeof(QuotaExceededException), false },
        { 403, null, typeof(ProviderPermissionException), false },
        { 404, null, typeof(ModelNotFoundException), false },
        { 408, null, typeof(ProviderTimeoutException), true },
        { 409, null, typeof(ProviderException), true },
        { 413, null, typeof(InvalidRequestException), false },
        { 422, null, typeof(InvalidRequestException), false },
        { 429, null, typeof(RateLimitedException), true },
        { 429, "rate_limit_exceeded", typeof(RateLimitedException), true },
        { 429, "insufficient_quota", typeof(RateLimitedException), true }, // provider codes are the provider parser's business
        { 500, null, typeof(ProviderServerException), true },
        { 502, null, typeof(ProviderServerException), true },
        { 503, null, typeof(ProviderOverloadedException), true },
        { 504, null, typeof(ProviderServerException), true },
        { 529, null, typeof(ProviderOverloadedException), true },
        { 400, "context_length_exceeded", typeof(InvalidRequestException), false },
        { 400, "content_filter", typeof(InvalidRequestException), false },
        { 400, "content_policy_violation", typeof(InvalidRequestException), false },
        { 418, null, typeof(ProviderException), false },
    };

    [Theory]
    [MemberData(nameof(StatusTable))]
    public void FromHttp_StatusAndCode_MapsToExceptionTypeAndRetryability(int status, string? code, Type expected, bool retryable)
    {
        var ex = ProviderErrorFactory.FromHttp(Provider, status, new ProviderErrorInfo(Code: code, Message: "m"), "req_1", null, null, null, null, null);

        Assert.IsType(expected, ex);
        Assert.Equal(retryable, ex.IsRetryable);
        Assert.Equal((HttpStatusCode)status, ex.StatusCode);
        Assert.Equal(code, ex.ProviderErrorCode);
        Assert.Equal("req_1", ex.RequestId);
        Assert.Equal(Provider, ex.Provider);
    }

    [Fact]
    public void FromHttp_KindFromTheParser_WinsOverTheStatus()
    {
        var ex = ProviderErrorFactory.FromHttp(Provider, 429, new ProviderErrorInfo(Type: "insufficient_quota", Kind: ProviderErrorKind.QuotaExceeded), null, null, null, null, null, null);

        Assert.IsType<QuotaExceededException>(ex);
        Assert.Equal("insufficient_quota", ex.ProviderErrorType);
        Assert.Contains("retrying will not help until billing is fixed", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(500, false)]
    [InlineData(429, false)]
    [InlineData(400, true)]
    [InlineData(401, true)]
    public void FromHttp_ShouldRetryHeader_OverridesTheTable(int status, bool header)
    {
        var ex = ProviderErrorFactory.FromHttp(Provider, status, default, null, null, null, header, null, null);

        Assert.Equal(header, ex.IsRetryable);
    }

    [Fact]
    public void FromHttp_KindFromParser_WinsOverStatus()
    {
        var ex = ProviderErrorFactory.FromHttp(
            Provider, 400, new ProviderErrorInfo(Type: "overloaded_error", Kind: ProviderErrorKind.Overloaded), null, null, null, null, null, null);

        Assert.IsType<ProviderOverloadedException>(ex);
        Assert.True(ex.IsRetryable);
    }

    [Fact]
    public void FromHttp_Message_SaysStatusTagTextParameterAdviceWaitAndRequestId()
    {
        var ex = ProviderErrorFactory.FromHttp(
            Provider,
            429,
            new ProviderErrorInfo(Type: "requests", Code: "rate_limit_exceeded", Message: "Rate limit reached for gpt-4.1.", Param: "model"),
            "req_abc",
            TimeSpan.FromMilliseconds(1500),
            null,
            null,
            null,
            null);

        Assert.Equal(
            "testprov returned HTTP 429 (TooManyRequests) [rate_limit_exceeded]: Rate limit reached for gpt-4.1 (parameter 'model'). " +
            "Slow down: retry after the indicated wait, or lower the request rate. The provider asked to wait 1.5 s before retrying. Request id: req_abc.",
            ex.Message);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), ex.RetryAfter);
        Assert.Equal("requests", ex.ProviderErrorType);
    }

    [Fact]
    public void FromHttp_RetryAfterOnlyInBody_IsUsed()
    {
        var ex = ProviderErrorFactory.FromHttp(Provider, 429, new ProviderErrorInfo(RetryAfter: TimeSpan.FromSeconds(17)), null, null, null, null, null, null);

        Assert.Equal(TimeSpan.FromSeconds(17), ex.RetryAfter);
    }

    [Fact]
    public void FromHttp_AuthenticationWithCredentialHint_NamesWhereTheKeyComesFrom()
    {
        var ex = ProviderErrorFactory.FromHttp(Provider, 401, default, null, null, null, null, "TestOptions.ApiKey or the TEST_API_KEY environment variable", null);

        Assert.Contains("Check the credentials (TestOptions.ApiKey or the TEST_API_KEY environment variable)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromHttp_MessageEchoingTheKey_IsRedacted()
    {
        var info = new ProviderErrorInfo(Code: "invalid_api_key", Message: $"Incorrect API key provided: {Key}. You can find your API key at the dashboard.");

        var ex = ProviderErrorFactory.FromHttp(Provider, 401, info, null, null, null, null, null, [Key]);

        Assert.DoesNotContain(Key, ex.ToString(), StringComparison.Ordinal);
        Assert.Contains("Incorrect API key provided: [REDACTED]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromHttp_LongProviderMessage_IsCutAt500Characters()
    {
        var ex = ProviderErrorFactory.FromHttp(Provider, 400, new ProviderErrorInfo(Message: new string('z', 2000)), null, null, null, null, null, null);

        Assert.Contains(new string('z', 500) + "…", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(new string('z', 501), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromHttp_RateLimits_AreCarried()
    {
        var limits = new RateLimitInfo { RequestsRemaining = 0 };

        var ex = ProviderErrorFactory.FromHttp(Provider, 429, default, null, null, limits, null, null, null);

        Assert.Same(limits, ex.RateLimits);
    }

    [Fact]
    public void FromStreamError_UnknownKind_BecomesStreamInterrupted()
    {
        var ex = ProviderErrorFactory.FromStreamError(Provider, new ProviderErrorInfo(Type: "server_hiccup", Message: "oops"), "req_2", null);

        var typed = Assert.IsType<StreamInterruptedException>(ex);
        Assert.Null(typed.StatusCode);
        Assert.True(typed.IsRetryable);
        Assert.StartsWith("testprov reported an error in the middle of the stream [server_hiccup]: oops.", typed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromStreamError_QuotaCode_KeepsItsKind()
    {
        var ex = ProviderErrorFactory.FromStreamError(Provider, new ProviderErrorInfo(Code: "insufficient_quota", Kind: ProviderErrorKind.QuotaExceeded), null, null);

        Assert.IsType<QuotaExceededException>(ex);
        Assert.False(ex.IsRetryable);
    }

    [Fact]
    public void ContextCacheNotFound_KeepsTheProviderFieldsAndIsNotRetryable()
    {
        var limits = new RateLimitInfo { RequestsRemaining = 3 };
        var error = new ProviderPermissionException("denied", new ProviderErrorDetails(Provider, HttpStatusCode.Forbidden, "PERMISSION_DENIED", "c1", "req_5", TimeSpan.FromSeconds(2), IsRetryable: true, limits));

        var ex = ProviderErrorFactory.ContextCacheNotFound(error, "cachedContents/abc");

        Assert.IsType<ContextCacheNotFoundException>(ex);
        Assert.Same(error, ex.InnerException);
        Assert.Equal((Provider, HttpStatusCode.Forbidden, "PERMISSION_DENIED", "c1", "req_5", TimeSpan.FromSeconds(2), false),
            (ex.Provider, ex.StatusCode!.Value, ex.ProviderErrorType, ex.ProviderErrorCode, ex.RequestId, ex.RetryAfter!.Value, ex.IsRetryable));
        Assert.Same(limits, ex.RateLimits);
        Assert.Contains("'cachedContents/abc'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("HTTP 403", ex.Message, StringComparison.Ordinal);
        Assert.Contains("req_5", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Network_TimedOut_IsTimeoutExceptionNamingTheHostOnly()
    {
        var ex = ProviderErrorFactory.Network(Provider, new Uri("https://api.example.test/v1/chat?key=secret"), new TaskCanceledException(), timedOut: true);

        Assert.IsType<ProviderTimeoutException>(ex);
        Assert.True(ex.IsRetryable);
        Assert.Contains("at https://api.example.test timed out", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_IncludesStructuredFields()
    {
        var ex = ProviderErrorFactory.FromHttp(Provider, 404, new ProviderErrorInfo(Type: "invalid_request_error", Code: "model_not_found"), "req_7", null, null, null, null, null);

        Assert.EndsWith("[provider=testprov, status=404, type=invalid_request_error, code=model_not_found, request-id=req_7]", ex.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(200, false)]
    [InlineData(429, true)]
    [InlineData(503, true)]
    [InlineData(400, false)]
    [InlineData(null, false)]
    public void ResponseUndecodable_Status_DecidesRetryability(int? status, bool retryable)
    {
        var inner = new InvalidOperationException("bad " + Key);

        var ex = ProviderErrorFactory.ResponseUndecodable(Provider, (HttpStatusCode?)status, "req_1", inner);

        Assert.Equal(retryable, ex.IsRetryable);
        Assert.Equal((HttpStatusCode?)status, ex.StatusCode);
        Assert.Equal("req_1", ex.RequestId);
        Assert.Same(inner, ex.InnerException);
        Assert.Equal(
            "testprov returned a response body that holds a value that could not be mapped (InvalidOperationException). " +
            "Check that the endpoint speaks this provider's API (a proxy may have answered instead).",
            ex.Message);
    }

    [Fact]
    public void ChunkUndecodable_AnyFailure_IsRetryableStreamInterruptedNamingOnlyTheType()
    {
        var inner = new ArgumentException("value " + Key);

        var ex = ProviderErrorFactory.ChunkUndecodable(Provider, "req_1", inner);

        Assert.True(ex.IsRetryable);
        Assert.Same(inner, ex.InnerException);
        Assert.DoesNotContain(Key, ex.Message, StringComparison.Ordinal);
        Assert.StartsWith("The testprov stream was interrupted: a chunk held a value that could not be mapped (ArgumentException).", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(typeof(OperationCanceledException), false)]
    [InlineData(typeof(TaskCanceledException), false)]
    [InlineData(typeof(ProviderException), false)]
    [InlineData(typeof(InvalidOperationException), true)]
    [InlineData(typeof(ArgumentOutOfRangeException), true)]
    public void IsDecodingFailure_ExceptionType_WrapsAllButCancellationAndOwn(Type type, bool expected)
    {
        var ex = type == typeof(ProviderException)
            ? new ProviderException("m", new ProviderErrorDetails(Provider))
            : (Exception)Activator.CreateInstance(type)!;

        Assert.Equal(expected, ProviderErrorFactory.IsDecodingFailure(ex));
    }

    [Fact]
    public void Network_InnerChainQuotesTheKey_KeyAppearsNowhereInToString()
    {
        // .NET refuses a response header whose name is not a token and quotes it; a server can echo the key there.
        var quoted = new HttpRequestException(
            HttpRequestError.InvalidResponse,
            $"Received an invalid header name: 'x-ratelimit-{Key}/'.",
            new IOException($"header 'x-{Key}/' rejected"));

        var ex = ProviderErrorFactory.Network(Provider, new Uri("https://api.example.test/v1/chat"), quoted, timedOut: false, [Key]);

        Assert.DoesNotContain(Key, ex.ToString(), StringComparison.Ordinal);
        var inner = Assert.IsType<HttpRequestException>(ex.InnerException);
        Assert.Equal(HttpRequestError.InvalidResponse, inner.HttpRequestError);
        Assert.Null(inner.InnerException);
        Assert.True(ex.IsRetryable);
    }

    [Fact]
    public void Network_InnerChainWithoutSecrets_IsKeptAsThrown()
    {
        var thrown = new HttpRequestException("Connection refused (api.example.test:443)");

        var ex = ProviderErrorFactory.Network(Provider, new Uri("https://api.example.test/v1/chat"), thrown, timedOut: false, [Key]);

        Assert.Same(thrown, ex.InnerException);
    }
}
