namespace LlmAdapters.Testing.OAuth;

/// <summary>How <see cref="OAuthAuthorizationServer"/> answers one poll of the token endpoint with a device code (RFC 8628 §3.5).</summary>
public enum DeviceGrantAnswer
{
    /// <summary>The user approved: tokens are issued.</summary>
    Approve,

    /// <summary><c>authorization_pending</c>: the user has not acted yet.</summary>
    Pending,

    /// <summary><c>slow_down</c>: poll less often; the required interval grows by 5 seconds.</summary>
    SlowDown,

    /// <summary><c>expired_token</c>: the device code expired.</summary>
    Expired,

    /// <summary><c>access_denied</c>: the user declined.</summary>
    Denied,
}
