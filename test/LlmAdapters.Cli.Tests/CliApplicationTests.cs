namespace LlmAdapters.Cli.Tests;

public sealed class CliApplicationTests
{
    [Theory]
    [InlineData("--help")]
    [InlineData("chat", "--help")]
    public async Task Help_ListsTheExitCodes(params string[] args)
    {
        var result = await new CliRunner().RunAsync(args);

        Assert.Equal(0, result.ExitCode);
        var start = Array.IndexOf(result.OutputLines, "Exit codes:");
        Assert.True(start > 0, result.Output);
        Assert.Equal(
            [
                "  0    success",
                "  2    usage: unknown command or option, conflicting options, bad value, bad model spec or missing configuration",
                "  3    the provider failed or could not be reached (HTTP error, refused connection, broken stream)",
                "  4    authentication: the key is missing or rejected, or signing in, out or refreshing the stored sign-in failed",
                "  5    timeout: no answer within --timeout (or the provider's own timeouts)",
                "  130  cancelled with Ctrl+C",
            ],
            result.OutputLines[(start + 1)..]);
    }

    [Fact]
    public async Task Help_ListsEveryCommand()
    {
        var result = await new CliRunner().RunAsync("--help");

        foreach (var command in new[] { "chat", "embed", "count", "cost", "models", "providers" })
        {
            Assert.Contains(result.OutputLines, l => l.TrimStart().StartsWith(command + " ", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Parse_UnknownOptionFarFromAny_PrintsTheParsersErrorWithoutAHint()
    {
        var result = await new CliRunner().RunAsync("chat", "hi", "--verbose");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal(["error: Unrecognized command or argument '--verbose'.", "Run 'chat --help' for usage."], result.ErrorLines);
    }

    [Fact]
    public async Task Parse_MistypedCommand_SuggestsTheCommandAndExitsWith2()
    {
        var result = await new CliRunner().RunAsync("chta", "hi");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal(["error: unknown command 'chta': did you mean 'chat'?", "Run '--help' for usage."], result.ErrorLines);
        Assert.Equal(string.Empty, result.Output);
    }

    [Fact]
    public async Task Parse_MistypedOption_SuggestsTheOptionAndExitsWith2()
    {
        var result = await new CliRunner().RunAsync("chat", "hi", "--tempreature", "0.5");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal(["error: unknown option '--tempreature': did you mean '--temperature'?", "Run 'chat --help' for usage."], result.ErrorLines);
    }
}
