using System;
using System.Threading;
using System.Threading.Tasks;
using LlmAdapters.Auth;
using LlmAdapters.Testing.OAuth;

namespace LlmAdapters.Cli.Offline;

/// <summary>
/// The emulator's OAuth authorization server, started for <c>login</c> and <c>logout</c> when no OAuth profile is configured for
/// a provider, so sign-in can be tried (and tested) without a network. It approves every sign-in.
/// </summary>
internal static class OfflineOAuthServer
{
    /// <summary>The profile name offline sign-ins are stored under, kept apart from a real profile's file.</summary>
    public static string ProfileName(string provider) => "emulator-" + provider;

    public static async Task<(OAuthAuthorizationServer Server, OAuthProfile Profile)> StartAsync(string provider, CancellationToken cancellationToken)
    {
        var server = await OAuthAuthorizationServer.StartAsync(new OAuthAuthorizationServerOptions
        {
            // One second keeps an offline device sign-in short; a real server announces its own interval.
            PollingInterval = TimeSpan.FromSeconds(1),
            AccessTokenPrefix = provider == "anthropic" ? "sk-ant-oat01-emulator-" : "emu-at-",
        }, cancellationToken).ConfigureAwait(false);
        var profile = new OAuthProfile
        {
            AuthorizationEndpoint = server.AuthorizationEndpoint,
            TokenEndpoint = server.TokenEndpoint,
            DeviceAuthorizationEndpoint = server.DeviceAuthorizationEndpoint,
            RevocationEndpoint = server.RevocationEndpoint,
            ClientId = server.Options.ClientId,
        };
        return (server, profile);
    }
}
