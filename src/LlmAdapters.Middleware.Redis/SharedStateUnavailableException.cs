using System;

namespace LlmAdapters.Middleware.Redis;

/// <summary>Thrown under <see cref="SharedStateFailurePolicy.FailClosed"/> when the shared state store cannot be reached;
/// the call was not sent.</summary>
public sealed class SharedStateUnavailableException : InvalidOperationException
{
    /// <summary>Initializes a new instance.</summary>
    public SharedStateUnavailableException()
        : base("The shared state store is unreachable.")
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">The message.</param>
    public SharedStateUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public SharedStateUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
