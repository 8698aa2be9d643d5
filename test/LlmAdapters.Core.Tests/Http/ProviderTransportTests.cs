using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using LlmAdapters.Core.Tests.TestSupport;
using LlmAdapters.Http;
using LlmAdapters.Testing;
using Microsoft.Extensions.Time.Testing;
using LlmAdapters.Tests.Shared;

namespace LlmAdapters.Core.Tests.Http;

public sealed partial class ProviderTransportTests
{
    private const string Provider = "testprov";
    private const string Key = "sk-test-abcdefghijklmnop0123456789";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SendJsonAsync_Success_ReturnsBodyRequestIdRateLimitsAndSendsHeaders()
    {
        await using var emulator = await StartAsync();
        emulator.Enqueue(ScriptedReply.Text("hello")
            .WithHeader("x-request-id", "req_42")
            .WithHeader("x-ratelimit-remaining-requests", "7"));
        using var transport = Transport(emulator, defaultHeaders: [new("x-test-version", "2026-03-01")]);

        var result = await transport.SendJsonAsync(
            HttpMethod.Post, emulator.Url("test/echo"), new TestBody("ping"), CoreTestJsonContext.Default.TestBody, CoreTestJsonContext.Default.TestBody, Ct);

        Assert.Equal("hello", result.Value.Text);
        Assert.Equal("req_42", result.RequestId);
        Assert.Equal(7, result.RateLimits?.RequestsRemaining);
        Assert.Equal(HttpStatusCode.OK, result.StatusCode);
        var request = emulator.LastRequest;
        Assert.Equal("Bearer " + Key, request.Header("Authorization"));
        Assert.Equal("2026-03-01", request.Header("x-test-version"));
        Assert.StartsWith("application/json", request.Header("Content-Type"), StringComparison.Ordinal);
        Assert.Equal("""{"text":"ping"}""", request.Body);
    }

    [Fact]
    public async Task SendJsonAsync_PerRequestHeader_ReplacesDefault()
    {
        await using var emulator = await StartAsync();
        using var transport = Transport(emulator, defaultHeaders: [new("x-test-version", "old")]);

        await transport.SendJsonAsync(HttpMethod.Get, emulator.Url("test/echo"), CoreTestJsonContext.Default.TestBody, Ct, [new("x-test-version", "new")]);

        Assert.Equal("new", emulator.LastRequest.Header("x-test-version"));
        Assert.Equal("GET", emulator.LastRequest.Method);
    }

    public static TheoryData<int, string?, string?, Type> ErrorTable => new()
    {
        { 400, "invalid_request_error", null, typeof(InvalidRequestException) },
        { 400, "invalid_request_error", "context_length_exceeded", typeof(InvalidRequestException) }, // codes are the parser's, not Core's
        { 401, "authentication_error", "invalid_api_key", typeof(ProviderAuthenticationException) },
        { 403, "permission_error", null, typeof(ProviderPermissionException) },
        { 404, "not_found_error", "model_not_found", typeof(ModelNotFoundException) },
        { 429, "requests", "rate_limit_exceeded", typeof(RateLimitedException) },
        { 429, "insufficient_quota", "insufficient_quota", typeof(RateLimitedException) },
        { 500, "server_error", null, typeof(ProviderServerException) },
        { 503, "overloaded", null, typeof(ProviderOverloadedException) },
        { 529, "overloaded_error", null, typeof(ProviderOverloadedException) },
    };

    [Theory]
    [MemberData(nameof(ErrorTable))]
    public async Task SendAsync_ErrorStatus_ThrowsTypedExceptionWithProviderFields(int status, string? type, string? code, Type expected)
    {
        await using var emulator = await StartAsync();
        emulator.Enqueue(ScriptedReply.Error(status, type, "It went wrong.", code: code).WithHeader("x-request-id", "req_err"));
        using var transport = Transport(emulator);

        var ex = await Assert.ThrowsAnyAsync<ProviderException>(() => SendEchoAsync(transport, emulator));

        Assert.IsType(expected, ex);
        Assert.Equal((HttpStatusCode)status, ex.StatusCode);
        Assert.Equal(type, ex.ProviderErrorType);
        Assert.Equal(code, ex.ProviderErrorCode);
        Assert.Equal("req_err", ex.RequestId);
        Assert.Equal(Provider, ex.Provider);
        Assert.Contains($"testprov returned HTTP {status}", ex.Message, StringComparison.Ordinal);
        Assert.Contains(": It went wrong. ", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, ex.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, false, 20_000)]
    [InlineData(true, false, 1_500)]
    [InlineData(false, true, 30_000)]
    public async Task SendAsync_RetryAfterInSecondsMillisecondsOrDate_IsParsed(bool asMilliseconds, bool asDate, int expectedMs)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        await using var emulator = await StartAsync(new ProviderEmulatorOptions { TimeProvider = clock });
        var reply = ScriptedReply.Error(429, "requests", "Slow down.", retryAfter: TimeSpan.FromMilliseconds(expectedMs));
        reply.RetryAfterAsMilliseconds = asMilliseconds;
        reply.RetryAfterAsDate = asDate;
        emulator.Enqueue(reply);
        using var transport = Transport(emulator, clock: clock);

        var ex = await Assert.ThrowsAsync<RateLimitedException>(() => SendEchoAsync(transport, emulator));

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), ex.RetryAfter);
        Assert.True(ex.IsRetryable);
    }

    [Fact]
    public async Task SendAsync_UnrepresentableRetryAfter_StillThrowsTheTypedError()
    {
        await using var emulator = await StartAsync();
        emulator.Enqueue(ScriptedReply.Error(429).WithHeader("retry-after", "Infinity"));
        using var transport = Transport(emulator);

        var ex = await Assert.ThrowsAsync<RateLimitedException>(() => SendEchoAsync(transport, emulator));

        Assert.Null(ex.RetryAfter);
    }

    [Theory]
    [InlineData(500, "false", false)]
    [InlineData(400, "true", true)]
    public async Task SendAsync_ShouldRetryHeader_OverridesRetryability(int status, string header, bool retryable)
    {
        await using var emulator = await StartAsync();
        emulator.Enqueue(ScriptedReply.Error(status).WithHeader("x-should-retry", header));
        using var transport = Transport(emulator);

        var ex = await Assert.ThrowsAnyAsync<ProviderException>(() => SendEchoAsync(transport, emulator));

        Assert.Equal(retryable, ex.IsRetryable);
    }

    [Fact]
    public async Task SendAsync_ErrorWithRateLimitHeaders_CarriesThem()
    {
        await using var emulator = await StartAsync();
        emulator.Enqueue(ScriptedReply.Error(429).WithHeader("x-ratelimit-remaining-tokens", "0"));
        using var transport = Transport(emulator);

        var ex = await Assert.ThrowsAsync<RateLimitedException>(() => SendEchoAsync(transport, emulator));

        Assert.Equal(0, ex.RateLimits?.TokensRemaining);
    }

    [Fact]
    public async Task SendAsync_GatewayHtmlPage_SaysItWasNotAProviderErrorObject()
    {
        await using var emulator = await StartAsync();
        emulator.Enqueue(ScriptedReply.Html(502));
        using var transport = Transport(emulator);

        var ex = await Assert.ThrowsAsync<ProviderServerException>(() => SendEchoAsync(transport, emulator));

        Assert.StartsWith(
            "testprov returned HTTP 502 (BadGateway): the response body was not a testprov error object (text/html, ",
            ex.Message,
            StringComparison.Ordinal);
        Assert.Contains("likely from a proxy or gateway", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("<html>", ex.Message, StringComparison.Ordinal);
        Assert.True(ex.IsRetryable);
    }

    [Fact]
    public async Task SendAsync_ErrorWithEmptyBody_StillMapsByStatus()
    {
        await using var emulator = await StartAsync();
        emulator.Enqueue(ScriptedReply.Raw(404, string.Empty));
        using var transport = Transport(emulator);

        var ex = await Assert.ThrowsAsync<ModelNotFoundException>(() => SendEchoAsync(transport, emulator));

        Assert.Equal("testprov returned HTTP 404 (NotFound). Check the model id (and for Azure the deployment name) against the provider's model list.", ex.Message);
    }

    [Fact]
    public async Task SendAsync_ErrorBodyEchoingTheKey_NeverShowsTheKey()
    {
        await using var emulator = await StartAsync();
        emulator.Enqueue(ScriptedReply.Error(401, "invalid_request_error", $"Incorrect API key provided: {Key}.", code: "invalid_api_key"));
        using var transport = Transport(emulator, credentialDescription: "TestOptions.ApiKey or the TEST_API_KEY environment variable");

        var ex = await Assert.ThrowsAsync<ProviderAuthenticationException>(() => SendEchoAsync(transport, emulator));

        Assert.DoesNotContain(Key, ex.ToString(), StringComparison.Ordinal);
        Assert.Contains("Incorrect API key provided: [REDACTED]", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Check the credentials (TestOptions.ApiKey or the TEST_API_KEY environment variable)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_NoCredential_EmulatorAnswers401AsTheRealApiWould()
    {
        await using var emulator = await StartAsync();
        using var transport = new ProviderTransport(new ProviderTransportOptions { Provider = Provider, ErrorParser = TestErrorParser.Parse });

        var ex = await Assert.ThrowsAsync<ProviderAuthenticationException>(() => SendEchoAsync(transport, emulator));

        Assert.Equal("authentication_error", ex.ProviderErrorType);
    }

    [Fact]
    public async Task SendAsync_CredentialSourceFails_ThrowsAuthenticationExceptionWithoutTheSecret()
    {
        await using var emulator = await StartAsync();
        using var credential = new RefreshingBearerCredential(
            _ => ValueTask.FromException<AccessToken>(new InvalidOperationException($"refresh rejected for {Key}")),
            description: "the test token source");
        using var transport = new ProviderTransport(new ProviderTransportOptions { Provider = Provider, ErrorParser = TestErrorParser.Parse, Credential = credential });

        var ex = await Assert.ThrowsAsync<ProviderAuthenticationException>(() => SendEchoAsync(transport, emulator));

        Assert.Equal("Could not obtain credentials for testprov: refresh rejected for [REDACTED]. Check the test token source.", ex.Message);
        Assert.Empty(emulator.Requests);
    }

    [Fact]
    public async Task SendAsync_ContentLengthAboveCap_IsRefusedBeforeReadingNamingTheLimit()
    {
        await using var emulator = await StartAsync();
        emulator.Enqueue(ScriptedReply.Text(new string('a', 5000)));
        using var transport = Transport(emulator, maxResponseBytes: 1024);

        var ex = await Assert.ThrowsAsync<ProviderResponseException>(() => SendEchoAsync(transport, emulator));

        Assert.Equal(
            "The testprov response announced 5011 bytes, more than the maximum size of 1024 bytes, and was refused before reading. Raise the adapter's MaxResponseBytes if this is expected.",
            ex.Message);
        Assert.False(ex.IsRetryable);
    }

    [Fact]
    public async Task OpenBodyAsync_StreamLargerThanCap_ThrowsStreamInterruptedThroughTheSseReader()
    {
        await using var emulator = await StartAsync();
        emulator.Enqueue(ScriptedReply.Text(new string('b', 4000)).InChunks(100));
        using var transport = Transport(emulator, maxResponseBytes: 512);
        var received = 0;

        var ex = await Assert.ThrowsAsync<StreamInterruptedException>(async () =>
        {
            await foreach (var _ in StreamAsync(transport, emulator, Ct))
            {
                received++;
            }
        });

        Assert.Equal(
            "The testprov stream exceeded the maximum size of 512 bytes and was cut off. The updates already received are kept. Raise the adapter's MaxResponseBytes if this is expected.",
            ex.Message);
        // At most the frames that fit in 512 bytes (about 60 bytes each) were delivered before the cap hit.
        Assert.InRange(received, 0, 8);
    }

    [Fact]
    public async Task ReadJsonAsync_SuccessBodyNotJson_ThrowsProviderResponseExceptionPointingAtTheEndpoint()
    {
        await using var emulator = await StartAsync();
        emulator.Enqueue(ScriptedReply.Raw(200, "<html>login page</html>", "text/html"));
        using var transport = Transport(emulator);

        var ex = await Assert.ThrowsAsync<ProviderResponseException>(() => SendEchoAsync(transport, emulator));

        Assert.Equal(
            "testprov returned a response body that is not the JSON this provider returns. Check that the endpoint speaks this provider's API (a proxy may have answered instead).",
            ex.Message);
        Assert.Equal(HttpStatusCode.OK, ex.StatusCode);
        Assert.False(ex.IsRetryable);
        Assert.IsType<System.Text.Json.JsonException>(ex.InnerException, exactMatch: false);
    }

    [Fact]
    public async Task ReadJsonAsync_BodyIsJsonNull_ThrowsProviderResponseExceptionInsteadOfReturningNull()
    {
        await using var emulator = await StartAsync();
        emulator.Enqueue(ScriptedReply.Raw(200, "null"));
        using var transport = Transport(emulator);

        var ex = await Assert.ThrowsAsync<ProviderResponseException>(() => SendEchoAsync(transport, emulator));

        Assert.StartsWith("testprov returned a response body that is not the JSON this provider returns.", ex.Message, StringComparison.Ordinal);
        Assert.Equal("The body was the JSON literal null.", ex.InnerException?.Message);
    }

    [Fact]
    public async Task SendAsync_CancelledWhileWaitingForHeaders_ThrowsOperationCanceledUnwrapped()
    {
        var dialect = new TestDialect();
        await using var emulator = await StartAsync(new ProviderEmulatorOptions { Dialects = [dialect] });
        emulator.Enqueue(new ScriptedReply { DelayBeforeHeaders = TimeSpan.FromMinutes(5) }.WithText("late"));
        using var transport = Transport(emulator);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var send = transport.SendAsync(HttpMethod.Post, emulator.Url("test/echo"), null, streaming: false, cts.Token);
        await dialect.Received.WaitAsync(Ct);
        await cts.CancelAsync();

        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => send);
        Assert.Equal(cts.Token, ex.CancellationToken);
    }

    private static Task<ProviderEmulator> StartAsync(ProviderEmulatorOptions? options = null)
    {
        options ??= new ProviderEmulatorOptions();
        options.Dialects ??= [new TestDialect()];
        return ProviderEmulator.StartAsync(options, Ct);
    }

    private static ProviderTransport Transport(
        ProviderEmulator emulator,
        IReadOnlyList<KeyValuePair<string, string>>? defaultHeaders = null,
        long maxResponseBytes = 64L * 1024 * 1024,
        TimeProvider? clock = null,
        HttpClient? httpClient = null,
        string? credentialDescription = null)
    {
        _ = emulator;
        return new ProviderTransport(new ProviderTransportOptions
        {
            Provider = Provider,
            ErrorParser = TestErrorParser.Parse,
            Credential = new ApiKeyCredential(Key, description: credentialDescription),
            DefaultHeaders = defaultHeaders ?? [],
            MaxResponseBytes = maxResponseBytes,
            TimeProvider = clock ?? TimeProvider.System,
            HttpClient = httpClient,
        });
    }

    private static async Task<TestBody> SendEchoAsync(ProviderTransport transport, ProviderEmulator emulator)
    {
        var result = await transport.SendJsonAsync(
            HttpMethod.Post, emulator.Url("test/echo"), new TestBody("ping"), CoreTestJsonContext.Default.TestBody, CoreTestJsonContext.Default.TestBody, Ct);
        return result.Value;
    }

    private static async IAsyncEnumerable<string> StreamAsync(
        ProviderTransport transport, ProviderEmulator emulator, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var content = ProviderTransport.JsonContent(new TestBody("go"), CoreTestJsonContext.Default.TestBody);
        using var response = await transport.SendAsync(HttpMethod.Post, emulator.Url("test/stream"), content, streaming: true, cancellationToken);
        await using var body = await response.OpenBodyAsync(cancellationToken);
        await foreach (var item in StreamEvents.ReadSseAsync(body, (_, data) => Utf8.Decode(data), Provider, response.RequestId, cancellationToken))
        {
            yield return item;
        }
    }
}
