using System;

namespace LlmAdapters;

/// <summary>
/// An adapter cannot be used as configured (for example no API key in the options or the environment).
/// Raised before any network I/O; the message names the option and the environment variable to set.
/// </summary>
public sealed class ProviderConfigurationException : InvalidOperationException
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="message">What is missing and how to supply it.</param>
    public ProviderConfigurationException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance.</summary>
    public ProviderConfigurationException()
    {
    }

    /// <summary>Initializes a new instance.</summary>
    /// <param name="message">What is missing and how to supply it.</param>
    /// <param name="innerException">The underlying error.</param>
    public ProviderConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
