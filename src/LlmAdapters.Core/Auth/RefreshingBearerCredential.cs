using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace LlmAdapters;

/// <summary>
/// A bearer token fetched from a delegate and refreshed shortly before it expires. Concurrent requests
/// share one refresh. Used for Azure.Identity <c>TokenCredential</c> and Google credentials.
/// </summary>
public sealed class RefreshingBearerCredential : CredentialSource, IDisposable
{
    private readonly Func<CancellationToken, ValueTask<AccessToken>> _fetch;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _refreshMargin;
    private readonly string? _description;
    private readonly SemaphoreSlim _gate = new(1, 1);
    // A reference, not an AccessToken? field: the struct is wider than a machine word, so a reader racing a refresh
    // could otherwise see the new token with the old expiry (or the reverse). A reference swap is atomic.
    private volatile StrongBox<AccessToken>? _current;
    // The token before the last refresh: a request sent with it may still be answered (and echoed) after the refresh.
    private volatile string? _previous;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="fetch">Gets a fresh token.</param>
    /// <param name="description">Where tokens come from, for error messages.</param>
    /// <param name="refreshMargin">How long before expiry to refresh. <value>The default is 5 minutes.</value></param>
    /// <param name="timeProvider">The clock. <value>The default is <see cref="TimeProvider.System"/>.</value></param>
    public RefreshingBearerCredential(
        Func<CancellationToken, ValueTask<AccessToken>> fetch,
        string? description = null,
        TimeSpan? refreshMargin = null,
        TimeProvider? timeProvider = null)
    {
        _fetch = Throw.IfNull(fetch);
        _description = description;
        _refreshMargin = refreshMargin ?? TimeSpan.FromMinutes(5);
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public override string? Description => _description;

    /// <inheritdoc />
    public override async ValueTask ApplyAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var token = await GetTokenAsync(cancellationToken).ConfigureAwait(false);
        request.Headers.Remove("Authorization");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token.Token);
    }

    /// <summary>Returns a valid token, refreshing it when it is missing or about to expire.</summary>
    /// <param name="cancellationToken">Cancels the refresh.</param>
    /// <returns>The current token.</returns>
    public async ValueTask<AccessToken> GetTokenAsync(CancellationToken cancellationToken)
    {
        if (_current is { } current && IsFresh(current.Value))
        {
            return current.Value;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_current is { } again && IsFresh(again.Value))
            {
                return again.Value;
            }

            var fresh = await _fetch(cancellationToken).ConfigureAwait(false);
            _previous = _current?.Value.Token;
            _current = new StrongBox<AccessToken>(fresh);
            return fresh;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _gate.Dispose();

    /// <inheritdoc />
    public override string ToString() => "RefreshingBearerCredential";

    /// <inheritdoc />
    protected internal override IEnumerable<string?> GetSecrets() => [_current?.Value.Token, _previous];

    private bool IsFresh(AccessToken token) => token.ExpiresOn - _refreshMargin > _timeProvider.GetUtcNow();
}
