using System.Text.RegularExpressions;
using LlmAdapters.Testing;

namespace LlmAdapters.Cli.Tests;

/// <summary>Which credential chat, embed and count send, run as processes: a stored sign-in first, then the key, then offline.</summary>
public sealed partial class ProviderConnectionTests
{
    private const string Model = "anthropic:claude-haiku-4-5";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Chat_SignedInWithDeviceCodeAndNoKey_SendsTheStoredTokenAsBearer()
    {
        await using var signIn = await SignInEnvironment.StartAsync("anthropic");
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        emulator.Enqueue(ScriptedReply.Text("signed-in answer").WithUsage(3, 2));

        var login = await signIn.Cli().RunAsync("login", "anthropic", "--device");
        var chat = await signIn.Cli().RunAsync("chat", "hi", "-m", Model, "--no-stream", "--endpoint", emulator.BaseAddress.ToString());

        Assert.Equal(0, login.ExitCode);
        Assert.Equal(0, chat.ExitCode);
        Assert.Equal("signed-in answer", chat.OutputLines[0]);
        var token = signIn.StoredAccessToken;
        Assert.StartsWith("sk-ant-oat01-test-", token, StringComparison.Ordinal);
        Assert.Equal("Bearer " + token, emulator.LastRequest.Header("Authorization"));
        Assert.Null(emulator.LastRequest.Header("x-api-key"));
        Assert.Contains("oauth-2025-04-20", emulator.LastRequest.Header("anthropic-beta"), StringComparison.Ordinal);
        Assert.Matches(SignInLine(), Assert.Single(chat.ErrorLines));
        Assert.DoesNotContain(token, chat.Error + chat.Output, StringComparison.Ordinal);
        Assert.Equal(0, signIn.Server.RefreshCount);
    }

    [Fact]
    public async Task Chat_SignedInAndKeySet_PrefersTheSignIn()
    {
        await using var signIn = await SignInEnvironment.StartAsync("anthropic");
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        emulator.Enqueue(ScriptedReply.Text("ok").WithUsage(1, 1));

        Assert.Equal(0, (await signIn.Cli().RunAsync("login", "anthropic")).ExitCode);
        var chat = await signIn.Cli().With("ANTHROPIC_API_KEY", "sk-ant-api03-unused-key")
            .RunAsync("chat", "hi", "-m", Model, "--no-stream", "--endpoint", emulator.BaseAddress.ToString());

        Assert.Equal(0, chat.ExitCode);
        Assert.Equal("Bearer " + signIn.StoredAccessToken, emulator.LastRequest.Header("Authorization"));
        Assert.Null(emulator.LastRequest.Header("x-api-key"));
        Assert.Matches(SignInLine(), Assert.Single(chat.ErrorLines));
    }

    [Fact]
    public async Task Chat_StoredTokenAboutToExpire_RefreshesItBeforeTheCall()
    {
        // Issued for 30 s: inside the 60 s refresh skew, so the very next call must refresh first.
        await using var signIn = await SignInEnvironment.StartAsync("anthropic", accessTokenLifetime: TimeSpan.FromSeconds(30));
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        emulator.Enqueue(ScriptedReply.Text("fresh").WithUsage(1, 1));
        Assert.Equal(0, (await signIn.Cli().RunAsync("login", "anthropic", "--device")).ExitCode);
        var issuedAtLogin = signIn.StoredAccessToken;

        var chat = await signIn.Cli().RunAsync("chat", "hi", "-m", Model, "--no-stream", "--endpoint", emulator.BaseAddress.ToString());

        Assert.Equal(0, chat.ExitCode);
        Assert.Equal(1, signIn.Server.RefreshCount);
        var refreshed = signIn.StoredAccessToken;
        Assert.NotEqual(issuedAtLogin, refreshed);
        Assert.Equal("Bearer " + refreshed, Assert.Single(emulator.Requests).Header("Authorization"));
        Assert.True(signIn.Server.IsActive(refreshed));
    }

    [Fact]
    public async Task Chat_ProfileExtraHeadersAndRefreshSkewFromTheEnvironment_AreSentAndHonoured()
    {
        // Issued for an hour: outside the default 60 s skew, inside a configured two-hour one.
        await using var signIn = await SignInEnvironment.StartAsync("anthropic");
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        emulator.Enqueue(ScriptedReply.Text("ok").WithUsage(1, 1));
        Assert.Equal(0, (await signIn.Cli().RunAsync("login", "anthropic", "--device")).ExitCode);
        var issuedAtLogin = signIn.StoredAccessToken;

        var chat = await signIn.Cli()
            .With("LlmAdapters__OAuth__Profiles__anthropic__ExtraHeaders__X-Gateway", "team-a")
            .With("LlmAdapters__OAuth__RefreshSkew", "02:00:00")
            .RunAsync("chat", "hi", "-m", Model, "--no-stream", "--endpoint", emulator.BaseAddress.ToString());

        Assert.Equal(0, chat.ExitCode);
        Assert.Equal("team-a", emulator.LastRequest.Header("X-Gateway"));
        Assert.Equal(1, signIn.Server.RefreshCount);
        Assert.NotEqual(issuedAtLogin, signIn.StoredAccessToken);
        Assert.Equal("Bearer " + signIn.StoredAccessToken, emulator.LastRequest.Header("Authorization"));
    }

    [Fact]
    public async Task Chat_RefreshSkewNotATimeSpan_ExitsWith2NamingTheKey()
    {
        await using var signIn = await SignInEnvironment.StartAsync("anthropic");
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        Assert.Equal(0, (await signIn.Cli().RunAsync("login", "anthropic", "--device")).ExitCode);

        var chat = await signIn.Cli().With("LlmAdapters__OAuth__RefreshSkew", "soon")
            .RunAsync("chat", "hi", "-m", Model, "--endpoint", emulator.BaseAddress.ToString());

        Assert.Equal(2, chat.ExitCode);
        Assert.Contains("LlmAdapters__OAuth__RefreshSkew is 'soon', not a time span such as 00:05:00.", chat.Error, StringComparison.Ordinal);
        Assert.Empty(emulator.Requests);
    }

    [Fact]
    public async Task Chat_AfterLogout_FallsBackToTheKeyThenOffline()
    {
        await using var signIn = await SignInEnvironment.StartAsync("anthropic");
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        emulator.Enqueue(ScriptedReply.Text("with key").WithUsage(1, 1));
        Assert.Equal(0, (await signIn.Cli().RunAsync("login", "anthropic", "--device")).ExitCode);
        var token = signIn.StoredAccessToken;

        var logout = await signIn.Cli().RunAsync("logout", "anthropic");
        var withKey = await signIn.Cli().With("ANTHROPIC_API_KEY", "sk-ant-api03-the-key")
            .RunAsync("chat", "hi", "-m", Model, "--no-stream", "--endpoint", emulator.BaseAddress.ToString());
        var endpointWithoutKey = await signIn.Cli().RunAsync("chat", "hi", "-m", Model, "--endpoint", emulator.BaseAddress.ToString());
        var offline = await signIn.Cli().RunAsync("chat", "hi", "-m", Model, "--no-stream");

        Assert.Equal(0, logout.ExitCode);
        Assert.Equal(["Signed out of anthropic (profile anthropic): tokens revoked and deleted."], logout.OutputLines);
        Assert.Contains(token, signIn.Server.RevokedTokens);

        Assert.Equal(0, withKey.ExitCode);
        Assert.Equal("sk-ant-api03-the-key", Assert.Single(emulator.Requests).Header("x-api-key"));
        Assert.Equal(["credential: key from ANTHROPIC_API_KEY (not signed in to OAuth profile 'anthropic')"], withKey.ErrorLines);

        Assert.Equal(4, endpointWithoutKey.ExitCode);
        Assert.Equal(
            [$"error: No ANTHROPIC_API_KEY set for Anthropic at {emulator.BaseAddress.GetLeftPart(UriPartial.Authority)}: set ANTHROPIC_API_KEY, " +
             "run 'llmadapters login anthropic' (OAuth profile 'anthropic'), or leave out --endpoint to answer offline from the built-in emulator."],
            endpointWithoutKey.ErrorLines);
        Assert.Single(emulator.Requests);

        Assert.Equal(0, offline.ExitCode);
        Assert.Equal(["offline: no ANTHROPIC_API_KEY set and not signed in to OAuth profile 'anthropic', answering from the built-in emulator"], offline.ErrorLines);
    }

    [Theory]
    [InlineData("embed", "openai", "v1/", "/v1/embeddings")]
    [InlineData("count", "anthropic", "", "/v1/messages/count_tokens")]
    public async Task EmbedAndCount_SignedIn_SendTheStoredToken(string command, string provider, string basePath, string expectedPath)
    {
        await using var signIn = await SignInEnvironment.StartAsync(provider);
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        if (command == "count")
        {
            emulator.Enqueue(ScriptedReply.Text(string.Empty).WithUsage(input: 7, output: 0));
        }

        Assert.Equal(0, (await signIn.Cli().RunAsync("login", provider, "--device")).ExitCode);

        var result = await signIn.Cli().RunAsync(command, "hello", "-m", provider, "--endpoint", emulator.Url(basePath).ToString());

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(expectedPath, emulator.LastRequest.Path);
        Assert.Equal("Bearer " + signIn.StoredAccessToken, emulator.LastRequest.Header("Authorization"));
        Assert.Matches(SignInLine(), Assert.Single(result.ErrorLines));
    }

    [Fact]
    public async Task Status_SignedIn_NamesTheSignInChatUses()
    {
        await using var signIn = await SignInEnvironment.StartAsync("anthropic");
        Assert.Equal(0, (await signIn.Cli().RunAsync("login", "anthropic", "--device")).ExitCode);

        var status = await signIn.Cli().With("ANTHROPIC_API_KEY", "sk-ant-api03-unused-key").RunAsync("status");
        await signIn.Cli().RunAsync("logout", "anthropic");
        var afterLogout = await signIn.Cli().With("ANTHROPIC_API_KEY", "sk-ant-api03-unused-key").RunAsync("status");

        Assert.Equal(0, status.ExitCode);
        Assert.Matches(
            @"^│ anthropic +│ OAuth sign-in 'anthropic' +│ anthropic: expires \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ, refreshable +│$",
            Assert.Single(status.OutputLines, l => l.StartsWith("│ anthropic ", StringComparison.Ordinal)));
        Assert.Matches(
            @"^│ anthropic +│ key from ANTHROPIC_API_KEY \(not signed in to OAuth profile 'anthropic'\) +│ - +│$",
            Assert.Single(afterLogout.OutputLines, l => l.StartsWith("│ anthropic ", StringComparison.Ordinal)));
        Assert.DoesNotContain("sk-ant-", status.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_CorruptTokenFile_ExitsWith4NamingTheFileBeforeAnyRequest()
    {
        await using var signIn = await SignInEnvironment.StartAsync("anthropic");
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        Assert.Equal(0, (await signIn.Cli().RunAsync("login", "anthropic", "--device")).ExitCode);
        var path = signIn.Store.PathFor("anthropic");
        await File.WriteAllTextAsync(path, "{ not json", Ct);

        var chat = await signIn.Cli().RunAsync("chat", "hi", "-m", Model, "--endpoint", emulator.BaseAddress.ToString());

        Assert.Equal(4, chat.ExitCode);
        var error = Assert.Single(chat.ErrorLines);
        Assert.StartsWith("error: ", error, StringComparison.Ordinal);
        Assert.Contains(path, error, StringComparison.Ordinal);
        Assert.Empty(emulator.Requests);
    }

    [Fact]
    public async Task Chat_MistypedProviderInModel_SuggestsTheClosestAndSendsNothing()
    {
        var result = await new CliRunner().RunAsync("chat", "hi", "-m", "antropic:claude-haiku-4-5");

        Assert.Equal(2, result.ExitCode);
        var error = Assert.Single(result.ErrorLines);
        Assert.StartsWith("error: Unknown provider 'antropic' in 'antropic:claude-haiku-4-5'.", error, StringComparison.Ordinal);
        Assert.EndsWith(" Did you mean 'anthropic'?", error, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^credential: OAuth sign-in '(anthropic|openai)' \(expires \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ, refreshed before expiry\)$")]
    private static partial Regex SignInLine();
}
