using System.Text.Json.Nodes;
using LlmAdapters.Testing;

namespace LlmAdapters.Cli.Tests;

public sealed class CountCommandTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Count_ProviderWithoutCounter_EstimatesLocallyAndSaysSo()
    {
        var result = await new CliRunner().RunAsync("count", "Hello there, world", "-m", "cohere:command-a-03-2025");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            ["tokens: 5 (local estimate at about 4 characters a token: Cohere offers no token counter) · cohere:command-a-03-2025"],
            result.OutputLines);
    }

    [Fact]
    public async Task Count_OpenAIModel_CountsWithTheLocalTokenizer()
    {
        var result = await new CliRunner().RunAsync("count", "Hello there, world");

        // o200k: "Hello", " there", ",", " world" (4) + the role (1) + 3 per message + 3 priming the reply.
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["tokens: 11 (counted by OpenAI's token counter) · openai:gpt-4.1-mini"], result.OutputLines);
    }

    [Fact]
    public async Task Count_ProviderWithCounter_AsksTheProviderAndSaysSo()
    {
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        emulator.Enqueue(ScriptedReply.Text(string.Empty).WithUsage(input: 42, output: 0));

        var result = await new CliRunner().With("ANTHROPIC_API_KEY", "sk-ant-count")
            .RunAsync("count", "How many tokens is this?", "-m", "anthropic:claude-haiku-4-5", "--endpoint", emulator.BaseAddress.ToString());

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["tokens: 42 (counted by Anthropic's token counter) · anthropic:claude-haiku-4-5"], result.OutputLines);
        Assert.Equal("/v1/messages/count_tokens", emulator.LastRequest.Path);
        Assert.Contains("How many tokens is this?", emulator.LastRequest.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Count_ProviderWithCounterOffline_AsksTheEmulator()
    {
        var result = await new CliRunner().RunAsync("count", "offline count", "-m", "anthropic:claude-haiku-4-5", "--json");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["offline: no ANTHROPIC_API_KEY set, answering from the built-in emulator"], result.ErrorLines);
        var expected = JsonNode.Parse("""{"model":"anthropic:claude-haiku-4-5","tokens":3,"method":"provider","offline":true}""");
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(Assert.Single(result.OutputLines))), result.Output);
    }
}
