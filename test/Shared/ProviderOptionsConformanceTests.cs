using LlmAdapters.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;

namespace LlmAdapters.Conformance;

/// <summary>
/// Every member of <see cref="ProviderOptions"/> reaches the wire the same way for every provider: the endpoint, the key, the
/// default model, a caller's <see cref="HttpClient"/>, extra headers, the response-size limit and the clock. A provider
/// subclasses this with its options type, its client and where its requests go.
/// </summary>
/// <typeparam name="TOptions">The provider's options type.</typeparam>
public abstract class ProviderOptionsConformanceTests<TOptions>
    where TOptions : ProviderOptions, new()
{
    private const string MarkerHeader = "X-Caller-Client";

    /// <summary>Gets the test's cancellation token.</summary>
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Gets the key the options carry.</summary>
    protected abstract string ApiKey { get; }

    /// <summary>Gets the header and value the provider sends <see cref="ApiKey"/> in.</summary>
    protected abstract (string Header, string Value) ExpectedKeyHeader { get; }

    /// <summary>Gets the endpoint the adapter uses when <see cref="ProviderOptions.Endpoint"/> is <see langword="null"/>.</summary>
    protected abstract Uri PublicEndpoint { get; }

    /// <summary>Points <paramref name="options"/> at the provider's dialect on <paramref name="emulator"/>.</summary>
    /// <param name="emulator">The running emulator.</param>
    /// <returns>The endpoint.</returns>
    protected abstract Uri EmulatorEndpoint(ProviderEmulator emulator);

    /// <summary>Creates the chat client under test.</summary>
    /// <param name="options">Its options.</param>
    /// <returns>The client.</returns>
    protected abstract IChatClient CreateClient(TOptions options);

    /// <summary>Reads the model a captured chat request asked for (in its body or its path).</summary>
    /// <param name="request">The request.</param>
    /// <returns>The model.</returns>
    protected abstract string? ModelOf(CapturedRequest request);

    [Fact]
    public async Task DefaultModelId_CallNamesNone_IsSent()
    {
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        using var client = CreateClient(Options(emulator, "model-default"));

        await client.GetResponseAsync("ping", cancellationToken: Ct);

        Assert.Equal("model-default", ModelOf(emulator.LastRequest));
    }

    [Fact]
    public async Task DefaultModelId_CallNamesOne_TheCallWins()
    {
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        using var client = CreateClient(Options(emulator, "model-default"));

        await client.GetResponseAsync("ping", new ChatOptions { ModelId = "model-call" }, Ct);

        Assert.Equal("model-call", ModelOf(emulator.LastRequest));
    }

    [Fact]
    public async Task ApiKey_IsSentInTheProvidersHeader()
    {
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        using var client = CreateClient(Options(emulator));

        await client.GetResponseAsync("ping", cancellationToken: Ct);

        Assert.Equal(ExpectedKeyHeader.Value, emulator.LastRequest.Header(ExpectedKeyHeader.Header));
    }

    [Fact]
    public async Task Credential_SuppliedWithoutAKey_AuthenticatesEveryRequest()
    {
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        var options = Options(emulator);
        options.ApiKey = null;
        options.Credential = new HeaderCredential(ExpectedKeyHeader.Header, ExpectedKeyHeader.Value);
        using var client = CreateClient(options);

        await client.GetResponseAsync("ping", cancellationToken: Ct);
        await client.GetResponseAsync("ping again", cancellationToken: Ct);

        Assert.Equal(2, emulator.Requests.Count);
        Assert.All(emulator.Requests, r => Assert.Equal(ExpectedKeyHeader.Value, r.Header(ExpectedKeyHeader.Header)));
    }

    [Fact]
    public async Task Headers_CaseInsensitive_ReachTheServerAndBlankOnesAreNotSent()
    {
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        var options = Options(emulator);
        options.Headers["X-Gateway-Key"] = "gateway-secret";
        options.Headers["X-Tenant"] = "tenant-1";
        options.Headers["x-tenant"] = "tenant-2";
        options.Headers["X-Blank"] = " ";
        using var client = CreateClient(options);

        await client.GetResponseAsync("ping", cancellationToken: Ct);

        var request = emulator.LastRequest;
        Assert.Equal(3, options.Headers.Count);
        Assert.Equal(("gateway-secret", "tenant-2"), (request.Header("X-Gateway-Key"), request.Header("X-Tenant")));
        Assert.Null(request.Header("X-Blank"));
    }

    [Fact]
    public async Task Endpoint_Set_RequestsGoThereAndMetadataReportsIt()
    {
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        var endpoint = EmulatorEndpoint(emulator);
        using var client = CreateClient(Options(emulator));

        await client.GetResponseAsync("ping", cancellationToken: Ct);

        Assert.Single(emulator.Requests);
        Assert.Equal(endpoint, client.GetService<ChatClientMetadata>()!.ProviderUri);
    }

    [Fact]
    public void Endpoint_Null_UsesThePublicEndpoint()
    {
        var options = new TOptions { Endpoint = null, ApiKey = ApiKey };
        using var client = CreateClient(options);

        Assert.Equal(PublicEndpoint, client.GetService<ChatClientMetadata>()!.ProviderUri);
    }

    [Fact]
    public async Task HttpClient_CallerOwned_CarriesTheRequestsAndOutlivesTheClient()
    {
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        using var httpClient = new HttpClient(new MarkingHandler { InnerHandler = new SocketsHttpHandler() });
        var options = Options(emulator);
        options.HttpClient = httpClient;

        using (var first = CreateClient(options))
        {
            await first.GetResponseAsync("ping", cancellationToken: Ct);
        }

        using var second = CreateClient(options);
        await second.GetResponseAsync("ping", cancellationToken: Ct);

        Assert.Equal(2, emulator.Requests.Count);
        Assert.All(emulator.Requests, r => Assert.Equal("yes", r.Header(MarkerHeader)));
    }

    [Fact]
    public async Task MaxResponseBytes_LargerBody_ThrowsProviderResponseException()
    {
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        emulator.Enqueue(ScriptedReply.Text(new string('x', 4096)));
        var options = Options(emulator);
        options.MaxResponseBytes = 1024;
        using var client = CreateClient(options);

        var ex = await Assert.ThrowsAsync<ProviderResponseException>(() => client.GetResponseAsync("ping", cancellationToken: Ct));
        Assert.False(ex.IsRetryable);
    }

    [Fact]
    public async Task TimeProvider_RetryAfterDate_IsReadAgainstTheOptionsClock()
    {
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        var clock = new FakeTimeProvider(new DateTimeOffset(2031, 5, 6, 7, 8, 9, TimeSpan.Zero));
        emulator.Enqueue(ScriptedReply.Error(429).WithHeader("Retry-After", clock.GetUtcNow().AddSeconds(42).ToString("r")));
        var options = Options(emulator);
        options.TimeProvider = clock;
        using var client = CreateClient(options);

        var ex = await Assert.ThrowsAsync<RateLimitedException>(() => client.GetResponseAsync("ping", cancellationToken: Ct));

        Assert.Equal(TimeSpan.FromSeconds(42), ex.RetryAfter);
    }

    [Fact]
    public void Timeouts_Default_AreUnsetSoTheTransportDefaultsApply()
    {
        var options = new TOptions();

        Assert.Null(options.ResponseHeadersTimeout);
        Assert.Null(options.StreamIdleTimeout);
        Assert.Equal((64L * 1024 * 1024, TimeProvider.System), (options.MaxResponseBytes, options.TimeProvider));
    }

    [Fact]
    public async Task ResponseHeadersTimeout_ServerNeverAnswers_ThrowsProviderTimeout()
    {
        // A listener that accepts the connection and never writes a byte: only the option can end the call.
        using var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        var port = ((System.Net.IPEndPoint)silent.LocalEndpoint).Port;
        var options = new TOptions
        {
            Endpoint = new Uri($"http://127.0.0.1:{port}/"),
            ApiKey = ApiKey,
            DefaultModelId = "model-default",
            ResponseHeadersTimeout = TimeSpan.FromMilliseconds(300),
        };
        using var client = CreateClient(options);

        var started = System.Diagnostics.Stopwatch.StartNew();
        var ex = await Assert.ThrowsAsync<ProviderTimeoutException>(() => client.GetResponseAsync("ping", cancellationToken: Ct));

        Assert.True(ex.IsRetryable);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(30), $"took {started.Elapsed}");
    }

    [Fact]
    public async Task StreamIdleTimeout_StreamStallsAfterItsFirstFrame_ThrowsProviderTimeout()
    {
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        emulator.Enqueue(new ScriptedReply { DelayBetweenChunks = TimeSpan.FromSeconds(20) }.WithText("Hello there").InChunks(2));
        var options = Options(emulator);
        options.StreamIdleTimeout = TimeSpan.FromMilliseconds(300);
        using var client = CreateClient(options);

        var started = System.Diagnostics.Stopwatch.StartNew();
        var ex = await Assert.ThrowsAsync<ProviderTimeoutException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync("ping", cancellationToken: Ct))
            {
                Assert.DoesNotContain("there", update.Text, StringComparison.Ordinal);
            }
        });

        Assert.True(ex.IsRetryable);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(15), $"took {started.Elapsed}");
    }

    /// <summary>Options pointed at the emulator with the test key and a default model.</summary>
    /// <param name="emulator">The running emulator.</param>
    /// <param name="model">The default model.</param>
    /// <returns>The options.</returns>
    protected TOptions Options(ProviderEmulator emulator, string model = "model-default") =>
        new() { Endpoint = EmulatorEndpoint(emulator), ApiKey = ApiKey, DefaultModelId = model };

    // A caller's own credential source (as a stored sign-in is): it sets one header on every request.
    private sealed class HeaderCredential(string header, string value) : CredentialSource
    {
        public override ValueTask ApplyAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Remove(header);
            request.Headers.TryAddWithoutValidation(header, value);
            return ValueTask.CompletedTask;
        }
    }

    // Marks each request, so the server sees which HttpClient sent it.
    private sealed class MarkingHandler : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.TryAddWithoutValidation(MarkerHeader, "yes");
            return base.SendAsync(request, cancellationToken);
        }
    }
}
