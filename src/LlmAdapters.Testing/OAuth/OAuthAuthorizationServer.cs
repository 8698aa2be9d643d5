using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LlmAdapters.Testing.OAuth;

/// <summary>
/// A loopback OAuth 2.0 authorization server for sign-in tests and offline use: device authorization (RFC 8628) with
/// scriptable answers, an authorization endpoint that requires an S256 PKCE challenge (RFC 7636) and redirects to a loopback
/// address with <c>code</c> and <c>state</c>, a token endpoint for device codes, authorization codes (verifying the PKCE
/// verifier) and refresh tokens, and revocation (RFC 7009). Browser sign-ins are approved at once, unless
/// <see cref="DenyBrowserSignIn"/> is set.
/// </summary>
public sealed partial class OAuthAuthorizationServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<DeviceGrantAnswer> _deviceAnswers = new();
    private readonly ConcurrentQueue<OAuthServerRequest> _requests = new();
    private readonly ConcurrentQueue<string> _revoked = new();
    private readonly Lock _sync = new();
    private readonly Dictionary<string, DeviceGrant> _deviceCodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CodeGrant> _codes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _accessTokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _refreshTokens = new(StringComparer.Ordinal);
    private int _refreshCount;

    private OAuthAuthorizationServer(WebApplication app, OAuthAuthorizationServerOptions options)
    {
        _app = app;
        Options = options;
    }

    /// <summary>Gets the server's base address, for example <c>http://127.0.0.1:51234/</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Gets the settings.</summary>
    public OAuthAuthorizationServerOptions Options { get; }

    /// <summary>Gets the device authorization endpoint.</summary>
    public Uri DeviceAuthorizationEndpoint => new(BaseAddress, "oauth/device/code");

    /// <summary>Gets the page a device sign-in sends the user to.</summary>
    public Uri VerificationUri => new(BaseAddress, "oauth/device");

    /// <summary>Gets the authorization endpoint.</summary>
    public Uri AuthorizationEndpoint => new(BaseAddress, "oauth/authorize");

    /// <summary>Gets the token endpoint.</summary>
    public Uri TokenEndpoint => new(BaseAddress, "oauth/token");

    /// <summary>Gets the revocation endpoint.</summary>
    public Uri RevocationEndpoint => new(BaseAddress, "oauth/revoke");

    /// <summary>Gets or sets a value indicating whether the authorization endpoint redirects with <c>error=access_denied</c>
    /// instead of a code.</summary>
    public bool DenyBrowserSignIn { get; set; }

    /// <summary>Gets every request received, in order.</summary>
    public IReadOnlyList<OAuthServerRequest> Requests => [.. _requests];

    /// <summary>Gets every token the revocation endpoint was asked to revoke, in order.</summary>
    public IReadOnlyList<string> RevokedTokens => [.. _revoked];

    /// <summary>Gets how many refresh grants were answered with new tokens.</summary>
    public int RefreshCount => Volatile.Read(ref _refreshCount);

    /// <summary>Starts a server on 127.0.0.1.</summary>
    /// <param name="options">The settings; <see langword="null"/> uses the defaults.</param>
    /// <param name="cancellationToken">Cancels start-up.</param>
    /// <returns>The running server.</returns>
    public static async Task<OAuthAuthorizationServer> StartAsync(OAuthAuthorizationServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new OAuthAuthorizationServerOptions();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, options.Port));
        var app = builder.Build();
        var server = new OAuthAuthorizationServer(app, options);
        app.Run(server.HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
        return server;
    }

    /// <summary>Scripts the answers to the next device-code polls, in order; once they are used up, polls are approved.</summary>
    /// <param name="answers">The answers.</param>
    /// <returns>This server.</returns>
    public OAuthAuthorizationServer ScriptDeviceAnswers(params DeviceGrantAnswer[] answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        foreach (var answer in answers)
        {
            _deviceAnswers.Enqueue(answer);
        }

        return this;
    }

    /// <summary>Whether an access token was issued here, has not expired and was not revoked.</summary>
    /// <param name="accessToken">The token.</param>
    /// <returns><see langword="true"/> when the token is usable.</returns>
    public bool IsActive(string accessToken)
    {
        lock (_sync)
        {
            return _accessTokens.TryGetValue(accessToken, out var expires) && expires > Now;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private DateTimeOffset Now => Options.TimeProvider.GetUtcNow();

    private Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        return (context.Request.Method, path) switch
        {
            ("POST", "/oauth/device/code") => DeviceAuthorizationAsync(context),
            ("GET", "/oauth/device") => TextAsync(context, 200, "Enter the code shown in your terminal. (This emulator approves device sign-ins as its script says.)"),
            ("GET", "/oauth/authorize") => AuthorizeAsync(context),
            ("POST", "/oauth/token") => TokenAsync(context),
            ("POST", "/oauth/revoke") => RevokeAsync(context),
            _ => TextAsync(context, 404, "Not an endpoint of this authorization server."),
        };
    }

    private string Issue(out string refreshToken, string? scope)
    {
        var access = Options.AccessTokenPrefix + Random(24);
        refreshToken = "emu-rt-" + Random(24);
        _accessTokens[access] = Now + Options.AccessTokenLifetime;
        _refreshTokens[refreshToken] = scope ?? string.Empty;
        return access;
    }

    private static string Random(int bytes) => System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(bytes));

    private sealed class DeviceGrant(string userCode, DateTimeOffset expiresAt, TimeSpan interval, string? scope)
    {
        public string UserCode { get; } = userCode;

        public DateTimeOffset ExpiresAt { get; } = expiresAt;

        public TimeSpan Interval { get; set; } = interval;

        public DateTimeOffset? LastPoll { get; set; }

        public string? Scope { get; } = scope;
    }

    private sealed record CodeGrant(string Challenge, string RedirectUri, string? Scope);
}
