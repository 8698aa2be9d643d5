using System;
using System.Collections.Generic;

namespace LlmAdapters.Auth;

/// <summary>
/// One OAuth 2.0 authorization server and the client registered with it, bound from
/// <c>LlmAdapters:OAuth:Profiles:{name}</c>: <c>AuthorizationEndpoint</c>, <c>TokenEndpoint</c>,
/// <c>DeviceAuthorizationEndpoint</c>, <c>RevocationEndpoint</c>, <c>ClientId</c>, <c>Scopes</c> and <c>ExtraHeaders:{header}</c>.
/// </summary>
public sealed class OAuthProfile
{
    /// <summary>Gets or sets the authorization endpoint the browser is sent to (authorization code + PKCE sign-in).</summary>
    public Uri? AuthorizationEndpoint { get; set; }

    /// <summary>Gets or sets the token endpoint (code exchange, device polling, refresh). Required.</summary>
    public Uri? TokenEndpoint { get; set; }

    /// <summary>Gets or sets the device authorization endpoint (RFC 8628 sign-in in a terminal).</summary>
    public Uri? DeviceAuthorizationEndpoint { get; set; }

    /// <summary>Gets or sets the revocation endpoint (RFC 7009); when unset, signing out only deletes the stored tokens.</summary>
    public Uri? RevocationEndpoint { get; set; }

    /// <summary>Gets or sets the public client id registered with the server. Required.</summary>
    public string? ClientId { get; set; }

    /// <summary>Gets the scopes requested at sign-in, sent space-separated.</summary>
    public IList<string> Scopes { get; } = [];

    /// <summary>Gets headers sent with every API request made with this profile's tokens (for example a provider's OAuth
    /// beta flag), after the adapter's own headers.</summary>
    public IDictionary<string, string> ExtraHeaders { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets a value indicating whether the browser sign-in can run (an authorization endpoint is set).</summary>
    public bool SupportsBrowser => AuthorizationEndpoint is not null;

    /// <summary>Gets a value indicating whether the device sign-in can run (a device authorization endpoint is set).</summary>
    public bool SupportsDeviceCode => DeviceAuthorizationEndpoint is not null;

    /// <summary>Checks the settings every flow needs and throws a message that names the missing configuration key.</summary>
    /// <param name="name">The profile's name, used in the message.</param>
    /// <exception cref="ProviderConfigurationException">The token endpoint or the client id is missing.</exception>
    public void Validate(string name)
    {
        if (TokenEndpoint is null)
        {
            throw new ProviderConfigurationException($"The OAuth profile '{name}' has no token endpoint: set LlmAdapters:OAuth:Profiles:{name}:TokenEndpoint.");
        }

        if (string.IsNullOrWhiteSpace(ClientId))
        {
            throw new ProviderConfigurationException($"The OAuth profile '{name}' has no client id: set LlmAdapters:OAuth:Profiles:{name}:ClientId.");
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"OAuthProfile(TokenEndpoint={TokenEndpoint?.ToString() ?? "not set"}, ClientId={ClientId ?? "not set"})";
}
