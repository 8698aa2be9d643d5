using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace LlmAdapters.Auth;

/// <summary>
/// A <see cref="CredentialSource"/> that sends the access token stored for an OAuth profile as <c>Authorization: Bearer</c>
/// (plus the profile's <see cref="OAuthProfile.ExtraHeaders"/>) and refreshes it shortly before it expires. Concurrent
/// requests share one refresh; across processes the profile's lock file serializes refreshes, and a process that finds the
/// file already refreshed by another uses those tokens instead of spending the refresh token again.
/// </summary>
public sealed class StoredTokenCredential : CredentialSource, IDisposable
{
    private readonly string _profileName;
    private readonly OAuthProfile _profile;
    private readonly TokenStore _store;
    private readonly OAuthClient _client;
    private readonly HttpClient? _ownedHttpClient;
    private readonly TimeProvider _time;
    private readonly TimeSpan _skew;
    private readonly Lock _sync = new();
    private volatile OAuthTokens? _current;
    private volatile string? _previousAccessToken;
    private Task<OAuthTokens>? _refresh;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="profileName">The profile's name (its token file).</param>
    /// <param name="profile">The authorization server and client, used to refresh.</param>
    /// <param name="store">The token store.</param>
    /// <param name="httpClient">The HTTP client for the token endpoint; <see langword="null"/> creates one that this instance disposes.</param>
    /// <param name="timeProvider">The clock. <value>The default is <see cref="TimeProvider.System"/>.</value></param>
    /// <param name="refreshSkew">How long before expiry to refresh. <value>The default is 60 seconds.</value></param>
    public StoredTokenCredential(
        string profileName,
        OAuthProfile profile,
        TokenStore store,
        HttpClient? httpClient = null,
        TimeProvider? timeProvider = null,
        TimeSpan? refreshSkew = null)
    {
        _store = Throw.IfNull(store);
        _profileName = Throw.IfNullOrWhiteSpace(profileName);
        _store.PathFor(profileName);
        _profile = Throw.IfNull(profile);
        _time = timeProvider ?? TimeProvider.System;
        _skew = refreshSkew ?? TimeSpan.FromSeconds(60);
        _ownedHttpClient = httpClient is null ? OAuthSignIn.CreateHttpClient() : null;
        _client = new OAuthClient(profile, profileName, httpClient ?? _ownedHttpClient!, _time);
    }

    /// <inheritdoc />
    public override string? Description => $"the OAuth sign-in '{_profileName}' ({_store.PathFor(_profileName)})";

    /// <inheritdoc />
    public override async ValueTask ApplyAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var tokens = await GetTokensAsync(cancellationToken).ConfigureAwait(false);
        request.Headers.Remove("Authorization");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + tokens.AccessToken);
        foreach (var header in _profile.ExtraHeaders)
        {
            if (!string.IsNullOrWhiteSpace(header.Value))
            {
                request.Headers.Remove(header.Key);
                request.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }
    }

    /// <summary>Returns tokens whose access token is valid for at least the refresh skew, refreshing when needed.</summary>
    /// <param name="cancellationToken">Stops this caller waiting; a refresh other callers share runs on.</param>
    /// <returns>The current tokens.</returns>
    /// <exception cref="OAuthSignInRequiredException">The profile has no stored tokens, or the server rejected the refresh token.</exception>
    /// <exception cref="TokenStoreException">The token file is corrupt or not private.</exception>
    public async ValueTask<OAuthTokens> GetTokensAsync(CancellationToken cancellationToken = default)
    {
        if (_current is { } current && current.IsFresh(_time.GetUtcNow(), _skew))
        {
            return current;
        }

        Task<OAuthTokens> refresh;
        lock (_sync)
        {
            if (_current is { } again && again.IsFresh(_time.GetUtcNow(), _skew))
            {
                return again;
            }

            // One refresh in flight for every caller; a finished (or failed) one is replaced by a new attempt.
            if (_refresh is null || _refresh.IsCompleted)
            {
                _refresh = RefreshAsync();
            }

            refresh = _refresh;
        }

        return await refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Dispose() => _ownedHttpClient?.Dispose();

    /// <inheritdoc />
    public override string ToString() => $"StoredTokenCredential({_profileName})";

    /// <inheritdoc />
    protected internal override IEnumerable<string?> GetSecrets()
    {
        var current = _current;
        return [current?.AccessToken, current?.RefreshToken, _previousAccessToken];
    }

    private async Task<OAuthTokens> RefreshAsync()
    {
        // Not the caller's token: one caller giving up must not fail the others waiting on this refresh.
        using var held = await _store.LockAsync(_profileName, CancellationToken.None).ConfigureAwait(false);
        var stored = _store.Read(_profileName)
            ?? throw new OAuthSignInRequiredException(
                $"Not signed in to the OAuth profile '{_profileName}' (no {_store.PathFor(_profileName)}): run 'llmadapters login' for it first.");

        // Another process (or an earlier sign-in) may have written fresh tokens while this one waited for the lock.
        if (!stored.IsFresh(_time.GetUtcNow(), _skew))
        {
            var refreshToken = stored.RefreshToken
                ?? throw new OAuthSignInRequiredException(
                    $"The access token of the OAuth profile '{_profileName}' expired and the server issued no refresh token: sign in again with 'llmadapters login'.");
            stored = await _client.RefreshAsync(refreshToken, CancellationToken.None).ConfigureAwait(false);
            _store.Write(_profileName, stored);
        }

        if (_current is { } old && old.AccessToken != stored.AccessToken)
        {
            _previousAccessToken = old.AccessToken;
        }

        _current = stored;
        return stored;
    }
}
