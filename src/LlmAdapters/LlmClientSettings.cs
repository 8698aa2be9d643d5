using System;
using System.Collections.Generic;

namespace LlmAdapters;

/// <summary>
/// One named client from configuration: its <c>provider:model</c> and the provider settings it changes for itself.
/// Every value that is set here replaces the one in <c>LlmAdapters:Providers:{provider}</c> for this client only; headers
/// are merged, a header named here winning over the provider's.
/// </summary>
public abstract class LlmClientSettings
{
    private protected LlmClientSettings()
    {
    }

    /// <summary>Gets or sets the <c>provider:model</c> spec, for example <c>groq:llama-3.1-8b-instant</c>; a provider name alone
    /// uses that provider's default model. Required.</summary>
    public string? Model { get; set; }

    /// <summary>Gets or sets this client's API key; <see langword="null"/> keeps the provider's.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Gets or sets this client's API base address; <see langword="null"/> keeps the provider's.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>Gets or sets this client's API version (see <see cref="LlmProviderSettings.ApiVersion"/>); <see langword="null"/>
    /// keeps the provider's.</summary>
    public string? ApiVersion { get; set; }

    /// <summary>Gets or sets this client's cloud project (Vertex AI); <see langword="null"/> keeps the provider's.</summary>
    public string? Project { get; set; }

    /// <summary>Gets or sets this client's cloud region (Vertex AI); <see langword="null"/> keeps the provider's.</summary>
    public string? Location { get; set; }

    /// <summary>Gets or sets this client's OAuth profile (see <see cref="LlmProviderSettings.OAuthProfile"/>); <see langword="null"/>
    /// keeps the provider's.</summary>
    public string? OAuthProfile { get; set; }

    /// <summary>Gets or sets this client's response-headers timeout; <see langword="null"/> keeps the provider's.</summary>
    public TimeSpan? ResponseHeadersTimeout { get; set; }

    /// <summary>Gets or sets this client's stream idle timeout; <see langword="null"/> keeps the provider's.</summary>
    public TimeSpan? StreamIdleTimeout { get; set; }

    /// <summary>Gets extra headers this client sends with every request, on top of the provider's.</summary>
    public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Layers this client's values over the provider's settings (already a copy, owned by this call).</summary>
    internal void ApplyTo(LlmProviderSettings settings)
    {
        settings.ApiKey = NonBlank(ApiKey) ?? settings.ApiKey;
        settings.Endpoint = Endpoint ?? settings.Endpoint;
        settings.ApiVersion = NonBlank(ApiVersion) ?? settings.ApiVersion;
        settings.Project = NonBlank(Project) ?? settings.Project;
        settings.Location = NonBlank(Location) ?? settings.Location;
        settings.OAuthProfile = NonBlank(OAuthProfile) ?? settings.OAuthProfile;
        settings.ResponseHeadersTimeout = ResponseHeadersTimeout ?? settings.ResponseHeadersTimeout;
        settings.StreamIdleTimeout = StreamIdleTimeout ?? settings.StreamIdleTimeout;
        foreach (var header in Headers)
        {
            settings.Headers[header.Key] = header.Value;
        }
    }

    private static string? NonBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
