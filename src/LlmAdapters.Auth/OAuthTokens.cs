using System;

namespace LlmAdapters.Auth;

/// <summary>The tokens of one sign-in. <see cref="ToString"/> never shows a token.</summary>
public sealed class OAuthTokens
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="accessToken">The access token sent as <c>Authorization: Bearer</c>.</param>
    /// <param name="refreshToken">The refresh token, when the server issued one.</param>
    /// <param name="expiresAt">When the access token expires; <see langword="null"/> when the server did not say.</param>
    /// <param name="obtainedAt">When the tokens were issued.</param>
    /// <param name="scope">The granted scopes, space-separated, when the server said.</param>
    public OAuthTokens(string accessToken, string? refreshToken, DateTimeOffset? expiresAt, DateTimeOffset obtainedAt, string? scope = null)
    {
        AccessToken = Throw.IfNullOrWhiteSpace(accessToken);
        RefreshToken = string.IsNullOrWhiteSpace(refreshToken) ? null : refreshToken;
        ExpiresAt = expiresAt;
        ObtainedAt = obtainedAt;
        Scope = scope;
    }

    /// <summary>Gets the access token.</summary>
    public string AccessToken { get; }

    /// <summary>Gets the refresh token, or <see langword="null"/>.</summary>
    public string? RefreshToken { get; }

    /// <summary>Gets when the access token expires, or <see langword="null"/> when unknown (treated as valid until a request fails).</summary>
    public DateTimeOffset? ExpiresAt { get; }

    /// <summary>Gets when the tokens were issued.</summary>
    public DateTimeOffset ObtainedAt { get; }

    /// <summary>Gets the granted scopes, space-separated, or <see langword="null"/>.</summary>
    public string? Scope { get; }

    /// <summary>Whether the access token is still usable for at least <paramref name="skew"/> at <paramref name="now"/>.</summary>
    /// <param name="now">The current time.</param>
    /// <param name="skew">How long before expiry a token counts as expired.</param>
    /// <returns><see langword="true"/> when no refresh is needed.</returns>
    public bool IsFresh(DateTimeOffset now, TimeSpan skew) => ExpiresAt is not { } expires || expires - skew > now;

    /// <inheritdoc />
    public override string ToString() =>
        $"OAuthTokens(expires {(ExpiresAt is { } e ? e.ToString("O", System.Globalization.CultureInfo.InvariantCulture) : "unknown")}, refresh token {(RefreshToken is null ? "none" : "present")})";
}
