namespace LlmAdapters.Auth.Tests;

public sealed class OAuthSignInSignOutTests
{
    [Fact]
    public async Task SignOutAsync_WithRevocationEndpoint_RevokesRefreshThenAccessAndDeletesFile()
    {
        await using var bed = await OAuthTestBed.StartAsync();
        using var signIn = bed.SignIn();
        var tokens = await SignInAsync(bed, signIn);

        var result = await signIn.SignOutAsync(TestContext.Current.CancellationToken);

        Assert.Equal(new SignOutResult(HadTokens: true, Revoked: true), result);
        Assert.Equal([tokens.RefreshToken!, tokens.AccessToken], bed.Server.RevokedTokens);
        var hints = bed.Server.Requests.Where(r => r.Path == "/oauth/revoke").Select(r => r.Fields["token_type_hint"]);
        Assert.Equal(["refresh_token", "access_token"], hints);
        Assert.False(bed.Server.IsActive(tokens.AccessToken));
        Assert.False(File.Exists(bed.Store.PathFor("test")));
    }

    [Fact]
    public async Task SignOutAsync_NoRevocationEndpoint_DeletesFileWithoutCallingServer()
    {
        await using var bed = await OAuthTestBed.StartAsync();
        using var signIn = bed.SignIn();
        await SignInAsync(bed, signIn);
        bed.Profile.RevocationEndpoint = null;
        var before = bed.Server.Requests.Count;

        var result = await signIn.SignOutAsync(TestContext.Current.CancellationToken);

        Assert.Equal(new SignOutResult(HadTokens: true, Revoked: false), result);
        Assert.Equal(before, bed.Server.Requests.Count);
        Assert.False(File.Exists(bed.Store.PathFor("test")));
    }

    [Fact]
    public async Task SignOutAsync_NotSignedIn_ReportsNothingToDo()
    {
        await using var bed = await OAuthTestBed.StartAsync();
        using var signIn = bed.SignIn();

        var result = await signIn.SignOutAsync(TestContext.Current.CancellationToken);

        Assert.Equal(new SignOutResult(HadTokens: false, Revoked: false), result);
        Assert.Empty(bed.Server.Requests);
    }

    private static Task<OAuthTokens> SignInAsync(OAuthTestBed bed, OAuthSignIn signIn)
    {
        bed.Server.Options.PollingInterval = TimeSpan.FromSeconds(1);
        return signIn.SignInWithDeviceCodeAsync((_, _) => ValueTask.CompletedTask, TestContext.Current.CancellationToken);
    }
}
