using System;

namespace LlmAdapters.Auth;

/// <summary>
/// A sign-in, refresh or sign-out failed at the authorization server. <see cref="Error"/> is the OAuth error code
/// (<c>invalid_grant</c>, <c>invalid_client</c> …) when the server sent one. Messages say what to do and never carry a token.
/// </summary>
public class OAuthException : Exception
{
    /// <summary>Initializes a new instance.</summary>
    public OAuthException()
    {
    }

    /// <summary>Initializes a new instance.</summary>
    /// <param name="message">What went wrong and what to do.</param>
    public OAuthException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance.</summary>
    /// <param name="message">What went wrong and what to do.</param>
    /// <param name="innerException">The underlying error.</param>
    public OAuthException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance.</summary>
    /// <param name="message">What went wrong and what to do.</param>
    /// <param name="error">The OAuth error code.</param>
    /// <param name="statusCode">The HTTP status of the answer, when there was one.</param>
    public OAuthException(string message, string? error, int? statusCode = null)
        : base(message)
    {
        Error = error;
        StatusCode = statusCode;
    }

    /// <summary>Gets the OAuth error code, or <see langword="null"/>.</summary>
    public string? Error { get; }

    /// <summary>Gets the HTTP status of the server's answer, or <see langword="null"/>.</summary>
    public int? StatusCode { get; }
}

/// <summary>The user (or the server on their behalf) declined the sign-in: <c>access_denied</c>.</summary>
public sealed class OAuthAccessDeniedException : OAuthException
{
    /// <summary>Initializes a new instance.</summary>
    public OAuthAccessDeniedException()
    {
    }

    /// <summary>Initializes a new instance.</summary>
    /// <param name="message">What happened.</param>
    public OAuthAccessDeniedException(string message)
        : base(message, "access_denied")
    {
    }

    /// <summary>Initializes a new instance.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The underlying error.</param>
    public OAuthAccessDeniedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>The device code expired before the user approved it: <c>expired_token</c>, or its lifetime ran out while polling.</summary>
public sealed class OAuthDeviceCodeExpiredException : OAuthException
{
    /// <summary>Initializes a new instance.</summary>
    public OAuthDeviceCodeExpiredException()
    {
    }

    /// <summary>Initializes a new instance.</summary>
    /// <param name="message">What happened and what to do.</param>
    public OAuthDeviceCodeExpiredException(string message)
        : base(message, "expired_token")
    {
    }

    /// <summary>Initializes a new instance.</summary>
    /// <param name="message">What happened and what to do.</param>
    /// <param name="innerException">The underlying error.</param>
    public OAuthDeviceCodeExpiredException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>The browser came back with a <c>state</c> other than the one sent, so the answer is not ours and is refused.</summary>
public sealed class OAuthStateMismatchException : OAuthException
{
    /// <summary>Initializes a new instance.</summary>
    public OAuthStateMismatchException()
    {
    }

    /// <summary>Initializes a new instance.</summary>
    /// <param name="message">What happened.</param>
    public OAuthStateMismatchException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The underlying error.</param>
    public OAuthStateMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>There is no usable sign-in for a profile (never signed in, signed out, or the refresh token was rejected):
/// the message names the command that signs in again.</summary>
public sealed class OAuthSignInRequiredException : OAuthException
{
    /// <summary>Initializes a new instance.</summary>
    public OAuthSignInRequiredException()
    {
    }

    /// <summary>Initializes a new instance.</summary>
    /// <param name="message">What happened and how to sign in.</param>
    public OAuthSignInRequiredException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance.</summary>
    /// <param name="message">What happened and how to sign in.</param>
    /// <param name="innerException">The underlying error.</param>
    public OAuthSignInRequiredException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
