namespace LlmAdapters.Providers;

/// <summary>
/// The one place where <see cref="LlmProviderSettings"/> reach an adapter's options, so a setting cannot reach one provider
/// and miss another: every adapter's options derive from <see cref="ProviderOptions"/>, which holds the connection slots (key,
/// endpoint, HTTP client, headers). <see cref="LlmProviderSettings.ApiVersion"/>, <see cref="LlmProviderSettings.Project"/> and
/// <see cref="LlmProviderSettings.Location"/> mean something different to each provider and are read by the descriptor that has them.
/// </summary>
internal static class ProviderSettingsApplier
{
    /// <summary>Applies the settings to a provider's options. Only values that are set replace the adapter's defaults, so an
    /// empty configuration key never blanks out a default.</summary>
    /// <typeparam name="T">The provider's options type.</typeparam>
    /// <param name="settings">The settings.</param>
    /// <param name="options">The options to fill.</param>
    /// <param name="endpointConsumed">True when the endpoint was already used to build <paramref name="options"/> (Azure: the
    /// resource becomes the deployment URL), so it must not replace the built one.</param>
    /// <returns><paramref name="options"/>.</returns>
    public static T ApplyTo<T>(this LlmProviderSettings settings, T options, bool endpointConsumed = false)
        where T : ProviderOptions
    {
        if (!string.IsNullOrWhiteSpace(settings.ApiKey))
        {
            options.ApiKey = settings.ApiKey;
        }

        if (settings.Endpoint is { } endpoint && !endpointConsumed)
        {
            options.Endpoint = endpoint;
        }

        if (settings.ResponseHeadersTimeout is { } headersTimeout)
        {
            options.ResponseHeadersTimeout = headersTimeout;
        }

        if (settings.StreamIdleTimeout is { } idleTimeout)
        {
            options.StreamIdleTimeout = idleTimeout;
        }

        if (settings.HttpClient is { } httpClient)
        {
            options.HttpClient = httpClient;
        }

        if (settings.Credential is { } credential)
        {
            options.Credential = credential;
        }

        foreach (var header in settings.Headers)
        {
            options.Headers[header.Key] = header.Value;
        }

        return options;
    }

    /// <summary>The API version when one is set, else null (blank values from configuration count as unset).</summary>
    public static string? ApiVersionOrNull(this LlmProviderSettings settings) =>
        string.IsNullOrWhiteSpace(settings.ApiVersion) ? null : settings.ApiVersion.Trim();
}
