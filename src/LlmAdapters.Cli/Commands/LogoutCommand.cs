using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LlmAdapters.Auth;
using LlmAdapters.Cli.Offline;
using LlmAdapters.Testing.OAuth;
using Spectre.Console;

namespace LlmAdapters.Cli.Commands;

/// <summary><c>logout [provider]</c>: revokes (where the profile can) and deletes the stored tokens of one provider, or of every
/// stored sign-in when no provider is named.</summary>
internal static class LogoutCommand
{
    public static Command Create(CliContext context)
    {
        var provider = new Argument<string?>("provider") { Description = "The provider to sign out of; all sign-ins when left out.", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("logout", "Sign out: revoke the stored tokens where the server allows it, and delete them.") { provider };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(
            context, timeout: null, token => RunAsync(context, parse.GetValue(provider), token), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, string? providerName, CancellationToken cancellationToken)
    {
        var store = OAuthCommandSupport.Store(context);
        List<string> providers;
        if (providerName is null)
        {
            providers = [.. LlmClientFactory.Providers.Select(p => p.Name)];
        }
        else if (LlmClientFactory.FindProvider(providerName) is { } known)
        {
            providers = [known.Name];
        }
        else
        {
            return CommandRunner.UsageError(context, TypoHints.UnknownProvider(providerName));
        }

        var signedOut = 0;
        foreach (var provider in providers)
        {
            if (OAuthCommandSupport.ConfiguredProfile(context, provider) is { } configured && File.Exists(store.PathFor(configured.Name)))
            {
                signedOut += await SignOutAsync(context, store, provider, configured.Name, configured.Profile, cancellationToken).ConfigureAwait(false);
            }

            var offlineName = OfflineOAuthServer.ProfileName(provider);
            if (File.Exists(store.PathFor(offlineName)))
            {
                OAuthAuthorizationServer? server = null;
                try
                {
                    (server, var profile) = await OfflineOAuthServer.StartAsync(provider, cancellationToken).ConfigureAwait(false);
                    signedOut += await SignOutAsync(context, store, provider, offlineName, profile, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    if (server is not null)
                    {
                        await server.DisposeAsync().ConfigureAwait(false);
                    }
                }
            }
        }

        if (signedOut == 0)
        {
            context.Out.MarkupLine(Markup.Escape(providerName is null ? "No stored sign-ins; nothing to do." : $"Not signed in to {providerName}; nothing to do."));
        }

        return ExitCodes.Success;
    }

    private static async Task<int> SignOutAsync(CliContext context, TokenStore store, string provider, string name, OAuthProfile profile, CancellationToken cancellationToken)
    {
        using var signIn = new OAuthSignIn(name, profile, store);
        var result = await signIn.SignOutAsync(cancellationToken).ConfigureAwait(false);
        if (!result.HadTokens)
        {
            return 0;
        }

        context.Out.MarkupLine(Markup.Escape(
            $"Signed out of {provider} (profile {name}): tokens {(result.Revoked ? "revoked and " : string.Empty)}deleted" +
            $"{(profile.RevocationEndpoint is null ? " (the profile has no revocation endpoint)" : string.Empty)}."));
        return 1;
    }
}
