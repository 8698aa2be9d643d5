using System;
using System.CommandLine;
using System.Diagnostics;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using LlmAdapters.Auth;
using LlmAdapters.Cli.Offline;
using LlmAdapters.Testing.OAuth;
using Spectre.Console;

namespace LlmAdapters.Cli.Commands;

/// <summary>
/// <c>login &lt;provider&gt; [--device | --browser]</c>: signs in with the provider's OAuth profile and stores the tokens.
/// Without a configured profile, signs in against the emulator's authorization server, offline.
/// </summary>
internal static class LoginCommand
{
    public static Command Create(CliContext context)
    {
        var provider = new Argument<string>("provider") { Description = "The provider to sign in to, for example anthropic." };
        var device = new Option<bool>("--device") { Description = "Sign in with a code entered on another device (the default when the profile offers it)." };
        var browser = new Option<bool>("--browser") { Description = "Sign in through the browser (authorization code with PKCE, redirect to 127.0.0.1)." };
        var command = new Command("login", "Sign in to a provider with OAuth and store the tokens. The profile comes from the environment: " +
            "LlmAdapters__OAuth__Profiles__<provider>__TokenEndpoint, __ClientId, __DeviceAuthorizationEndpoint and/or __AuthorizationEndpoint " +
            "(optional: __RevocationEndpoint, __Scopes__0). Without one, signs in offline to the built-in emulator.")
        {
            provider, device, browser,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(device) && result.GetValue(browser))
            {
                result.AddError("--device and --browser cannot be used together: choose one way to sign in.");
            }
        });
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(
            context,
            timeout: null,
            token => RunAsync(context, parse.GetValue(provider) ?? string.Empty, parse.GetValue(device), parse.GetValue(browser), token),
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, string providerName, bool device, bool browser, CancellationToken cancellationToken)
    {
        if (LlmClientFactory.FindProvider(providerName) is not { } provider)
        {
            return CommandRunner.UsageError(context, TypoHints.UnknownProvider(providerName));
        }

        OAuthAuthorizationServer? offline = null;
        try
        {
            string name;
            OAuthProfile profile;
            if (OAuthCommandSupport.ConfiguredProfile(context, provider.Name) is { } configured)
            {
                (name, profile) = configured;
            }
            else
            {
                (offline, profile) = await OfflineOAuthServer.StartAsync(provider.Name, cancellationToken).ConfigureAwait(false);
                name = OfflineOAuthServer.ProfileName(provider.Name);
                context.Error.MarkupLine($"[yellow]offline:[/] no OAuth profile configured for {Markup.Escape(provider.Name)}, signing in to the built-in emulator");
                foreach (var line in OAuthCommandSupport.ConfigurationExample(provider.Name))
                {
                    context.Error.MarkupLine($"[grey]{Markup.Escape(line)}[/]");
                }
            }

            var useBrowser = browser || (!device && !profile.SupportsDeviceCode);
            var store = OAuthCommandSupport.Store(context);
            using var signIn = new OAuthSignIn(name, profile, store);
            var tokens = useBrowser
                ? await signIn.SignInWithBrowserAsync((url, ct) => OpenBrowserAsync(context, url, offline is not null, ct), cancellationToken).ConfigureAwait(false)
                : await signIn.SignInWithDeviceCodeAsync((prompt, _) => ShowCode(context, prompt), cancellationToken).ConfigureAwait(false);

            context.Out.MarkupLine(Markup.Escape(
                $"Signed in to {provider.DisplayName} (profile {name}{(offline is null ? string.Empty : ", offline emulator")}). " +
                $"The access token expires {OAuthCommandSupport.Expiry(tokens)}{(tokens.RefreshToken is null ? string.Empty : " and is refreshed automatically")}."));
            context.Out.MarkupLine(Markup.Escape($"Tokens stored in {store.PathFor(name)} (readable only by you)."));
            return ExitCodes.Success;
        }
        finally
        {
            if (offline is not null)
            {
                await offline.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static ValueTask ShowCode(CliContext context, DeviceCodePrompt prompt)
    {
        context.Out.MarkupLine(Markup.Escape($"Open {prompt.VerificationUri} and enter the code {prompt.UserCode}"));
        if (prompt.VerificationUriComplete is { } complete)
        {
            context.Out.MarkupLine(Markup.Escape($"(or open {complete} to have it filled in)"));
        }

        context.Out.MarkupLine("Waiting for the sign-in to be approved…");
        return ValueTask.CompletedTask;
    }

    private static async ValueTask OpenBrowserAsync(CliContext context, Uri url, bool offline, CancellationToken cancellationToken)
    {
        context.Out.MarkupLine(Markup.Escape($"Opening {url.GetLeftPart(UriPartial.Path)} in the browser…"));
        if (offline)
        {
            // The emulator approves at once; following its redirect is what a browser would do.
            using var http = new HttpClient();
            using var _ = await http.GetAsync(url, cancellationToken).ConfigureAwait(false);
            return;
        }

        context.Out.MarkupLine(Markup.Escape($"If no browser opens, visit: {url}"));
        try
        {
            var info = OperatingSystem.IsWindows() ? new ProcessStartInfo(url.AbsoluteUri) { UseShellExecute = true }
                : OperatingSystem.IsMacOS() ? new ProcessStartInfo("open", [url.AbsoluteUri])
                : new ProcessStartInfo("xdg-open", [url.AbsoluteUri]);
            using var process = Process.Start(info);
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            // No browser launcher here (a server, a container): the printed address is the way in.
        }
    }
}
