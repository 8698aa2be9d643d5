using System;
using System.IO;

namespace LlmAdapters.Auth;

/// <summary>
/// A token file or its directory cannot be trusted or read: corrupt, owned by another user, readable by others, or locked
/// for too long. The message names the file and what to do; <see cref="FilePath"/> holds the path.
/// </summary>
public sealed class TokenStoreException : IOException
{
    /// <summary>Initializes a new instance.</summary>
    public TokenStoreException()
    {
    }

    /// <summary>Initializes a new instance.</summary>
    /// <param name="message">What is wrong and what to do.</param>
    public TokenStoreException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance.</summary>
    /// <param name="message">What is wrong and what to do.</param>
    /// <param name="innerException">The underlying error.</param>
    public TokenStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance.</summary>
    /// <param name="message">What is wrong and what to do.</param>
    /// <param name="filePath">The file or directory concerned.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public TokenStoreException(string message, string filePath, Exception? innerException = null)
        : base(message, innerException)
    {
        FilePath = filePath;
    }

    /// <summary>Gets the file or directory concerned.</summary>
    public string? FilePath { get; }
}
