namespace LlmAdapters.Cli.Tests;

public sealed class OpenAIResponsesChatCommandTests
{
    [Theory]
    [InlineData("--stream")]
    [InlineData("--no-stream")]
    public async Task Chat_OpenAIResponsesOffline_AnswersThroughTheResponsesDialect(string mode)
    {
        var result = await new CliRunner().RunAsync("chat", "hi there", "-m", "openai-responses:gpt-5-mini", mode);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["offline: no OPENAI_API_KEY set, answering from the built-in emulator"], result.ErrorLines);
        Assert.StartsWith("You said: \"hi there\"", result.Output, StringComparison.Ordinal);
        Assert.EndsWith(" · openai-responses:gpt-5-mini", result.OutputLines[^1], StringComparison.Ordinal);
    }
}
