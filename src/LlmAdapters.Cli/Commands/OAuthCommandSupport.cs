using System;
using System.Globalization;
using LlmAdapters.Auth;

namespace LlmAdapters.Cli.Commands;

/// <summary>
/// What <c>login</c>, <c>logout</c> and <c>status</c> share: the OAuth settings read from the environment in the configuration
/// naming that applications use (<c>LlmAdapters__OAuth__Profiles__{name}__TokenEndpoint</c> …), and the token store.
/// </summary>
internal static class OAuthCommandSupport
{
    private const string Prefix = "LlmAdapters__";

    /// <summary>The profile a provider signs in with: <c>LlmAdapters__Providers__{provider}__OAuthProfile</c>, else a profile
    /// named like the provider when one is configured; null when neither is (sign-in then uses the offline emulator).</summary>
    public static (string Name, OAuthProfile Profile)? ConfiguredProfile(CliContext context, string provider)
    {
        var named = Read(context, $"Providers__{provider}__OAuthProfile");
        var name = string.IsNullOrWhiteSpace(named) ? provider : named.Trim();
        var profile = ReadProfile(context, name);
        return profile is null ? null : (name, profile);
    }

    /// <summary>What to set to sign in to <paramref name="provider"/> for real: the keys of a profile named like it, with
    /// placeholder values (no provider publishes OAuth endpoints and a client id for third-party programs, so none is built in).</summary>
    public static string[] ConfigurationExample(string provider)
    {
        var key = $"{Prefix}OAuth__Profiles__{provider}__";
        return
        [
            $"To sign in to {provider} for real, configure its authorization server and your registered client, for example:",
            $"  {key}TokenEndpoint=https://login.example.com/oauth/token",
            $"  {key}DeviceAuthorizationEndpoint=https://login.example.com/oauth/device/code   (for --device)",
            $"  {key}AuthorizationEndpoint=https://login.example.com/oauth/authorize   (for --browser)",
            $"  {key}ClientId=your-client-id",
            $"  optional: {key}RevocationEndpoint, {key}Scopes__0; {Prefix}Providers__{provider}__OAuthProfile names a profile with another name.",
        ];
    }

    public static TokenStore Store(CliContext context) =>
        new(Read(context, "OAuth__StoreDirectory") is { Length: > 0 } directory ? directory : TokenStore.DefaultDirectory(context.GetEnvironmentVariable));

    public static string Expiry(OAuthTokens tokens) =>
        tokens.ExpiresAt is { } expires ? expires.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "unknown";

    private static OAuthProfile? ReadProfile(CliContext context, string name)
    {
        var key = $"OAuth__Profiles__{name}__";
        var token = Read(context, key + "TokenEndpoint");
        if (string.IsNullOrWhiteSpace(token))
        {
            return null;
        }

        var profile = new OAuthProfile
        {
            TokenEndpoint = Absolute(token, key + "TokenEndpoint"),
            AuthorizationEndpoint = Absolute(Read(context, key + "AuthorizationEndpoint"), key + "AuthorizationEndpoint"),
            DeviceAuthorizationEndpoint = Absolute(Read(context, key + "DeviceAuthorizationEndpoint"), key + "DeviceAuthorizationEndpoint"),
            RevocationEndpoint = Absolute(Read(context, key + "RevocationEndpoint"), key + "RevocationEndpoint"),
            ClientId = Read(context, key + "ClientId"),
        };

        // Arrays in environment configuration are numbered: Scopes__0, Scopes__1 …
        for (var i = 0; Read(context, key + "Scopes__" + i.ToString(CultureInfo.InvariantCulture)) is { Length: > 0 } scope; i++)
        {
            profile.Scopes.Add(scope);
        }

        // A dictionary is one variable per entry: ExtraHeaders__X-Gateway=team-a (names are case-insensitive, as in
        // configuration).
        var headers = Prefix + key + "ExtraHeaders__";
        foreach (var variable in context.EnvironmentVariableNames())
        {
            if (variable.Length > headers.Length && variable.StartsWith(headers, StringComparison.OrdinalIgnoreCase)
                && context.GetEnvironmentVariable(variable) is { } value)
            {
                profile.ExtraHeaders[variable[headers.Length..]] = value;
            }
        }

        return profile;
    }

    /// <summary>How long before expiry a stored access token is refreshed (<c>LlmAdapters__OAuth__RefreshSkew</c>, a
    /// time span such as <c>00:05:00</c>); null for the default.</summary>
    /// <exception cref="ProviderConfigurationException">The value is not a non-negative time span.</exception>
    public static TimeSpan? RefreshSkew(CliContext context)
    {
        var text = Read(context, "OAuth__RefreshSkew");
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var skew) && skew >= TimeSpan.Zero
            ? skew
            : throw new ProviderConfigurationException($"{Prefix}OAuth__RefreshSkew is '{text}', not a time span such as 00:05:00.");
    }

    private static Uri? Absolute(string? text, string key) =>
        string.IsNullOrWhiteSpace(text) ? null
        : Uri.TryCreate(text, UriKind.Absolute, out var uri) ? uri
        : throw new ProviderConfigurationException($"{Prefix}{key} is '{text}', not an absolute URL.");

    private static string? Read(CliContext context, string key) => context.GetEnvironmentVariable(Prefix + key);
}
