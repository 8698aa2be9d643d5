using System;
using System.Collections.Concurrent;
using LlmAdapters.Auth;
using LlmAdapters.Providers;

namespace LlmAdapters;

/// <summary>
/// Turns a provider's <see cref="LlmProviderSettings.OAuthProfile"/> into the credential its clients send: the stored sign-in
/// of that profile, refreshed before expiry. One credential per profile and factory, so every client of a profile shares
/// one refresh.
/// </summary>
internal sealed class StoredSignIns
{
    private readonly OAuthOptions _options;
    private readonly ConcurrentDictionary<string, StoredTokenCredential> _credentials = new(StringComparer.OrdinalIgnoreCase);

    public StoredSignIns(OAuthOptions options) => _options = options;

    /// <summary>When the settings name an OAuth profile, sets the refreshing credential of its stored sign-in, which the
    /// adapter sends on every request instead of resolving a key.</summary>
    /// <exception cref="ProviderConfigurationException">The profile is not configured, or nobody is signed in to it.</exception>
    /// <exception cref="TokenStoreException">The token file is corrupt or not private.</exception>
    public void Apply(LlmProviderSettings settings, LlmProviderDescriptor descriptor)
    {
        if (string.IsNullOrWhiteSpace(settings.OAuthProfile))
        {
            return;
        }

        var name = settings.OAuthProfile.Trim();
        var profile = _options.GetProfile(name);
        profile.Validate(name);
        var store = new TokenStore(_options.StoreDirectory);
        _ = store.Read(name)
            ?? throw new ProviderConfigurationException(
                $"{descriptor.Info.DisplayName} signs in with the OAuth profile '{name}' (LlmAdapters:Providers:{descriptor.Name}:OAuthProfile), " +
                $"but nobody is signed in to it: run 'llmadapters login {descriptor.Name}', or remove that setting to use a key.");
        settings.Credential = _credentials.GetOrAdd(name, n => new StoredTokenCredential(n, profile, store, refreshSkew: _options.RefreshSkew));
    }
}
