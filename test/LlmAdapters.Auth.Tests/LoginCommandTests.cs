using System.Runtime.Versioning;

namespace LlmAdapters.Auth.Tests;

/// <summary>The CLI's login, logout and status commands, run as a process.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class LoginCommandTests
{
    [Fact]
    public async Task Login_NoProfileConfigured_SignsInToEmulatorStoresPrivateFileAndLogoutRevokes()
    {
        using var cli = new CliProcess();

        var login = await cli.RunAsync("login", "anthropic", "--device");

        Assert.True(login.ExitCode == 0, login.Error);
        Assert.Contains("offline: no OAuth profile configured for anthropic, signing in to the built-in emulator", login.Error, StringComparison.Ordinal);
        Assert.Matches(@"Open http://127\.0\.0\.1:\d+/oauth/device and enter the code [B-Z]{4}-[B-Z]{4}", login.Output);
        Assert.Contains("Signed in to Anthropic (profile emulator-anthropic, offline emulator). The access token expires ", login.Output, StringComparison.Ordinal);
        var file = Path.Combine(cli.StoreDirectory, "emulator-anthropic.json");
        Assert.Contains($"Tokens stored in {file} (readable only by you).", login.Output, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(cli.StoreDirectory));
        var tokens = new TokenStore(cli.StoreDirectory).Read("emulator-anthropic")!;
        Assert.StartsWith("sk-ant-oat01-emulator-", tokens.AccessToken, StringComparison.Ordinal);

        var status = await cli.RunAsync("status");
        Assert.Equal(0, status.ExitCode);
        Assert.Contains("emulator-anthropic: expires ", status.Output, StringComparison.Ordinal);
        Assert.Contains($"Token store: {cli.StoreDirectory}", status.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(tokens.AccessToken, status.Output + status.Error + login.Output + login.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(tokens.RefreshToken!, status.Output + status.Error + login.Output + login.Error, StringComparison.Ordinal);

        var logout = await cli.RunAsync("logout", "anthropic");
        Assert.Equal(0, logout.ExitCode);
        Assert.Equal("Signed out of anthropic (profile emulator-anthropic): tokens revoked and deleted.", logout.Output.Trim());
        Assert.False(File.Exists(file));
    }

    [Fact]
    public async Task Login_BrowserOffline_SignsInThroughTheLoopbackRedirect()
    {
        using var cli = new CliProcess();

        var login = await cli.RunAsync("login", "openai", "--browser");

        Assert.True(login.ExitCode == 0, login.Error);
        Assert.Matches(@"Opening http://127\.0\.0\.1:\d+/oauth/authorize in the browser…", login.Output);
        Assert.Contains("Signed in to OpenAI (profile emulator-openai, offline emulator).", login.Output, StringComparison.Ordinal);
        Assert.NotNull(new TokenStore(cli.StoreDirectory).Read("emulator-openai"));
    }

    [Fact]
    public async Task Login_DeviceAndBrowserTogether_RefusedAsUsageError()
    {
        using var cli = new CliProcess();

        var login = await cli.RunAsync("login", "anthropic", "--device", "--browser");

        Assert.Equal(2, login.ExitCode);
        Assert.Contains("error: --device and --browser cannot be used together: choose one way to sign in.", login.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(cli.StoreDirectory));
    }

    [Fact]
    public async Task Login_ConfiguredProfile_SignsInToThatServerAndStatusShowsItAsTheCredential()
    {
        await using var bed = await OAuthTestBed.StartAsync(o => o.PollingInterval = TimeSpan.FromSeconds(1));
        using var cli = new CliProcess();
        cli.Environment["LlmAdapters__Providers__anthropic__OAuthProfile"] = "work";
        cli.Environment["LlmAdapters__OAuth__Profiles__work__TokenEndpoint"] = bed.Server.TokenEndpoint.AbsoluteUri;
        cli.Environment["LlmAdapters__OAuth__Profiles__work__DeviceAuthorizationEndpoint"] = bed.Server.DeviceAuthorizationEndpoint.AbsoluteUri;
        cli.Environment["LlmAdapters__OAuth__Profiles__work__ClientId"] = bed.Profile.ClientId!;
        cli.Environment["LlmAdapters__OAuth__Profiles__work__Scopes__0"] = "user:inference";

        var login = await cli.RunAsync("login", "anthropic");
        var status = await cli.RunAsync("status");
        var logout = await cli.RunAsync("logout");

        Assert.True(login.ExitCode == 0, login.Error);
        Assert.Contains("Signed in to Anthropic (profile work).", login.Output, StringComparison.Ordinal);
        Assert.Equal("user:inference", Assert.Single(bed.Server.Requests, r => r.Path == "/oauth/device/code").Fields["scope"]);
        Assert.Matches(@"│ anthropic\s+│ OAuth sign-in 'work'\s+│ work: expires \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ, refreshable", status.Output);
        Assert.Equal(0, logout.ExitCode);
        Assert.Equal("Signed out of anthropic (profile work): tokens deleted (the profile has no revocation endpoint).", logout.Output.Trim());
        Assert.Empty(bed.Server.RevokedTokens);
    }

    [Fact]
    public async Task Status_CorruptTokenFile_NamesTheFileAndExitsWithAuthFailure()
    {
        using var cli = new CliProcess();
        new TokenStore(cli.StoreDirectory).Write("emulator-gemini", new OAuthTokens("a", "r", DateTimeOffset.UtcNow.AddHours(1), DateTimeOffset.UtcNow));
        var file = Path.Combine(cli.StoreDirectory, "emulator-gemini.json");
        await File.WriteAllTextAsync(file, "{ not json", TestContext.Current.CancellationToken);

        var status = await cli.RunAsync("status");

        Assert.Equal(4, status.ExitCode);
        Assert.Contains("emulator-gemini: unreadable", status.Output, StringComparison.Ordinal);
        Assert.Contains($"error: The token file {file} is corrupt", status.Error, StringComparison.Ordinal);
    }
}
