using LlmAdapters.Cli;

namespace LlmAdapters.Tests.Cli;

/// <summary>Runs the command line in-process with captured output and a private environment.</summary>
internal sealed class CliRunner
{
    private readonly Dictionary<string, string> _environment = new(StringComparer.Ordinal);

    public CliRunner With(string variable, string value)
    {
        _environment[variable] = value;
        return this;
    }

    public async Task<CliResult> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new CliContext(output, error, name => _environment.TryGetValue(name, out var value) ? value : null);
        var exitCode = await CliApplication.RunAsync(args, context, TestContext.Current.CancellationToken);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }
}

internal sealed record CliResult(int ExitCode, string Output, string Error)
{
    public string[] OutputLines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();

    public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
}
