using System.Text.RegularExpressions;
using LlmAdapters.Testing.OAuth;

namespace LlmAdapters.Cli.Tests;

/// <summary>login as a process, against the emulator's authorization server configured as a user's profile.</summary>
public sealed partial class LoginCommandTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Login_Device_ShowsTheCodeThenStoresTokensOnlyTheUserCanRead()
    {
        await using var signIn = await SignInEnvironment.StartAsync("anthropic");
        signIn.Server.ScriptDeviceAnswers(DeviceGrantAnswer.Pending);

        var result = await signIn.Cli().RunAsync("login", "anthropic", "--device");

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.ErrorLines);
        Assert.Matches(@$"^Open {Regex.Escape(signIn.Server.VerificationUri.ToString())} and enter the code [A-Z]{{4}}-[A-Z]{{4}}$", result.OutputLines[0]);
        Assert.Equal("Waiting for the sign-in to be approved…", result.OutputLines[2]);
        Assert.Matches(@"^Signed in to Anthropic \(profile anthropic\)\. The access token expires \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ and is refreshed automatically\.$", result.OutputLines[3]);
        Assert.Equal($"Tokens stored in {signIn.Store.PathFor("anthropic")} (readable only by you).", result.OutputLines[4]);
        Assert.Equal(["urn:ietf:params:oauth:grant-type:device_code", "urn:ietf:params:oauth:grant-type:device_code"],
            signIn.Server.Requests.Where(r => r.GrantType is not null).Select(r => r.GrantType));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(signIn.Store.PathFor("anthropic")));
        }
    }

    [Fact]
    public async Task Login_Browser_UserFollowsThePrintedAddressAndTheCodeIsExchangedWithPkce()
    {
        await using var signIn = await SignInEnvironment.StartAsync("openai");
        using var browser = new HttpClient();
        string? page = null;

        var result = await signIn.Cli().RunAsync(["login", "openai", "--browser"], async cli =>
        {
            // Play the user's browser: open the address the CLI prints; the server redirects to the CLI's loopback listener.
            var address = await cli.WaitForOutputAsync(VisitLine());
            using var response = await browser.GetAsync(new Uri(address.Groups[1].Value), Ct);
            page = await response.Content.ReadAsStringAsync(Ct);
        });

        Assert.Equal(0, result.ExitCode);
        Assert.NotNull(page);
        Assert.Matches(@"^Signed in to OpenAI \(profile openai\)\. ", result.OutputLines[^2]);
        var exchange = Assert.Single(signIn.Server.Requests, r => r.GrantType == "authorization_code");
        Assert.Matches("^[A-Za-z0-9_~.-]{43,128}$", exchange.Fields["code_verifier"]);
        Assert.StartsWith("http://127.0.0.1:", exchange.Fields["redirect_uri"], StringComparison.Ordinal);
        Assert.True(signIn.Server.IsActive(signIn.StoredAccessToken));
    }

    [Fact]
    public async Task Login_UserDeclines_ExitsWith4AndStoresNothing()
    {
        await using var signIn = await SignInEnvironment.StartAsync("anthropic");
        signIn.Server.ScriptDeviceAnswers(DeviceGrantAnswer.Denied);

        var result = await signIn.Cli().RunAsync("login", "anthropic", "--device");

        Assert.Equal(4, result.ExitCode);
        Assert.StartsWith("error: ", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
        Assert.False(File.Exists(signIn.Store.PathFor("anthropic")));
    }

    [Fact]
    public async Task Login_NoProfileConfigured_SignsInOfflineAndNamesTheKeysToSet()
    {
        var result = await new CliRunner().RunAsync("login", "gemini", "--device");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            [
                "offline: no OAuth profile configured for gemini, signing in to the built-in emulator",
                "To sign in to gemini for real, configure its authorization server and your registered client, for example:",
                "  LlmAdapters__OAuth__Profiles__gemini__TokenEndpoint=https://login.example.com/oauth/token",
                "  LlmAdapters__OAuth__Profiles__gemini__DeviceAuthorizationEndpoint=https://login.example.com/oauth/device/code   (for --device)",
                "  LlmAdapters__OAuth__Profiles__gemini__AuthorizationEndpoint=https://login.example.com/oauth/authorize   (for --browser)",
                "  LlmAdapters__OAuth__Profiles__gemini__ClientId=your-client-id",
                "  optional: LlmAdapters__OAuth__Profiles__gemini__RevocationEndpoint, LlmAdapters__OAuth__Profiles__gemini__Scopes__0; " +
                "LlmAdapters__Providers__gemini__OAuthProfile names a profile with another name.",
            ],
            result.ErrorLines);
        Assert.Matches(@"^Signed in to Google Gemini API \(profile emulator-gemini, offline emulator\)\. ", result.OutputLines[^2]);
    }

    [Fact]
    public async Task Login_DeviceAndBrowser_IsRefusedAsUsage()
    {
        var result = await new CliRunner().RunAsync("login", "anthropic", "--device", "--browser");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(["error: --device and --browser cannot be used together: choose one way to sign in.", "Run 'login --help' for usage."], result.ErrorLines);
    }

    [Theory]
    [InlineData("login")]
    [InlineData("logout")]
    public async Task LoginOrLogout_MistypedProvider_SuggestsTheClosestAndExitsWith2(string command)
    {
        var result = await new CliRunner().RunAsync(command, "anthropc");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(
            ["error: Unknown provider 'anthropc'. Did you mean 'anthropic'? Known providers: openai, groq, openrouter, deepseek, mistral, xai, " +
             "together, lmstudio, ollama, ollama-openai, azure, openai-responses, anthropic, gemini, vertex, cohere."],
            result.ErrorLines);
    }

    [GeneratedRegex(@"If no browser opens, visit: (\S+)\r?\n")]
    private static partial Regex VisitLine();
}
