using LlmAdapters.Auth;
using LlmAdapters.Testing.OAuth;

namespace LlmAdapters.Cli.Tests;

/// <summary>
/// One user's machine for sign-in tests: the emulator's authorization server (in the test process), an OAuth profile named
/// like the provider configured through the environment as a user would, and a config directory kept across CLI runs, so
/// <c>login</c>, <c>chat</c>, <c>status</c> and <c>logout</c> run one after the other against the same token store.
/// </summary>
internal sealed class SignInEnvironment : IAsyncDisposable
{
    private readonly DirectoryInfo _config;

    private SignInEnvironment(string provider, OAuthAuthorizationServer server, DirectoryInfo config)
    {
        Provider = provider;
        Server = server;
        _config = config;
    }

    public string Provider { get; }

    public OAuthAuthorizationServer Server { get; }

    /// <summary>The token store the CLI uses ($XDG_CONFIG_HOME/llmadapters).</summary>
    public TokenStore Store => new(Path.Combine(_config.FullName, "llmadapters"));

    public static async Task<SignInEnvironment> StartAsync(string provider, TimeSpan? accessTokenLifetime = null)
    {
        var server = await OAuthAuthorizationServer.StartAsync(new OAuthAuthorizationServerOptions
        {
            PollingInterval = TimeSpan.FromSeconds(1),
            AccessTokenPrefix = provider == "anthropic" ? "sk-ant-oat01-test-" : "test-at-",
            AccessTokenLifetime = accessTokenLifetime ?? TimeSpan.FromHours(1),
        }, TestContext.Current.CancellationToken);
        return new SignInEnvironment(provider, server, Directory.CreateTempSubdirectory("llmadapters-signin-test-"));
    }

    /// <summary>A runner with the profile configured and the shared config directory.</summary>
    public CliRunner Cli()
    {
        var key = $"LlmAdapters__OAuth__Profiles__{Provider}__";
        return new CliRunner()
            .With("XDG_CONFIG_HOME", _config.FullName)
            .With(key + "TokenEndpoint", Server.TokenEndpoint.ToString())
            .With(key + "DeviceAuthorizationEndpoint", Server.DeviceAuthorizationEndpoint.ToString())
            .With(key + "AuthorizationEndpoint", Server.AuthorizationEndpoint.ToString())
            .With(key + "RevocationEndpoint", Server.RevocationEndpoint.ToString())
            .With(key + "ClientId", Server.Options.ClientId);
    }

    /// <summary>The access token stored now.</summary>
    public string StoredAccessToken => Store.Read(Provider)?.AccessToken ?? throw new InvalidOperationException("Nobody is signed in.");

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        _config.Delete(recursive: true);
    }
}
