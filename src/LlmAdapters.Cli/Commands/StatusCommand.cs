using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Linq;
using LlmAdapters.Auth;
using LlmAdapters.Cli.Connection;
using LlmAdapters.Cli.Offline;
using LlmAdapters.Providers;
using Spectre.Console;

namespace LlmAdapters.Cli.Commands;

/// <summary><c>status</c>: for each provider, the credential a call would use (decided by <see cref="KeySource"/>, as the calls
/// decide it) and any stored sign-in with its expiry. Never a secret: only where a key or token comes from.</summary>
internal static class StatusCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("status", "Show who is signed in where, when the tokens expire, and which key source each provider would use.");
        command.SetAction(_ => Run(context));
        return command;
    }

    private static int Run(CliContext context)
    {
        var store = OAuthCommandSupport.Store(context);
        var problems = new List<string>();
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("provider")
            .AddColumn("credential used")
            .AddColumn("stored sign-in");
        foreach (var provider in LlmClientFactory.Providers)
        {
            var descriptor = LlmProviderRegistry.Find(provider.Name)!;
            string credential;
            string? profileName = null;
            try
            {
                // The same decision chat, embed and count make, so this column says what they will send.
                var source = KeySource.Resolve(context, descriptor, store);
                profileName = source.ProfileName ?? source.UnusedProfile;
                credential = source.Kind switch
                {
                    KeySourceKind.StoredSignIn => $"OAuth sign-in '{source.ProfileName}'",
                    KeySourceKind.Missing => source.Description + ": chat answers offline",
                    _ => source.Description,
                };
            }
            catch (Exception ex) when (ex is TokenStoreException or ProviderConfigurationException)
            {
                problems.Add(ex.Message);
                credential = "unusable: see the error below";
            }

            var signIns = new List<string>();
            foreach (var name in new[] { profileName, OfflineOAuthServer.ProfileName(provider.Name) }.OfType<string>().Distinct())
            {
                if (Describe(store, name, problems) is { } state)
                {
                    signIns.Add($"{name}: {state}");
                }
            }

            table.AddRow(
                Markup.Escape(provider.Name),
                Markup.Escape(credential),
                signIns.Count == 0 ? "[grey]-[/]" : Markup.Escape(string.Join("; ", signIns)));
        }

        context.Out.Write(table);
        context.Out.MarkupLine(Markup.Escape($"Token store: {store.Directory}"));
        foreach (var problem in problems)
        {
            context.Error.MarkupLine($"[red]error:[/] {Markup.Escape(problem)}");
        }

        return problems.Count == 0 ? ExitCodes.Success : ExitCodes.Auth;
    }

    private static string? Describe(TokenStore store, string name, List<string> problems)
    {
        try
        {
            return store.Read(name) is { } tokens
                ? $"expires {OAuthCommandSupport.Expiry(tokens)}{(tokens.RefreshToken is null ? string.Empty : ", refreshable")}"
                : null;
        }
        catch (TokenStoreException ex)
        {
            problems.Add(ex.Message);
            return "unreadable";
        }
    }
}
