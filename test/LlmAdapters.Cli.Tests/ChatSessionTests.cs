using System.Diagnostics;
using System.Text.Json.Nodes;
using LlmAdapters.Hostile;
using LlmAdapters.Testing;

namespace LlmAdapters.Cli.Tests;

public sealed class ChatSessionTests
{
    private const string Key = "sk-session-test-key";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Chat_Json_PrintsOneObjectWithTextModelUsageFinishReasonAndCost()
    {
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        emulator.Enqueue(ScriptedReply.Text("The answer is 42.").WithUsage(input: 120, output: 30, cachedInput: 100, reasoning: 12));

        var result = await new CliRunner().With("OPENAI_API_KEY", Key).RunAsync("chat", "What is the answer?", "--json", "--endpoint", emulator.Url("v1/").ToString());

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["credential: key from OPENAI_API_KEY"], result.ErrorLines);
        var line = Assert.Single(result.OutputLines);
        var expected = JsonNode.Parse("""
            {"text":"The answer is 42.","model":"openai:gpt-4.1-mini","finishReason":"stop",
             "usage":{"inputTokens":120,"outputTokens":30,"totalTokens":150,"cachedInputTokens":100,"reasoningTokens":12},
             "cost":{"total":0.000066,"input":0.000008,"cachedInput":0.00001,"cacheWrites":0,"output":0.000048,"currency":"USD",
                     "pricedAs":"openai:gpt-4.1-mini","pricesAsOf":"2026-07-02"},
             "offline":false}
            """);
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(line)), line);
    }

    [Fact]
    public async Task Chat_JsonOffline_KeepsQuotesReadableAndSaysOffline()
    {
        var result = await new CliRunner().RunAsync("chat", "Hi", "--json");

        Assert.Equal(0, result.ExitCode);
        var line = Assert.Single(result.OutputLines);
        Assert.StartsWith("""{"text":"You said: \"Hi\"\n\nThis answer comes from the LlmAdapters emulator""", line, StringComparison.Ordinal);
        Assert.True(JsonNode.Parse(line)!["offline"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Chat_JsonForAModelWithoutPrice_HasNullCost()
    {
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        emulator.Enqueue(ScriptedReply.Text("tuned").WithUsage(5, 2));

        var result = await new CliRunner().With("OPENAI_API_KEY", Key)
            .RunAsync("chat", "hi", "--json", "-m", "openai:ft-my-own-model", "--endpoint", emulator.Url("v1/").ToString());

        Assert.Equal(0, result.ExitCode);
        var json = JsonNode.Parse(Assert.Single(result.OutputLines))!;
        Assert.Null(json["cost"]);
        Assert.Equal("openai:ft-my-own-model", json["model"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("--stream")]
    [InlineData("--no-stream")]
    public async Task Chat_Cost_PrintsTheCallsCostAfterTheUsageLine(string mode)
    {
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        emulator.Enqueue(ScriptedReply.Text("The answer is 42.").InChunks(4).WithUsage(input: 120, output: 30, cachedInput: 100, reasoning: 12));

        var result = await new CliRunner().With("OPENAI_API_KEY", Key).RunAsync("chat", "q", "--cost", mode, "--endpoint", emulator.Url("v1/").ToString());

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            [
                "The answer is 42.",
                "tokens: input 120 (cached 100) · output 30 (reasoning 12) · total 150 · openai:gpt-4.1-mini",
                "cost: $0.000066 (input $0.000008 · cached $0.00001 · output $0.000048) at openai:gpt-4.1-mini list prices of 2026-07-02",
            ],
            result.OutputLines);
    }

    [Fact]
    public async Task Chat_CostOffline_SaysNothingWasBilled()
    {
        var result = await new CliRunner().RunAsync("chat", "hi", "--cost", "-m", "anthropic:claude-haiku-4-5");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("cost: $", result.OutputLines[^1], StringComparison.Ordinal);
        Assert.EndsWith(" at anthropic:claude-haiku-4-5 list prices of 2026-07-02 (offline: nothing was billed)", result.OutputLines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_CostForAModelWithoutPrice_SaysUnknown()
    {
        var result = await new CliRunner().RunAsync("chat", "hi", "--cost", "-m", "openai:ft-my-own-model");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("cost: unknown, the catalog has no price for openai:ft-my-own-model", result.OutputLines[^1]);
    }

    [Theory]
    [InlineData("--stream")]
    [InlineData("--no-stream")]
    public async Task Chat_ServerAcceptsAndNeverAnswers_Timeout2ExitsWith5AndSaysWhatToDo(string mode)
    {
        await using var server = HostileServer.Start(c => c.StallAsync());

        var result = await new CliRunner { Bound = TimeSpan.FromSeconds(40) }
            .With("OPENAI_API_KEY", Key)
            .RunAsync("chat", "hi", mode, "--timeout", "2", "--endpoint", server.Url("v1/").ToString());

        Assert.Equal(ExitCodes.Timeout, result.ExitCode);
        Assert.Equal(3, result.ErrorLines.Length);
        Assert.Equal("credential: key from OPENAI_API_KEY", result.ErrorLines[0]);
        Assert.StartsWith("error: ", result.ErrorLines[1], StringComparison.Ordinal);
        Assert.Contains("2 s", result.ErrorLines[1], StringComparison.Ordinal);
        Assert.Contains(server.BaseAddress.GetLeftPart(UriPartial.Authority), result.ErrorLines[1], StringComparison.Ordinal);
        Assert.Equal("timed out: Check that the server answers, or allow more time with a --timeout above 2 s.", result.ErrorLines[2]);
        Assert.DoesNotContain(Key, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_StreamStallsAfterFirstText_KeepsItAndExitsWith5()
    {
        const string chunk = """{"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-4.1-mini","choices":[{"index":0,"delta":{"role":"assistant","content":"partial answer"},"finish_reason":null}]}""";
        await using var server = HostileServer.Start(async c =>
        {
            await c.WriteHeadAsync(200, ("Content-Type", "text/event-stream"));
            await c.WriteAsync($"data: {chunk}\n\n");
            await c.StallAsync();
        });

        var result = await new CliRunner { Bound = TimeSpan.FromSeconds(40) }
            .With("OPENAI_API_KEY", Key)
            .RunAsync("chat", "hi", "--timeout", "6", "--endpoint", server.Url("v1/").ToString());

        // 6 s, not 2: the limit covers the whole command, so a loaded machine must still reach the first chunk within it.
        Assert.Equal(ExitCodes.Timeout, result.ExitCode);
        Assert.Equal(["partial answer"], result.OutputLines);
        Assert.Equal("timed out: Check that the server answers, or allow more time with a --timeout above 6 s.", result.ErrorLines[^1]);
    }

    [Fact]
    public async Task Chat_CtrlC_ExitsWith130()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Sends SIGINT with kill(1).");
        await using var server = HostileServer.Start(c => c.StallAsync());

        var result = await new CliRunner { Bound = TimeSpan.FromSeconds(40), DefaultInterrupt = true }
            .With("OPENAI_API_KEY", Key)
            .RunAsync(["chat", "hi", "--endpoint", server.Url("v1/").ToString()], async cli =>
            {
                await server.FirstRequest;
                using var kill = Process.Start("kill", ["-INT", cli.Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
                await kill.WaitForExitAsync(Ct);
            });

        Assert.Equal(ExitCodes.Cancelled, result.ExitCode);
        Assert.Equal("error: cancelled.", result.ErrorLines[^1]);
    }

    [Fact]
    public async Task Chat_KeyTheProviderRejects_ExitsWith4()
    {
        await using var emulator = await ProviderEmulator.StartAsync(new ProviderEmulatorOptions { ExpectedApiKey = "sk-the-right-key" }, Ct);

        var result = await new CliRunner().With("OPENAI_API_KEY", "sk-a-wrong-key-123456").RunAsync("chat", "hi", "--no-stream", "--endpoint", emulator.Url("v1/").ToString());

        Assert.Equal(ExitCodes.Auth, result.ExitCode);
        Assert.Equal(["credential: key from OPENAI_API_KEY"], result.ErrorLines[..1]);
        Assert.StartsWith("error: openai returned HTTP 401", result.ErrorLines[1], StringComparison.Ordinal);
        Assert.Equal(2, result.ErrorLines.Length);
        Assert.DoesNotContain("sk-a-wrong-key-123456", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_EndpointWithoutKey_ExitsWith4BeforeAnyRequest()
    {
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        var origin = emulator.BaseAddress.GetLeftPart(UriPartial.Authority);

        var result = await new CliRunner().RunAsync("chat", "hi", "--endpoint", emulator.Url("v1/").ToString());

        Assert.Equal(ExitCodes.Auth, result.ExitCode);
        Assert.Equal(
            [$"error: No OPENAI_API_KEY set for OpenAI at {origin}: set OPENAI_API_KEY, or leave out --endpoint to answer offline from the built-in emulator."],
            result.ErrorLines);
        Assert.Empty(emulator.Requests);
    }
}
