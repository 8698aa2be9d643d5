using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Spectre.Console;

namespace LlmAdapters.Cli;

/// <summary>Where the program writes and how it reads the environment.</summary>
internal sealed class CliContext
{
    public CliContext(TextWriter output, TextWriter error, Func<string, string?> getEnvironmentVariable, bool outputIsTerminal = false, bool errorIsTerminal = false)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        Output = output;
        ErrorWriter = error;
        Out = CreateConsole(output, outputIsTerminal);
        Error = CreateConsole(error, errorIsTerminal);
        ErrorIsTerminal = errorIsTerminal;
        GetEnvironmentVariable = getEnvironmentVariable ?? throw new ArgumentNullException(nameof(getEnvironmentVariable));
    }

    /// <summary>The raw output writer: answers and JSON go here unchanged.</summary>
    public TextWriter Output { get; }

    /// <summary>The raw error writer.</summary>
    public TextWriter ErrorWriter { get; }

    /// <summary>The output console (markup, tables).</summary>
    public IAnsiConsole Out { get; }

    /// <summary>The error console: errors, the offline notice and the spinner.</summary>
    public IAnsiConsole Error { get; }

    /// <summary>Whether the error stream is a terminal, so a spinner drawn on it never ends up in a log file.</summary>
    public bool ErrorIsTerminal { get; }

    public Func<string, string?> GetEnvironmentVariable { get; }

    /// <summary>Lists the names of the environment's variables, for keys that are open-ended (a profile's
    /// <c>ExtraHeaders__{header}</c>); none unless given.</summary>
    public Func<IEnumerable<string>> EnvironmentVariableNames { get; init; } = static () => [];

    /// <summary>A context over the process's console and environment.</summary>
    public static CliContext FromProcess() => new(
        Console.Out,
        Console.Error,
        Environment.GetEnvironmentVariable,
        outputIsTerminal: !Console.IsOutputRedirected,
        errorIsTerminal: !Console.IsErrorRedirected)
    {
        EnvironmentVariableNames = static () => Environment.GetEnvironmentVariables().Keys.Cast<string>().ToArray(),
    };

    private static IAnsiConsole CreateConsole(TextWriter writer, bool terminal)
    {
        // Colours only on a real terminal: redirected or captured output gets plain text, never escape codes,
        // and no hard wrapping at 80 columns.
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!terminal)
        {
            console.Profile.Width = 1000;
        }

        return console;
    }
}
