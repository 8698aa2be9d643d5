using System;
using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Help;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using LlmAdapters.Cli.Commands;
using Spectre.Console;

namespace LlmAdapters.Cli;

/// <summary>
/// The <c>llmadapters</c> command line: registers the commands, refuses bad usage with a hint (exit code 2), adds the exit
/// codes to <c>--help</c>, and runs the command.
/// </summary>
internal static class CliApplication
{
    public static async Task<int> RunAsync(string[] args, CliContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(context);
        var root = new RootCommand(
            "Chat with any LLM provider through LlmAdapters. chat, embed and count send the provider's stored OAuth sign-in (see login) " +
            "when its profile is configured and signed in, else the key from its variable (see providers); with neither, they answer " +
            "offline from the built-in emulator. Each names the credential it used on stderr, never the secret.")
        {
            ChatCommand.Create(context),
            EmbedCommand.Create(context),
            CountCommand.Create(context),
            CostCommand.Create(context),
            ModelsCommand.Create(context),
            LoginCommand.Create(context),
            LogoutCommand.Create(context),
            StatusCommand.Create(context),
            ProvidersCommand.Create(context),
        };
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            ReportParseErrors(context, parsed);
            return ExitCodes.Usage;
        }

        var invocation = new InvocationConfiguration { Output = context.Output, Error = context.ErrorWriter };
        var exitCode = await parsed.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
        if (parsed.Action is HelpAction)
        {
            await WriteExitCodesAsync(context.Output).ConfigureAwait(false);
        }

        return exitCode;
    }

    /// <summary>Each error once; an unknown command or option that is close to a real one gets "did you mean …" instead.</summary>
    private static void ReportParseErrors(CliContext context, ParseResult parsed)
    {
        var command = parsed.CommandResult.Command;
        var hinted = new List<string>();
        foreach (var token in parsed.UnmatchedTokens)
        {
            if (TypoHints.For(token, command) is { } hint)
            {
                var kind = token.StartsWith('-') ? "option" : "command";
                context.Error.MarkupLine($"[red]error:[/] {Markup.Escape($"unknown {kind} '{token}': {hint}")}");
                hinted.Add(token);
            }
        }

        // The other errors of a line with a typo mostly follow from it (its value left unmatched, a required command
        // missing); they are reported once the typo is fixed.
        if (hinted.Count == 0)
        {
            foreach (var error in parsed.Errors)
            {
                context.Error.MarkupLine($"[red]error:[/] {Markup.Escape(error.Message)}");
            }
        }

        var path = command is RootCommand ? string.Empty : $"{command.Name} ";
        context.Error.MarkupLine(Markup.Escape($"Run '{path}--help' for usage."));
    }

    private static async Task WriteExitCodesAsync(TextWriter output)
    {
        await output.WriteLineAsync("Exit codes:").ConfigureAwait(false);
        foreach (var (code, meaning) in ExitCodes.Table)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {code,-5}{meaning}")).ConfigureAwait(false);
        }

        await output.WriteLineAsync().ConfigureAwait(false);
    }
}
