using LlmAdapters.Testing.OAuth;
using Microsoft.Extensions.Time.Testing;

namespace LlmAdapters.Auth.Tests;

public sealed class OAuthClientDeviceCodeTests
{
    private const string DeviceGrant = "urn:ietf:params:oauth:grant-type:device_code";

    [Fact]
    public async Task SignInWithDeviceCodeAsync_PendingThenApproved_ShowsCodePollsAtIntervalAndStoresTokens()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var bed = await OAuthTestBed.StartAsync(time: time);
        bed.Server.ScriptDeviceAnswers(DeviceGrantAnswer.Pending, DeviceGrantAnswer.Pending);
        using var signIn = bed.SignIn();
        DeviceCodePrompt? shown = null;

        var tokens = await OAuthTestBed.DriveAsync(time, signIn.SignInWithDeviceCodeAsync((prompt, _) =>
        {
            shown = prompt;
            return ValueTask.CompletedTask;
        }, TestContext.Current.CancellationToken));

        var deviceRequest = Assert.Single(bed.Server.Requests, r => r.Path == "/oauth/device/code");
        Assert.Equal("inference", deviceRequest.Fields["scope"]);
        Assert.NotNull(shown);
        Assert.Matches("^[B-Z]{4}-[B-Z]{4}$", shown.UserCode);
        Assert.Equal(bed.Server.VerificationUri, shown.VerificationUri);
        Assert.Equal(new Uri(bed.Server.VerificationUri.AbsoluteUri + "?user_code=" + shown.UserCode), shown.VerificationUriComplete);
        var polls = bed.Server.Requests.Where(r => r.GrantType == DeviceGrant).ToList();
        Assert.Equal(["authorization_pending", "authorization_pending", "ok"], polls.Select(p => p.Answer));
        Assert.All(polls.Zip(polls.Skip(1)), pair => Assert.True(pair.Second.ReceivedAt - pair.First.ReceivedAt >= TimeSpan.FromSeconds(5)));
        Assert.True(polls[0].ReceivedAt - deviceRequest.ReceivedAt >= TimeSpan.FromSeconds(5));
        Assert.StartsWith("emu-at-", tokens.AccessToken, StringComparison.Ordinal);
        // The driver keeps the fake clock moving while the answer travels back, so the client stamps the expiry at or after
        // the moment the server issued the token, and no later than now.
        Assert.NotNull(tokens.ExpiresAt);
        Assert.InRange(tokens.ExpiresAt.Value, polls[2].ReceivedAt.AddHours(1), time.GetUtcNow().AddHours(1));
        var stored = bed.Store.Read("test");
        Assert.NotNull(stored);
        Assert.Equal(tokens.AccessToken, stored.AccessToken);
        Assert.Equal(tokens.RefreshToken, stored.RefreshToken);
        Assert.True(bed.Server.IsActive(stored.AccessToken));
    }

    [Fact]
    public async Task SignInWithDeviceCodeAsync_SlowDown_AddsFiveSecondsToEveryLaterPoll()
    {
        var time = new FakeTimeProvider();
        await using var bed = await OAuthTestBed.StartAsync(time: time);
        bed.Server.ScriptDeviceAnswers(DeviceGrantAnswer.Pending, DeviceGrantAnswer.SlowDown, DeviceGrantAnswer.Pending);
        using var signIn = bed.SignIn();

        await OAuthTestBed.DriveAsync(time, signIn.SignInWithDeviceCodeAsync((_, _) => ValueTask.CompletedTask, TestContext.Current.CancellationToken));

        var polls = bed.Server.Requests.Where(r => r.GrantType == DeviceGrant).ToList();

        // The server answers slow_down to any poll sooner than its (grown) interval, so four scripted answers in order also
        // prove that no poll came early.
        Assert.Equal(["authorization_pending", "slow_down", "authorization_pending", "ok"], polls.Select(p => p.Answer));
        Assert.True(polls[1].ReceivedAt - polls[0].ReceivedAt >= TimeSpan.FromSeconds(5));
        Assert.True(polls[2].ReceivedAt - polls[1].ReceivedAt >= TimeSpan.FromSeconds(10));
        Assert.True(polls[3].ReceivedAt - polls[2].ReceivedAt >= TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task SignInWithDeviceCodeAsync_ExpiredToken_ThrowsExpiredAndStoresNothing()
    {
        var time = new FakeTimeProvider();
        await using var bed = await OAuthTestBed.StartAsync(time: time);
        bed.Server.ScriptDeviceAnswers(DeviceGrantAnswer.Pending, DeviceGrantAnswer.Expired);
        using var signIn = bed.SignIn();

        var error = await Assert.ThrowsAsync<OAuthDeviceCodeExpiredException>(() =>
            OAuthTestBed.DriveAsync(time, signIn.SignInWithDeviceCodeAsync((_, _) => ValueTask.CompletedTask, TestContext.Current.CancellationToken)));

        Assert.Equal("expired_token", error.Error);
        Assert.Contains("Run the sign-in again", error.Message, StringComparison.Ordinal);
        Assert.Null(bed.Store.Read("test"));
    }

    [Fact]
    public async Task SignInWithDeviceCodeAsync_AccessDenied_ThrowsDeniedAndStoresNothing()
    {
        var time = new FakeTimeProvider();
        await using var bed = await OAuthTestBed.StartAsync(time: time);
        bed.Server.ScriptDeviceAnswers(DeviceGrantAnswer.Denied);
        using var signIn = bed.SignIn();

        var error = await Assert.ThrowsAsync<OAuthAccessDeniedException>(() =>
            OAuthTestBed.DriveAsync(time, signIn.SignInWithDeviceCodeAsync((_, _) => ValueTask.CompletedTask, TestContext.Current.CancellationToken)));

        Assert.Equal("access_denied", error.Error);
        Assert.False(File.Exists(bed.Store.PathFor("test")));
    }

    [Fact]
    public async Task SignInWithDeviceCodeAsync_CodeLifetimeRunsOut_StopsPollingWithExpired()
    {
        var time = new FakeTimeProvider();
        await using var bed = await OAuthTestBed.StartAsync(o => o.DeviceCodeLifetime = TimeSpan.FromSeconds(12), time);
        bed.Server.ScriptDeviceAnswers(Enumerable.Repeat(DeviceGrantAnswer.Pending, 10).ToArray());
        using var signIn = bed.SignIn();

        await Assert.ThrowsAsync<OAuthDeviceCodeExpiredException>(() =>
            OAuthTestBed.DriveAsync(time, signIn.SignInWithDeviceCodeAsync((_, _) => ValueTask.CompletedTask, TestContext.Current.CancellationToken)));

        // Polls at 5 s and 10 s; at 15 s the 12-second code is dead, so the client gives up without asking.
        Assert.Equal(2, bed.Server.Requests.Count(r => r.GrantType == DeviceGrant));
    }

    [Fact]
    public async Task SignInWithDeviceCodeAsync_UnknownClient_ThrowsOAuthExceptionWithServerError()
    {
        await using var bed = await OAuthTestBed.StartAsync();
        bed.Profile.ClientId = "someone-else";
        using var signIn = bed.SignIn();

        var error = await Assert.ThrowsAsync<OAuthException>(() => signIn.SignInWithDeviceCodeAsync((_, _) => ValueTask.CompletedTask, TestContext.Current.CancellationToken));

        Assert.Equal("invalid_client", error.Error);
        Assert.Equal(401, error.StatusCode);
    }

    [Fact]
    public async Task SignInWithDeviceCodeAsync_NoDeviceEndpoint_ThrowsConfigurationNamingTheKey()
    {
        await using var bed = await OAuthTestBed.StartAsync();
        bed.Profile.DeviceAuthorizationEndpoint = null;
        using var signIn = bed.SignIn("work");

        var error = await Assert.ThrowsAsync<ProviderConfigurationException>(() => signIn.SignInWithDeviceCodeAsync((_, _) => ValueTask.CompletedTask, TestContext.Current.CancellationToken));

        Assert.Contains("LlmAdapters:OAuth:Profiles:work:DeviceAuthorizationEndpoint", error.Message, StringComparison.Ordinal);
        Assert.Empty(bed.Server.Requests);
    }
}
