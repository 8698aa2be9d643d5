using System;
using System.Collections.Generic;
using LlmAdapters.Auth;

namespace LlmAdapters.Cli;

/// <summary>
/// The program's exit codes, and the one mapping from a failure to its code: every command reports through
/// <see cref="For"/>, so a given kind of failure exits the same way whichever command met it.
/// </summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>A failure nothing here anticipated; the message is printed as it was raised.</summary>
    public const int Unexpected = 1;

    public const int Usage = 2;

    public const int ProviderError = 3;

    public const int Auth = 4;

    public const int Timeout = 5;

    /// <summary>128 + SIGINT, as shells report a process ended by Ctrl+C.</summary>
    public const int Cancelled = 130;

    /// <summary>Every code and what it means, in the order --help and the README list them.</summary>
    public static IReadOnlyList<(int Code, string Meaning)> Table { get; } =
    [
        (Success, "success"),
        (Usage, "usage: unknown command or option, conflicting options, bad value, bad model spec or missing configuration"),
        (ProviderError, "the provider failed or could not be reached (HTTP error, refused connection, broken stream)"),
        (Auth, "authentication: the key is missing or rejected, or signing in, out or refreshing the stored sign-in failed"),
        (Timeout, "timeout: no answer within --timeout (or the provider's own timeouts)"),
        (Cancelled, "cancelled with Ctrl+C"),
    ];

    /// <summary>The exit code for <paramref name="failure"/>.</summary>
    /// <param name="failure">What ended the command.</param>
    /// <param name="userCancelled">Whether the user cancelled (Ctrl+C); a cancellation that is not the user's is a timeout.</param>
    public static int For(Exception failure, bool userCancelled) => failure switch
    {
        CliUsageException or ArgumentException or ProviderConfigurationException => Usage,
        CliMissingKeyException or ProviderAuthenticationException or ProviderPermissionException or OAuthException or TokenStoreException => Auth,
        CliTimeoutException or ProviderTimeoutException => Timeout,
        OperationCanceledException => userCancelled ? Cancelled : Timeout,
        ProviderException => ProviderError,
        _ => Unexpected,
    };
}
