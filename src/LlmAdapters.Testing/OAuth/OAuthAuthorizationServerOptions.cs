using System;

namespace LlmAdapters.Testing.OAuth;

/// <summary>Settings of an <see cref="OAuthAuthorizationServer"/>.</summary>
public sealed class OAuthAuthorizationServerOptions
{
    /// <summary>Gets or sets the only client id the server accepts.</summary>
    /// <value>The default is <c>llmadapters-emulator</c>.</value>
    public string ClientId { get; set; } = "llmadapters-emulator";

    /// <summary>Gets or sets the prefix of issued access tokens (for example <c>sk-ant-oat01-</c>, so the Anthropic adapter treats
    /// them as OAuth tokens).</summary>
    /// <value>The default is <c>emu-at-</c>.</value>
    public string AccessTokenPrefix { get; set; } = "emu-at-";

    /// <summary>Gets or sets the lifetime of issued access tokens (<c>expires_in</c>).</summary>
    /// <value>The default is one hour.</value>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Gets or sets the lifetime of device codes.</summary>
    /// <value>The default is 10 minutes.</value>
    public TimeSpan DeviceCodeLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Gets or sets the polling interval announced with a device code.</summary>
    /// <value>The default is 5 seconds.</value>
    public TimeSpan PollingInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets a value indicating whether a poll that comes sooner than the interval is answered <c>slow_down</c>
    /// (as RFC 8628 §3.5 allows), which makes a client that ignores the interval fail visibly.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool EnforcePollingInterval { get; set; } = true;

    /// <summary>Gets or sets a value indicating whether each refresh issues a new refresh token and retires the old one.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool RotateRefreshTokens { get; set; } = true;

    /// <summary>Gets or sets the clock for expiry and polling checks.</summary>
    /// <value>The default is <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Gets or sets the port; 0 lets the system pick a free one.</summary>
    /// <value>The default is 0.</value>
    public int Port { get; set; }
}
