using LlmAdapters.Testing.OAuth;
using Microsoft.Extensions.Time.Testing;

namespace LlmAdapters.Auth.Tests;

/// <summary>An emulator authorization server, a profile pointing at it and a private token directory per test.</summary>
internal sealed class OAuthTestBed : IAsyncDisposable
{
    private OAuthTestBed(OAuthAuthorizationServer server, string root, TimeProvider time)
    {
        Server = server;
        Root = root;
        Time = time;
        Store = new TokenStore(Path.Combine(root, "llmadapters"));
        Profile = new OAuthProfile
        {
            AuthorizationEndpoint = server.AuthorizationEndpoint,
            TokenEndpoint = server.TokenEndpoint,
            DeviceAuthorizationEndpoint = server.DeviceAuthorizationEndpoint,
            RevocationEndpoint = server.RevocationEndpoint,
            ClientId = server.Options.ClientId,
        };
        Profile.Scopes.Add("inference");
    }

    public OAuthAuthorizationServer Server { get; }

    public string Root { get; }

    public TimeProvider Time { get; }

    public TokenStore Store { get; }

    public OAuthProfile Profile { get; }

    public HttpClient Http { get; } = new(new SocketsHttpHandler { AllowAutoRedirect = false });

    public static async Task<OAuthTestBed> StartAsync(Action<OAuthAuthorizationServerOptions>? configure = null, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        var options = new OAuthAuthorizationServerOptions { TimeProvider = time };
        configure?.Invoke(options);
        var server = await OAuthAuthorizationServer.StartAsync(options, TestContext.Current.CancellationToken);
        var root = Path.Combine(Path.GetTempPath(), "llmadapters-auth-" + Guid.NewGuid().ToString("N"));
        return new OAuthTestBed(server, root, time);
    }

    public OAuthSignIn SignIn(string profileName = "test") => new(profileName, Profile, Store, Http, Time);

    /// <summary>Runs a flow that waits on <paramref name="time"/>, moving the fake clock one second every few milliseconds.</summary>
    public static async Task<T> DriveAsync<T>(FakeTimeProvider time, Task<T> flow)
    {
        var limit = DateTime.UtcNow.AddSeconds(30);
        while (!flow.IsCompleted && DateTime.UtcNow < limit)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(5, TestContext.Current.CancellationToken);
        }

        return await flow;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}
