using LlmAdapters.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LlmAdapters.Auth.Tests;

/// <summary>The umbrella factory picking a stored sign-in when a provider names an OAuth profile.</summary>
public sealed class StoredSignInsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CreateChatClient_AnthropicWithOAuthProfile_SendsStoredTokenAsBearerWithOAuthBeta()
    {
        await using var bed = await OAuthTestBed.StartAsync();
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        emulator.Enqueue(ScriptedReply.Text("hi"));
        bed.Store.Write("claude", new OAuthTokens("emu-at-stored-token-1", "rt-1", DateTimeOffset.UtcNow.AddHours(1), DateTimeOffset.UtcNow));
        var factory = FactoryFrom(bed, emulator, "anthropic");

        using var client = factory.CreateChatClient("anthropic:claude-haiku-4-5");
        var response = await client.GetResponseAsync("ping", cancellationToken: Ct);

        Assert.Equal("hi", response.Text);
        Assert.Equal("Bearer emu-at-stored-token-1", emulator.LastRequest.Header("Authorization"));
        Assert.Null(emulator.LastRequest.Header("x-api-key"));
        Assert.Contains("oauth-2025-04-20", emulator.LastRequest.Header("anthropic-beta"), StringComparison.Ordinal);
        Assert.Equal(0, bed.Server.RefreshCount);
    }

    [Fact]
    public async Task CreateChatClient_StoredTokenExpired_RefreshesBeforeTheRequestAndSendsTheNewToken()
    {
        await using var bed = await OAuthTestBed.StartAsync();
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        emulator.Enqueue(ScriptedReply.Text("hi"));
        bed.Server.Options.PollingInterval = TimeSpan.FromSeconds(1);
        using (var signIn = bed.SignIn("claude"))
        {
            var tokens = await signIn.SignInWithDeviceCodeAsync((_, _) => ValueTask.CompletedTask, Ct);
            bed.Store.Write("claude", new OAuthTokens(tokens.AccessToken, tokens.RefreshToken, DateTimeOffset.UtcNow.AddSeconds(-1), tokens.ObtainedAt));
        }

        var factory = FactoryFrom(bed, emulator, "openai");
        using var client = factory.CreateChatClient("openai:gpt-4.1-mini");
        await client.GetResponseAsync("ping", cancellationToken: Ct);

        var stored = bed.Store.Read("claude")!;
        Assert.Equal(1, bed.Server.RefreshCount);
        Assert.Equal("Bearer " + stored.AccessToken, emulator.LastRequest.Header("Authorization"));
        Assert.True(bed.Server.IsActive(stored.AccessToken));
    }

    [Fact]
    public async Task CreateChatClient_ProfileConfiguredButNotSignedIn_ThrowsConfigurationNamingTheLoginCommand()
    {
        await using var bed = await OAuthTestBed.StartAsync();
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        var factory = FactoryFrom(bed, emulator, "anthropic");

        var error = Assert.Throws<ProviderConfigurationException>(() => factory.CreateChatClient("anthropic:claude-haiku-4-5"));

        Assert.Equal(
            "Anthropic signs in with the OAuth profile 'claude' (LlmAdapters:Providers:anthropic:OAuthProfile), but nobody is signed in to it: run 'llmadapters login anthropic', or remove that setting to use a key.",
            error.Message);
    }

    [Fact]
    public async Task CreateChatClient_UnknownProfile_ThrowsConfigurationNamingTheSection()
    {
        await using var bed = await OAuthTestBed.StartAsync();
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        var factory = FactoryFrom(bed, emulator, "anthropic", profileName: "missing");

        var error = Assert.Throws<ProviderConfigurationException>(() => factory.CreateChatClient("anthropic:claude-haiku-4-5"));

        Assert.StartsWith("No OAuth profile named 'missing': configure LlmAdapters:OAuth:Profiles:missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddLlmAdapters_Configuration_BindsProfilesScopesAndExtraHeaders()
    {
        await using var bed = await OAuthTestBed.StartAsync();
        await using var emulator = await ProviderEmulator.StartAsync(Ct);

        var options = FactoryFrom(bed, emulator, "anthropic").Options;

        var profile = options.OAuth.GetProfile("CLAUDE");
        Assert.Equal(bed.Server.TokenEndpoint, profile.TokenEndpoint);
        Assert.Equal(bed.Server.RevocationEndpoint, profile.RevocationEndpoint);
        Assert.Equal(["inference", "profile"], profile.Scopes);
        Assert.Equal("yes", profile.ExtraHeaders["X-Signed-In"]);
        Assert.Equal(TimeSpan.FromSeconds(90), options.OAuth.RefreshSkew);
        Assert.Equal("claude", options.Providers["anthropic"].OAuthProfile);
    }

    private static LlmClientFactory FactoryFrom(OAuthTestBed bed, ProviderEmulator emulator, string provider, string profileName = "claude")
    {
        var endpoint = provider == "openai" ? emulator.Url("v1/") : emulator.BaseAddress;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"LlmAdapters:Providers:{provider}:Endpoint"] = endpoint.AbsoluteUri,
            [$"LlmAdapters:Providers:{provider}:OAuthProfile"] = profileName,
            ["LlmAdapters:OAuth:StoreDirectory"] = bed.Store.Directory,
            ["LlmAdapters:OAuth:RefreshSkew"] = "00:01:30",
            ["LlmAdapters:OAuth:Profiles:claude:TokenEndpoint"] = bed.Server.TokenEndpoint.AbsoluteUri,
            ["LlmAdapters:OAuth:Profiles:claude:RevocationEndpoint"] = bed.Server.RevocationEndpoint.AbsoluteUri,
            ["LlmAdapters:OAuth:Profiles:claude:ClientId"] = bed.Profile.ClientId,
            ["LlmAdapters:OAuth:Profiles:claude:Scopes:0"] = "inference",
            ["LlmAdapters:OAuth:Profiles:claude:Scopes:1"] = "profile",
            ["LlmAdapters:OAuth:Profiles:claude:ExtraHeaders:X-Signed-In"] = "yes",
        }).Build();
        return new ServiceCollection().AddLlmAdapters(configuration).BuildServiceProvider().GetRequiredService<LlmClientFactory>();
    }
}
