using System;
using LlmAdapters.Auth;
using LlmAdapters.Cli.Commands;
using LlmAdapters.Providers;

namespace LlmAdapters.Cli.Connection;

/// <summary>What kind of credential a provider's calls would carry.</summary>
internal enum KeySourceKind
{
    /// <summary>The stored sign-in of the provider's OAuth profile, sent as a bearer token and refreshed before expiry.</summary>
    StoredSignIn,

    /// <summary>A key from the provider's environment variable.</summary>
    Key,

    /// <summary>The provider needs no key (a local server).</summary>
    NotNeeded,

    /// <summary>Neither a sign-in nor a key: commands answer offline, or refuse an <c>--endpoint</c>.</summary>
    Missing,
}

/// <summary>
/// Where a provider's credential comes from, decided in one place so that <c>status</c> says what <c>chat</c>, <c>embed</c>
/// and <c>count</c> do: first the stored sign-in of the provider's OAuth profile (configured and signed in), then the
/// provider's key variable, else none. A configured profile nobody is signed in to is skipped, and the description says so.
/// Never holds a secret: only the names of where one is.
/// </summary>
internal sealed record KeySource(
    KeySourceKind Kind,
    string? Variable,
    string? ProfileName,
    OAuthProfile? Profile,
    OAuthTokens? Tokens,
    string? UnusedProfile)
{
    /// <summary>Decides the credential of <paramref name="descriptor"/>.</summary>
    /// <exception cref="TokenStoreException">The profile's token file is corrupt or not private.</exception>
    /// <exception cref="ProviderConfigurationException">A profile setting is not an absolute URL.</exception>
    public static KeySource Resolve(CliContext context, LlmProviderDescriptor descriptor, TokenStore store)
    {
        var provider = descriptor.Info;
        string? unused = null;
        if (OAuthCommandSupport.ConfiguredProfile(context, provider.Name) is { } configured)
        {
            if (store.Read(configured.Name) is { } tokens)
            {
                return new(KeySourceKind.StoredSignIn, null, configured.Name, configured.Profile, tokens, null);
            }

            unused = configured.Name;
        }

        var variable = provider.ApiKeyEnvironmentVariable;
        if (variable is not null && !string.IsNullOrWhiteSpace(context.GetEnvironmentVariable(variable)))
        {
            return new(KeySourceKind.Key, variable, null, null, null, unused);
        }

        if (!provider.RequiresApiKey)
        {
            return new(KeySourceKind.NotNeeded, null, null, null, null, unused);
        }

        // The provider may read more than its listed variable (Cohere falls back to CO_API_KEY).
        var probe = new LlmProviderSettings();
        descriptor.ApplyEnvironment(probe, context.GetEnvironmentVariable);
        return string.IsNullOrWhiteSpace(probe.ApiKey)
            ? new(KeySourceKind.Missing, variable, null, null, null, unused)
            : new(KeySourceKind.Key, null, null, null, null, unused);
    }

    /// <summary>The credential in a few words, for the <c>credential:</c> line and <c>status</c>: never the secret.</summary>
    public string Description => Kind switch
    {
        KeySourceKind.StoredSignIn => $"OAuth sign-in '{ProfileName}' (expires {OAuthCommandSupport.Expiry(Tokens!)}{(Tokens!.RefreshToken is null ? string.Empty : ", refreshed before expiry")})",
        KeySourceKind.Key => $"key from {Variable ?? "the environment"}{NotSignedIn}",
        KeySourceKind.NotNeeded => $"no key needed{NotSignedIn}",
        _ => $"none ({Variable ?? "no key"} not set{(UnusedProfile is null ? string.Empty : $", not signed in to OAuth profile '{UnusedProfile}'")})",
    };

    /// <summary>Why a command answers offline when there is no credential.</summary>
    public string MissingReason => UnusedProfile is null
        ? $"no {Variable} set"
        : $"no {Variable} set and not signed in to OAuth profile '{UnusedProfile}'";

    private string NotSignedIn => UnusedProfile is null ? string.Empty : $" (not signed in to OAuth profile '{UnusedProfile}')";

    /// <summary>Points the factory at the stored sign-in, so the clients it builds send the profile's token and refresh it.</summary>
    public LlmClientFactory CreateFactory(TokenStore store, TimeSpan? refreshSkew)
    {
        var options = new LlmAdaptersOptions();
        if (Kind == KeySourceKind.StoredSignIn)
        {
            options.OAuth.StoreDirectory = store.Directory;
            options.OAuth.Profiles[ProfileName!] = Profile!;
            if (refreshSkew is { } skew)
            {
                options.OAuth.RefreshSkew = skew;
            }
        }

        return new LlmClientFactory(options);
    }
}
