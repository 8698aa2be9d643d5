using System;
using System.Collections.Generic;

namespace LlmAdapters.Auth;

/// <summary>
/// Sign-in settings, bound from the <c>LlmAdapters:OAuth</c> configuration section:
/// <code>
/// "LlmAdapters": {
///   "OAuth": {
///     "Profiles": {
///       "my-gateway": {
///         "DeviceAuthorizationEndpoint": "https://login.example.com/oauth/device/code",
///         "TokenEndpoint": "https://login.example.com/oauth/token",
///         "ClientId": "cli", "Scopes": [ "inference" ]
///       }
///     }
///   },
///   "Providers": { "openai": { "OAuthProfile": "my-gateway" } }
/// }
/// </code>
/// No profile is built in: no provider this library supports publishes OAuth endpoints for third-party clients.
/// </summary>
public sealed class OAuthOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "LlmAdapters:OAuth";

    /// <summary>Gets the profiles, keyed by name (case-insensitive).</summary>
    public IDictionary<string, OAuthProfile> Profiles { get; } = new Dictionary<string, OAuthProfile>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets or sets the token store directory; <see langword="null"/> uses <see cref="TokenStore.DefaultDirectory()"/>.</summary>
    public string? StoreDirectory { get; set; }

    /// <summary>Gets or sets how long before expiry an access token is refreshed.</summary>
    /// <value>The default is 60 seconds.</value>
    public TimeSpan RefreshSkew { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Finds a profile by name.</summary>
    /// <param name="name">The profile name.</param>
    /// <returns>The profile.</returns>
    /// <exception cref="ProviderConfigurationException">No profile has that name.</exception>
    public OAuthProfile GetProfile(string name)
    {
        Throw.IfNullOrWhiteSpace(name);
        return Profiles.TryGetValue(name, out var profile) && profile is not null
            ? profile
            : throw new ProviderConfigurationException(
                $"No OAuth profile named '{name}': configure LlmAdapters:OAuth:Profiles:{name} (TokenEndpoint, ClientId and a device or authorization endpoint).");
    }
}
