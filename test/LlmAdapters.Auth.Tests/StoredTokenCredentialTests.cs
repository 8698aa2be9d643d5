using Microsoft.Extensions.Time.Testing;

namespace LlmAdapters.Auth.Tests;

public sealed class StoredTokenCredentialTests
{
    [Fact]
    public async Task ApplyAsync_FreshStoredToken_SendsItAsBearerWithExtraHeadersAndNoRefresh()
    {
        await using var bed = await OAuthTestBed.StartAsync();
        bed.Store.Write("test", new OAuthTokens("stored-access-1", "stored-refresh-1", DateTimeOffset.UtcNow.AddHours(1), DateTimeOffset.UtcNow));
        bed.Profile.ExtraHeaders["anthropic-beta"] = "oauth-2025-04-20";
        using var credential = new StoredTokenCredential("test", bed.Profile, bed.Store, bed.Http);
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1/v1/messages");

        await credential.ApplyAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal("Bearer stored-access-1", request.Headers.GetValues("Authorization").Single());
        Assert.Equal("oauth-2025-04-20", request.Headers.GetValues("anthropic-beta").Single());
        Assert.Equal(0, bed.Server.RefreshCount);
    }

    [Fact]
    public async Task GetTokensAsync_WithinSkewOfExpiry_RefreshesAndStoresRotatedTokens()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var bed = await OAuthTestBed.StartAsync(time: time);
        var initial = await SignInAsync(bed);
        time.Advance(TimeSpan.FromMinutes(59) + TimeSpan.FromSeconds(30)); // 30 s left, inside the 60 s skew
        using var credential = new StoredTokenCredential("test", bed.Profile, bed.Store, bed.Http, time);

        var tokens = await credential.GetTokensAsync(TestContext.Current.CancellationToken);

        Assert.Equal(1, bed.Server.RefreshCount);
        Assert.Equal(initial.RefreshToken, Assert.Single(bed.Server.Requests, r => r.GrantType == "refresh_token").Fields["refresh_token"]);
        Assert.NotEqual(initial.AccessToken, tokens.AccessToken);
        Assert.NotEqual(initial.RefreshToken, tokens.RefreshToken);
        Assert.Equal(time.GetUtcNow().AddHours(1), tokens.ExpiresAt);
        var stored = bed.Store.Read("test")!;
        Assert.Equal(tokens.AccessToken, stored.AccessToken);
        Assert.Equal(tokens.RefreshToken, stored.RefreshToken);
    }

    [Fact]
    public async Task GetTokensAsync_OutsideSkew_DoesNotRefresh()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var bed = await OAuthTestBed.StartAsync(time: time);
        var initial = await SignInAsync(bed);
        time.Advance(TimeSpan.FromMinutes(58)); // two minutes left
        using var credential = new StoredTokenCredential("test", bed.Profile, bed.Store, bed.Http, time);

        var tokens = await credential.GetTokensAsync(TestContext.Current.CancellationToken);

        Assert.Equal(initial.AccessToken, tokens.AccessToken);
        Assert.Equal(0, bed.Server.RefreshCount);
    }

    [Fact]
    public async Task GetTokensAsync_ConcurrentCallersOnExpiredToken_ShareOneRefresh()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var bed = await OAuthTestBed.StartAsync(time: time);
        await SignInAsync(bed);
        time.Advance(TimeSpan.FromHours(2));
        using var credential = new StoredTokenCredential("test", bed.Profile, bed.Store, bed.Http, time);
        using var start = new ManualResetEventSlim();

        var callers = Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            start.Wait(TestContext.Current.CancellationToken);
            return (await credential.GetTokensAsync(TestContext.Current.CancellationToken)).AccessToken;
        })).ToArray();
        start.Set();
        var tokens = await Task.WhenAll(callers);

        Assert.Equal(1, bed.Server.RefreshCount);
        Assert.Single(tokens.Distinct());
        Assert.True(bed.Server.IsActive(tokens[0]));
    }

    [Fact]
    public async Task GetTokensAsync_RefreshTokenRejected_ThrowsSignInRequiredWithoutTheToken()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var bed = await OAuthTestBed.StartAsync(time: time);
        bed.Store.Write("test", new OAuthTokens("old-access-token", "unknown-refresh-token-123", time.GetUtcNow().AddMinutes(-1), time.GetUtcNow().AddHours(-1)));
        using var credential = new StoredTokenCredential("test", bed.Profile, bed.Store, bed.Http, time);

        var error = await Assert.ThrowsAsync<OAuthSignInRequiredException>(() => credential.GetTokensAsync(TestContext.Current.CancellationToken).AsTask());

        Assert.Contains("sign in again", error.Message, StringComparison.Ordinal);
        Assert.Equal("invalid_grant", Assert.IsType<OAuthException>(error.InnerException).Error);
        Assert.DoesNotContain("unknown-refresh-token-123", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetTokensAsync_NeverSignedIn_ThrowsSignInRequiredNamingTheFile()
    {
        await using var bed = await OAuthTestBed.StartAsync();
        using var credential = new StoredTokenCredential("nobody", bed.Profile, bed.Store, bed.Http);

        var error = await Assert.ThrowsAsync<OAuthSignInRequiredException>(() => credential.GetTokensAsync(TestContext.Current.CancellationToken).AsTask());

        Assert.Contains(bed.Store.PathFor("nobody"), error.Message, StringComparison.Ordinal);
        Assert.Contains("llmadapters login", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetTokensAsync_AnotherProcessRefreshedMeanwhile_UsesTheFileInsteadOfRefreshing()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var bed = await OAuthTestBed.StartAsync(time: time);
        await SignInAsync(bed);
        using var credential = new StoredTokenCredential("test", bed.Profile, bed.Store, bed.Http, time);
        await credential.GetTokensAsync(TestContext.Current.CancellationToken);
        time.Advance(TimeSpan.FromHours(2));
        bed.Store.Write("test", new OAuthTokens("written-by-other-process", "rt-other", time.GetUtcNow().AddHours(1), time.GetUtcNow()));

        var tokens = await credential.GetTokensAsync(TestContext.Current.CancellationToken);

        Assert.Equal("written-by-other-process", tokens.AccessToken);
        Assert.Equal(0, bed.Server.RefreshCount);
    }

    [Fact]
    public async Task Description_NamesProfileAndFileButNoSecret()
    {
        await using var bed = await OAuthTestBed.StartAsync();
        bed.Store.Write("test", new OAuthTokens("secret-access-value", "secret-refresh-value", DateTimeOffset.UtcNow.AddHours(1), DateTimeOffset.UtcNow));
        using var credential = new StoredTokenCredential("test", bed.Profile, bed.Store, bed.Http);
        var tokens = await credential.GetTokensAsync(TestContext.Current.CancellationToken);

        Assert.Equal($"the OAuth sign-in 'test' ({bed.Store.PathFor("test")})", credential.Description);
        Assert.Equal("StoredTokenCredential(test)", credential.ToString());
        Assert.DoesNotContain("secret", tokens.ToString(), StringComparison.Ordinal);
    }

    private static async Task<OAuthTokens> SignInAsync(OAuthTestBed bed)
    {
        using var signIn = bed.SignIn();
        var flow = signIn.SignInWithDeviceCodeAsync((_, _) => ValueTask.CompletedTask, TestContext.Current.CancellationToken);
        return await OAuthTestBed.DriveAsync((FakeTimeProvider)bed.Time, flow);
    }
}
