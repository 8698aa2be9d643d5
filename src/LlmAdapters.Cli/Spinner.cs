using System;
using System.Threading.Tasks;
using Spectre.Console;

namespace LlmAdapters.Cli;

/// <summary>A spinner on the error stream while the program waits for a provider — only when that stream is a terminal,
/// so nothing of it reaches a redirected log or a pipe.</summary>
internal static class Spinner
{
    public static Task<T> WhileAsync<T>(CliContext context, string label, Func<Task<T>> work) =>
        context.ErrorIsTerminal
            ? context.Error.Status().Spinner(Spectre.Console.Spinner.Known.Dots).StartAsync(Markup.Escape(label), _ => work())
            : work();
}
