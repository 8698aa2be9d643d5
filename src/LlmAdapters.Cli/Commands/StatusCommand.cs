using System.Collections.Generic;
using System.CommandLine;
using System.Linq;
using LlmAdapters.Auth;
using LlmAdapters.Cli.Offline;
using Spectre.Console;

namespace LlmAdapters.Cli.Commands;

/// <summary><c>status</c>: for each provider, the credential a call would use and any stored sign-in with its expiry. Never a
/// secret: only where a key or token comes from.</summary>
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
            var profileName = OAuthCommandSupport.ConfiguredProfileName(context, provider.Name);
            var signIns = new List<string>();
            string? configuredState = null;
            foreach (var name in new[] { profileName, OfflineOAuthServer.ProfileName(provider.Name) }.OfType<string>())
            {
                var state = Describe(store, name, problems);
                if (name == profileName)
                {
                    configuredState = state;
                }

                if (state is not null)
                {
                    signIns.Add($"{name}: {state}");
                }
            }

            var variable = provider.ApiKeyEnvironmentVariable;
            var credential = profileName is not null
                ? $"OAuth profile {profileName} ({(configuredState is null ? $"not signed in: llmadapters login {provider.Name}" : "stored sign-in")})"
                : variable is not null && !string.IsNullOrWhiteSpace(context.GetEnvironmentVariable(variable)) ? $"key from {variable}"
                : !provider.RequiresApiKey ? "no key needed"
                : $"none ({variable ?? "no key"} not set): chat answers offline";
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

        return problems.Count == 0 ? CliApplication.Success : OAuthCommandSupport.AuthFailure;
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
