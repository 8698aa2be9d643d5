using System.Net;
using LlmAdapters.Core.Tests.Hostile;
using LlmAdapters.Hostile;
using static LlmAdapters.Core.Tests.Hostile.HostileTransport;

namespace LlmAdapters.Core.Tests.Http;

/// <summary>Credentials never cross an origin: the transport follows no redirect, and notices when a caller's client did.</summary>
public sealed class TransportRedirectTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(301, "MovedPermanently")]
    [InlineData(302, "Found")]
    [InlineData(303, "SeeOther")]
    [InlineData(307, "TemporaryRedirect")]
    [InlineData(308, "PermanentRedirect")]
    public async Task SendAsync_RedirectToAnotherOrigin_IsNotFollowedAndNamesOnlyTheHost(int status, string name)
    {
        await using var elsewhere = HostileServer.Start(c => c.WriteResponseAsync(200, """{"text":"collected"}"""));
        var location = elsewhere.Url("collect/path-part?token=query-part").AbsoluteUri;
        await using var origin = HostileServer.Start(c => c.WriteHeadAsync(status, ("Location", location), ("Content-Length", "0")));
        using var transport = Create();

        var ex = await Assert.ThrowsAsync<ProviderException>(() => PostAsync(transport, origin.Url("v1/messages"), Ct));

        Assert.Equal(
            $"testprov answered HTTP {status} ({name}), a redirect to 127.0.0.1:{elsewhere.BaseAddress.Port}. Redirects are not followed, " +
            "so the credentials and the request were not sent there. If that address is the right endpoint, set the adapter's Endpoint to it.",
            ex.Message);
        Assert.Equal((HttpStatusCode)status, ex.StatusCode);
        Assert.False(ex.IsRetryable);
        Assert.DoesNotContain("path-part", ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("query-part", ex.ToString(), StringComparison.Ordinal);
        Assert.Empty(elsewhere.Requests);
        Assert.Equal(Key, Assert.Single(origin.Requests).Header("x-api-key"));
    }

    [Fact]
    public async Task SendAsync_RelativeRedirect_IsNotFollowedEither()
    {
        await using var origin = HostileServer.Start(c => c.Request.Target == "/v1/messages"
            ? c.WriteHeadAsync(307, ("Location", "/v2/messages?sig=abc"), ("Content-Length", "0"))
            : c.WriteResponseAsync(200, """{"text":"moved"}"""));
        using var transport = Create();

        var ex = await Assert.ThrowsAsync<ProviderException>(() => PostAsync(transport, origin.Url("v1/messages"), Ct));

        Assert.StartsWith($"testprov answered HTTP 307 (TemporaryRedirect), a redirect to 127.0.0.1:{origin.BaseAddress.Port}. ", ex.Message, StringComparison.Ordinal);
        Assert.Single(origin.Requests);
    }

    [Fact]
    public async Task SendAsync_RedirectWithoutLocation_SaysSo()
    {
        await using var origin = HostileServer.Start(c => c.WriteHeadAsync(302, ("Content-Length", "0")));
        using var transport = Create();

        var ex = await Assert.ThrowsAsync<ProviderException>(() => PostAsync(transport, origin.Url("v1/messages"), Ct));

        Assert.StartsWith("testprov answered HTTP 302 (Found), a redirect without a usable Location. ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_RedirectHostEchoingTheKey_MasksItInTheMessage()
    {
        const string hostKey = "k3y0123456789abcdefghij";
        await using var origin = HostileServer.Start(c => c.WriteHeadAsync(308, ("Location", $"http://{hostKey}.example/"), ("Content-Length", "0")));
        using var transport = Create(new ApiKeyCredential(hostKey.ToUpperInvariant(), "x-api-key", scheme: null));

        var ex = await Assert.ThrowsAsync<ProviderException>(() => PostAsync(transport, origin.Url("v1/messages"), Ct));

        Assert.Contains("a redirect to [REDACTED].example. ", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(hostKey, ex.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SendAsync_CallerClientFollowedRedirectToAnotherOrigin_FailsAndSaysTheCredentialsWentThere()
    {
        await using var elsewhere = HostileServer.Start(c => c.WriteResponseAsync(200, """{"text":"collected"}"""));
        await using var origin = HostileServer.Start(c => c.WriteHeadAsync(307, ("Location", elsewhere.Url("collect?x=1").AbsoluteUri), ("Content-Length", "0")));
        using var http = new HttpClient(); // follows redirects, as HttpClient does by default
        using var transport = Create(httpClient: http);

        var ex = await Assert.ThrowsAsync<ProviderException>(() => PostAsync(transport, origin.Url("v1/messages"), Ct));

        var from = $"127.0.0.1:{origin.BaseAddress.Port}";
        var to = $"127.0.0.1:{elsewhere.BaseAddress.Port}";
        Assert.Equal(
            $"The request to testprov at {from} was answered by {to}: the HttpClient passed to the adapter followed a redirect (or a handler in its " +
            $"pipeline rerouted the request), so the request and its credential headers were sent to {to}. The response was discarded. Turn off " +
            "automatic redirects on that client's handler (SocketsHttpHandler.AllowAutoRedirect = false) and set the adapter's Endpoint to the final " +
            $"address; replace the credentials if {to} is not trusted.",
            ex.Message);
        Assert.False(ex.IsRetryable);
        Assert.Equal(HttpStatusCode.OK, ex.StatusCode);
        // What the message owns up to: the caller's client re-sent the key and the prompt before the transport saw anything.
        var leaked = Assert.Single(elsewhere.Requests);
        Assert.Equal(Key, leaked.Header("x-api-key"));
        Assert.Equal("""{"text":"ping"}""", leaked.Body);
    }

    [Fact]
    public async Task SendAsync_CallerClientFollowedRedirectWithinTheOrigin_Succeeds()
    {
        await using var origin = HostileServer.Start(c => c.Request.Target == "/v1/old"
            ? c.WriteHeadAsync(308, ("Location", "/v1/new"), ("Content-Length", "0"))
            : c.WriteResponseAsync(200, """{"text":"same origin"}"""));
        using var http = new HttpClient();
        using var transport = Create(httpClient: http);

        var text = await PostAsync(transport, origin.Url("v1/old"), Ct);

        Assert.Equal("same origin", text);
        Assert.Equal(["/v1/old", "/v1/new"], origin.Requests.Select(r => r.Target));
    }

    [Fact]
    public async Task SendAsync_CallerClientWithoutAutoRedirect_GetsTheSameTypedRedirectError()
    {
        await using var elsewhere = HostileServer.Start(c => c.WriteResponseAsync(200, """{"text":"collected"}"""));
        await using var origin = HostileServer.Start(c => c.WriteHeadAsync(301, ("Location", elsewhere.Url("x").AbsoluteUri), ("Content-Length", "0")));
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        using var transport = Create(httpClient: http);

        var ex = await Assert.ThrowsAsync<ProviderException>(() => PostAsync(transport, origin.Url("v1/messages"), Ct));

        Assert.Equal(HttpStatusCode.MovedPermanently, ex.StatusCode);
        Assert.StartsWith($"testprov answered HTTP 301 (MovedPermanently), a redirect to 127.0.0.1:{elsewhere.BaseAddress.Port}. ", ex.Message, StringComparison.Ordinal);
        Assert.Empty(elsewhere.Requests);
    }

    [Fact]
    public async Task StreamAsync_RedirectOnAStream_IsNotFollowed()
    {
        await using var elsewhere = HostileServer.Start(c => c.WriteResponseAsync(200, Event("{}"), "text/event-stream"));
        await using var origin = HostileServer.Start(c => c.WriteHeadAsync(307, ("Location", elsewhere.Url("s").AbsoluteUri), ("Content-Length", "0")));
        using var transport = Create();

        var ex = await Assert.ThrowsAsync<ProviderException>(async () =>
        {
            await foreach (var _ in StreamAsync(transport, origin.Url("v1/stream"), Ct))
            {
            }
        });

        Assert.Equal(HttpStatusCode.TemporaryRedirect, ex.StatusCode);
        Assert.Empty(elsewhere.Requests);
    }
}
