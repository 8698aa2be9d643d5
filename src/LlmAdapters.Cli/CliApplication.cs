using System;
using System.CommandLine;
using System.Threading;
using System.Threading.Tasks;
using LlmAdapters.Cli.Commands;
using Spectre.Console;

namespace LlmAdapters.Cli;

/// <summary>
/// The <c>llmadapters</c> command line: <c>chat "prompt" [--model provider:model] [--system text] [--no-stream] [--offline]</c>
/// and <c>models</c>. Exit codes: 0 success, 1 the provider failed (<see cref="ProviderException"/>), 2 bad usage, bad spec or
/// missing configuration, 130 cancelled.
/// </summary>
public static class CliApplication
{
    /// <summary>Exit code for success.</summary>
    public const int Success = 0;

    /// <summary>Exit code when the provider (or the network to it) failed.</summary>
    public const int ProviderFailure = 1;

    /// <summary>Exit code for bad arguments, a bad model spec or missing configuration.</summary>
    public const int UsageError = 2;

    /// <summary>Exit code when the user cancelled (Ctrl+C).</summary>
    public const int Cancelled = 130;

    /// <summary>Parses <paramref name="args"/> and runs the command.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="context">Output, error and environment.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunAsync(string[] args, CliContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(context);
        var root = new RootCommand("Chat with any LLM provider through LlmAdapters; offline against the built-in emulator when no key is set.")
        {
            ChatCommand.Create(context),
            ModelsCommand.Create(context),
            LoginCommand.Create(context),
            LogoutCommand.Create(context),
            StatusCommand.Create(context),
        };
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                context.Error.MarkupLine($"[red]error:[/] {Markup.Escape(error.Message)}");
            }

            context.Error.MarkupLine("Run with [bold]--help[/] for usage.");
            return UsageError;
        }

        var invocation = new InvocationConfiguration { Output = context.Output, Error = context.ErrorWriter };
        return await parsed.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
    }
}
