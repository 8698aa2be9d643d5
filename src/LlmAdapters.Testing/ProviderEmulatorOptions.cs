using System;
using System.Collections.Generic;

namespace LlmAdapters.Testing;

/// <summary>Settings of a <see cref="ProviderEmulator"/>.</summary>
public sealed class ProviderEmulatorOptions
{
    /// <summary>Gets or sets the dialects served; <see langword="null"/> serves every built-in dialect.</summary>
    public IList<EmulatorDialect>? Dialects { get; set; }

    /// <summary>Gets or sets the key the dialects require; <see langword="null"/> accepts any non-empty key.</summary>
    public string? ExpectedApiKey { get; set; }

    /// <summary>Gets or sets a value indicating whether requests without credentials are rejected as the real API would.
    /// <value>The default is <see langword="true"/>.</value></summary>
    public bool RequireAuthentication { get; set; } = true;

    /// <summary>Gets or sets the fixed port; 0 picks a free one. <value>The default is 0.</value></summary>
    public int Port { get; set; }

    /// <summary>Gets or sets the clock used for dates in replies. <value>The default is <see cref="TimeProvider.System"/>.</value></summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
