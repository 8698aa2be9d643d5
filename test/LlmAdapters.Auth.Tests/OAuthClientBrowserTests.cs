using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace LlmAdapters.Auth.Tests;

public sealed class OAuthClientBrowserTests
{
    [Fact]
    public async Task SignInWithBrowserAsync_ServerApproves_ExchangesCodeWithVerifierAndClosesListener()
    {
        await using var bed = await OAuthTestBed.StartAsync();
        using var signIn = bed.SignIn();
        Uri? redirect = null;
        string? page = null;

        var tokens = await signIn.SignInWithBrowserAsync(async (url, ct) =>
        {
            using var authorize = await bed.Http.GetAsync(url, ct);
            Assert.Equal(HttpStatusCode.Found, authorize.StatusCode);
            redirect = authorize.Headers.Location!;
            using var callback = await bed.Http.GetAsync(redirect, ct);
            Assert.Equal(HttpStatusCode.OK, callback.StatusCode);
            page = await callback.Content.ReadAsStringAsync(ct);
        }, TestContext.Current.CancellationToken);

        var authorizeRequest = Assert.Single(bed.Server.Requests, r => r.Path == "/oauth/authorize");
        var exchange = Assert.Single(bed.Server.Requests, r => r.GrantType == "authorization_code");
        Assert.Equal("S256", authorizeRequest.Fields["code_challenge_method"]);
        Assert.Equal("code", authorizeRequest.Fields["response_type"]);
        Assert.Equal("inference", authorizeRequest.Fields["scope"]);
        var verifier = exchange.Fields["code_verifier"];
        Assert.InRange(verifier.Length, 43, 128);
        Assert.Equal(authorizeRequest.Fields["code_challenge"], System.Buffers.Text.Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
        Assert.Equal("ok", exchange.Answer);

        var loopback = new Uri(authorizeRequest.Fields["redirect_uri"]);
        Assert.Equal("127.0.0.1", loopback.Host);
        Assert.Equal("/callback", loopback.AbsolutePath);
        Assert.Equal(loopback.AbsoluteUri, exchange.Fields["redirect_uri"]);
        Assert.Contains("state=" + authorizeRequest.Fields["state"], redirect!.Query, StringComparison.Ordinal);
        Assert.Contains("Signed in.", page, StringComparison.Ordinal);
        Assert.Equal(tokens.AccessToken, bed.Store.Read("test")!.AccessToken);

        // One request served, then closed: nothing listens on the port any more.
        using var probe = new TcpClient();
        var refused = await Assert.ThrowsAsync<SocketException>(() => probe.ConnectAsync(IPAddress.Loopback, loopback.Port, TestContext.Current.CancellationToken).AsTask());
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
    }

    [Fact]
    public async Task SignInWithBrowserAsync_StateMismatch_RefusesWithoutExchangingTheCode()
    {
        await using var bed = await OAuthTestBed.StartAsync();
        using var signIn = bed.SignIn();
        HttpStatusCode? callbackStatus = null;

        await Assert.ThrowsAsync<OAuthStateMismatchException>(() => signIn.SignInWithBrowserAsync(async (url, ct) =>
        {
            using var authorize = await bed.Http.GetAsync(url, ct);
            var location = authorize.Headers.Location!.AbsoluteUri;
            var forged = System.Text.RegularExpressions.Regex.Replace(location, "state=[^&]+", "state=forged");
            using var callback = await bed.Http.GetAsync(new Uri(forged), ct);
            callbackStatus = callback.StatusCode;
        }, TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.BadRequest, callbackStatus);
        Assert.DoesNotContain(bed.Server.Requests, r => r.Path == "/oauth/token");
        Assert.Null(bed.Store.Read("test"));
    }

    [Fact]
    public async Task SignInWithBrowserAsync_UserDeclines_ThrowsAccessDenied()
    {
        await using var bed = await OAuthTestBed.StartAsync();
        bed.Server.DenyBrowserSignIn = true;
        using var signIn = bed.SignIn();

        var error = await Assert.ThrowsAsync<OAuthAccessDeniedException>(() => signIn.SignInWithBrowserAsync(async (url, ct) =>
        {
            using var authorize = await bed.Http.GetAsync(url, ct);
            using var callback = await bed.Http.GetAsync(authorize.Headers.Location!, ct);
        }, TestContext.Current.CancellationToken));

        Assert.Equal("access_denied", error.Error);
        Assert.DoesNotContain(bed.Server.Requests, r => r.Path == "/oauth/token");
    }

    [Fact]
    public async Task SignInWithBrowserAsync_NoRedirectComes_TimesOutWithOAuthException()
    {
        await using var bed = await OAuthTestBed.StartAsync();
        using var signIn = bed.SignIn();
        signIn.BrowserTimeout = TimeSpan.FromMilliseconds(300);

        var error = await Assert.ThrowsAsync<OAuthException>(() => signIn.SignInWithBrowserAsync((_, _) => ValueTask.CompletedTask, TestContext.Current.CancellationToken));

        Assert.StartsWith("No sign-in came back to http://127.0.0.1:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExchangeCodeAsync_VerifierDoesNotMatchChallenge_ServerRefusesWithInvalidGrant()
    {
        await using var bed = await OAuthTestBed.StartAsync();
        var client = new OAuthClient(bed.Profile, "test", bed.Http, TimeProvider.System);
        var redirect = new Uri("http://127.0.0.1:9/callback");
        var challenge = Pkce.Challenge(Pkce.CreateVerifier());
        var url = new Uri(bed.Server.AuthorizationEndpoint,
            $"?response_type=code&client_id={bed.Profile.ClientId}&redirect_uri={Uri.EscapeDataString(redirect.AbsoluteUri)}&code_challenge={challenge}&code_challenge_method=S256&state=s");
        using var authorize = await bed.Http.GetAsync(url, TestContext.Current.CancellationToken);
        var code = System.Text.RegularExpressions.Regex.Match(authorize.Headers.Location!.Query, "code=([^&]+)").Groups[1].Value;

        var error = await Assert.ThrowsAsync<OAuthException>(() => client.ExchangeCodeAsync(code, Pkce.CreateVerifier(), redirect, TestContext.Current.CancellationToken));

        Assert.Equal("invalid_grant", error.Error);
        Assert.Equal(400, error.StatusCode);
        Assert.Contains("code_verifier does not match the code_challenge", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuthorizationEndpoint_PlainChallengeMethod_RedirectsWithInvalidRequest()
    {
        await using var bed = await OAuthTestBed.StartAsync();
        var url = new Uri(bed.Server.AuthorizationEndpoint,
            $"?response_type=code&client_id={bed.Profile.ClientId}&redirect_uri={Uri.EscapeDataString("http://127.0.0.1:9/callback")}&code_challenge=abc&code_challenge_method=plain&state=s1");

        using var authorize = await bed.Http.GetAsync(url, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Found, authorize.StatusCode);
        Assert.StartsWith("http://127.0.0.1:9/callback?error=invalid_request&", authorize.Headers.Location!.AbsoluteUri, StringComparison.Ordinal);
        Assert.EndsWith("&state=s1", authorize.Headers.Location!.AbsoluteUri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuthorizationEndpoint_RedirectNotLoopback_AnswersBadRequestWithoutRedirecting()
    {
        await using var bed = await OAuthTestBed.StartAsync();
        var url = new Uri(bed.Server.AuthorizationEndpoint,
            $"?response_type=code&client_id={bed.Profile.ClientId}&redirect_uri={Uri.EscapeDataString("http://attacker.example/cb")}&code_challenge=abc&code_challenge_method=S256");

        using var authorize = await bed.Http.GetAsync(url, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, authorize.StatusCode);
        Assert.Null(authorize.Headers.Location);
    }
}
