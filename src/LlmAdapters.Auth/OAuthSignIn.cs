using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace LlmAdapters.Auth;

/// <summary>
/// Signs a user in to one OAuth profile and out again, keeping the tokens in a <see cref="TokenStore"/>: the device
/// authorization grant (RFC 8628) for terminals, the authorization code grant with PKCE (RFC 7636) through a loopback
/// redirect for desktops, and revocation (RFC 7009) on sign-out where the profile has a revocation endpoint.
/// </summary>
/// <example>
/// <code>
/// var signIn = new OAuthSignIn("my-gateway", profile, new TokenStore());
/// await signIn.SignInWithDeviceCodeAsync((prompt, _) =>
/// {
///     Console.WriteLine($"Open {prompt.VerificationUri} and enter {prompt.UserCode}");
///     return ValueTask.CompletedTask;
/// });
/// </code>
/// </example>
public sealed class OAuthSignIn : IDisposable
{
    private readonly OAuthClient _client;
    private readonly TokenStore _store;
    private readonly HttpClient? _ownedHttpClient;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="profileName">The profile's name: the token file is <c>{profileName}.json</c>.</param>
    /// <param name="profile">The authorization server and client.</param>
    /// <param name="store">Where the tokens are kept.</param>
    /// <param name="httpClient">The HTTP client for the authorization server; <see langword="null"/> creates one that this instance disposes.</param>
    /// <param name="timeProvider">The clock (token expiry, polling). <value>The default is <see cref="TimeProvider.System"/>.</value></param>
    /// <exception cref="ProviderConfigurationException">The profile lacks a token endpoint or a client id.</exception>
    public OAuthSignIn(string profileName, OAuthProfile profile, TokenStore store, HttpClient? httpClient = null, TimeProvider? timeProvider = null)
    {
        _store = Throw.IfNull(store);
        _store.PathFor(profileName);
        _ownedHttpClient = httpClient is null ? CreateHttpClient() : null;
        _client = new OAuthClient(profile, profileName, httpClient ?? _ownedHttpClient!, timeProvider ?? TimeProvider.System);
    }

    /// <summary>Gets the profile's name.</summary>
    public string ProfileName => _client.ProfileName;

    /// <summary>Gets or sets how long a browser sign-in waits for the redirect.</summary>
    /// <value>The default is 5 minutes.</value>
    public TimeSpan BrowserTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Signs in with a device code: <paramref name="showPrompt"/> tells the user where to enter which code, then the
    /// token endpoint is polled at the server's interval until the user approves, declines or the code expires.</summary>
    /// <param name="showPrompt">Shows the user code and verification address.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The stored tokens.</returns>
    /// <exception cref="OAuthAccessDeniedException">The user declined.</exception>
    /// <exception cref="OAuthDeviceCodeExpiredException">The code expired first.</exception>
    /// <exception cref="OAuthException">The server refused the request.</exception>
    public async Task<OAuthTokens> SignInWithDeviceCodeAsync(Func<DeviceCodePrompt, CancellationToken, ValueTask> showPrompt, CancellationToken cancellationToken = default)
    {
        var tokens = await _client.SignInWithDeviceCodeAsync(showPrompt, cancellationToken).ConfigureAwait(false);
        await SaveAsync(tokens, cancellationToken).ConfigureAwait(false);
        return tokens;
    }

    /// <summary>Signs in through the browser: a loopback listener on 127.0.0.1 waits for the redirect, <paramref name="openBrowser"/>
    /// opens the authorization address, and the code that comes back (with the state that was sent) is exchanged with the PKCE verifier.</summary>
    /// <param name="openBrowser">Opens the address in the user's browser (or prints it).</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The stored tokens.</returns>
    /// <exception cref="OAuthStateMismatchException">The redirect carried another state.</exception>
    /// <exception cref="OAuthAccessDeniedException">The user declined.</exception>
    /// <exception cref="OAuthException">The server refused the exchange, or no redirect came within <see cref="BrowserTimeout"/>.</exception>
    public async Task<OAuthTokens> SignInWithBrowserAsync(Func<Uri, CancellationToken, ValueTask> openBrowser, CancellationToken cancellationToken = default)
    {
        var tokens = await _client.SignInWithBrowserAsync(openBrowser, BrowserTimeout, cancellationToken).ConfigureAwait(false);
        await SaveAsync(tokens, cancellationToken).ConfigureAwait(false);
        return tokens;
    }

    /// <summary>Signs out: revokes the refresh token and the access token where the profile has a revocation endpoint, then
    /// deletes the token file. The file is deleted even when revocation fails; the failure is then rethrown.</summary>
    /// <param name="cancellationToken">Cancels the revocation.</param>
    /// <returns>What was done.</returns>
    public async Task<SignOutResult> SignOutAsync(CancellationToken cancellationToken = default)
    {
        using var held = await _store.LockAsync(ProfileName, cancellationToken).ConfigureAwait(false);
        OAuthTokens? tokens;
        try
        {
            tokens = _store.Read(ProfileName);
        }
        catch (TokenStoreException)
        {
            // A corrupt file holds nothing that can be revoked; signing out still removes it.
            _store.Delete(ProfileName);
            return new SignOutResult(HadTokens: true, Revoked: false);
        }

        if (tokens is null)
        {
            return new SignOutResult(HadTokens: false, Revoked: false);
        }

        try
        {
            // RFC 7009 §2.1: revoking the refresh token may revoke the access tokens issued from it; the access token is
            // revoked too, for servers that do not.
            var revoked = tokens.RefreshToken is { } refresh && await _client.RevokeAsync(refresh, "refresh_token", cancellationToken).ConfigureAwait(false);
            revoked |= await _client.RevokeAsync(tokens.AccessToken, "access_token", cancellationToken).ConfigureAwait(false);
            return new SignOutResult(HadTokens: true, Revoked: revoked);
        }
        finally
        {
            _store.Delete(ProfileName);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _ownedHttpClient?.Dispose();

    internal static HttpClient CreateHttpClient() =>
        // Tokens and codes never follow a redirect to another origin.
        new(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(60) };

    private async Task SaveAsync(OAuthTokens tokens, CancellationToken cancellationToken)
    {
        using var held = await _store.LockAsync(ProfileName, cancellationToken).ConfigureAwait(false);
        _store.Write(ProfileName, tokens);
    }
}

/// <summary>The outcome of <see cref="OAuthSignIn.SignOutAsync"/>.</summary>
/// <param name="HadTokens">Whether the profile had stored tokens (which are now deleted).</param>
/// <param name="Revoked">Whether the server was asked to revoke them and agreed.</param>
public readonly record struct SignOutResult(bool HadTokens, bool Revoked);
