using System;
using System.IO;
using Spectre.Console;

namespace LlmAdapters.Cli;

/// <summary>Where the program writes and how it reads the environment, so tests can run it in-process.</summary>
public sealed class CliContext
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="output">Answers, usage lines and tables.</param>
    /// <param name="error">Errors and the offline notice.</param>
    /// <param name="getEnvironmentVariable">Reads an environment variable (provider keys, <c>LLMADAPTERS_MODEL</c>).</param>
    public CliContext(TextWriter output, TextWriter error, Func<string, string?> getEnvironmentVariable)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        Output = output;
        ErrorWriter = error;
        Out = CreateConsole(output);
        Error = CreateConsole(error);
        GetEnvironmentVariable = getEnvironmentVariable ?? throw new ArgumentNullException(nameof(getEnvironmentVariable));
    }

    /// <summary>Gets the raw output writer (streamed answer text goes here unchanged).</summary>
    public TextWriter Output { get; }

    /// <summary>Gets the raw error writer.</summary>
    public TextWriter ErrorWriter { get; }

    /// <summary>Gets the output console.</summary>
    public IAnsiConsole Out { get; }

    /// <summary>Gets the error console.</summary>
    public IAnsiConsole Error { get; }

    /// <summary>Gets the environment reader.</summary>
    public Func<string, string?> GetEnvironmentVariable { get; }

    /// <summary>Creates a context over the process's console and environment.</summary>
    /// <returns>The context.</returns>
    public static CliContext FromProcess() => new(Console.Out, Console.Error, Environment.GetEnvironmentVariable);

    private static IAnsiConsole CreateConsole(TextWriter writer)
    {
        // Colours only on a real terminal: redirected or captured output gets plain text, never escape codes,
        // and no hard wrapping at 80 columns.
        var terminal = (ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected)
            || (ReferenceEquals(writer, Console.Error) && !Console.IsErrorRedirected);
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
