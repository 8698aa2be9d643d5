using LlmAdapters.Anthropic;
using LlmAdapters.Cohere;
using LlmAdapters.Gemini;
using LlmAdapters.OpenAI;

namespace LlmAdapters.Providers;

/// <summary>
/// The one place where <see cref="LlmProviderSettings"/> reach an adapter's options, so a setting cannot reach one provider
/// and miss another. Every adapter's options have the same connection slots (key, endpoint, HTTP client, headers); the
/// overloads below only say where each slot lives. <see cref="LlmProviderSettings.ApiVersion"/>,
/// <see cref="LlmProviderSettings.Project"/> and <see cref="LlmProviderSettings.Location"/> mean something different to
/// each provider and are read by the descriptor that has them.
/// </summary>
internal static class ProviderSettingsApplier
{
    /// <summary>Applies the settings to OpenAI (or OpenAI-compatible) options.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="options">The options to fill.</param>
    /// <param name="endpointConsumed">True when the endpoint was already used to build <paramref name="options"/> (Azure: the
    /// resource becomes the deployment URL), so it must not replace the built one.</param>
    public static OpenAIOptions ApplyTo(this LlmProviderSettings settings, OpenAIOptions options, bool endpointConsumed = false) =>
        Apply(settings, options, options.Headers, endpointConsumed ? null : static (o, e) => o.Endpoint = e, static (o, k) => o.ApiKey = k, static (o, c) => o.HttpClient = c);

    /// <summary>Applies the settings to Anthropic options.</summary>
    public static AnthropicOptions ApplyTo(this LlmProviderSettings settings, AnthropicOptions options) =>
        Apply(settings, options, options.Headers, static (o, e) => o.Endpoint = e, static (o, k) => o.ApiKey = k, static (o, c) => o.HttpClient = c);

    /// <summary>Applies the settings to Gemini options (Gemini API and Vertex AI).</summary>
    public static GeminiOptions ApplyTo(this LlmProviderSettings settings, GeminiOptions options) =>
        Apply(settings, options, options.Headers, static (o, e) => o.Endpoint = e, static (o, k) => o.ApiKey = k, static (o, c) => o.HttpClient = c);

    /// <summary>Applies the settings to Cohere options.</summary>
    public static CohereOptions ApplyTo(this LlmProviderSettings settings, CohereOptions options) =>
        Apply(settings, options, options.Headers, static (o, e) => o.Endpoint = e, static (o, k) => o.ApiKey = k, static (o, c) => o.HttpClient = c);

    /// <summary>The API version when one is set, else null (blank values from configuration count as unset).</summary>
    public static string? ApiVersionOrNull(this LlmProviderSettings settings) =>
        string.IsNullOrWhiteSpace(settings.ApiVersion) ? null : settings.ApiVersion.Trim();

    // Only values that are set replace the adapter's defaults, so an empty configuration key never blanks out a default.
    private static T Apply<T>(
        LlmProviderSettings settings,
        T options,
        IDictionary<string, string> headers,
        Action<T, Uri>? setEndpoint,
        Action<T, string> setApiKey,
        Action<T, HttpClient> setHttpClient)
    {
        if (!string.IsNullOrWhiteSpace(settings.ApiKey))
        {
            setApiKey(options, settings.ApiKey);
        }

        if (settings.Endpoint is { } endpoint && setEndpoint is not null)
        {
            setEndpoint(options, endpoint);
        }

        if (settings.HttpClient is { } httpClient)
        {
            setHttpClient(options, httpClient);
        }

        foreach (var header in settings.Headers)
        {
            headers[header.Key] = header.Value;
        }

        return options;
    }
}
