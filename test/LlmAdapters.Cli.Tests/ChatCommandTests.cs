using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LlmAdapters.Testing;

namespace LlmAdapters.Cli.Tests;

public sealed partial class ChatCommandTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("--stream")]
    [InlineData("--no-stream")]
    public async Task Chat_NoKeyInEnvironment_AnswersFromTheEmulatorAndSaysSoInOneLine(string mode)
    {
        var result = await new CliRunner().RunAsync("chat", "Hello there", mode);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["offline: no OPENAI_API_KEY set, answering from the built-in emulator"], result.ErrorLines);
        Assert.StartsWith("You said: \"Hello there\"\n\nThis answer comes from the LlmAdapters emulator on this machine (no OPENAI_API_KEY set). Set OPENAI_API_KEY to talk to OpenAI.\n", result.Output, StringComparison.Ordinal);
        Assert.Matches(UsagePattern(), result.OutputLines[^1]);
        Assert.EndsWith(" · openai:gpt-4.1-mini", result.OutputLines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_ModelOption_PicksThePresetAndNamesItsVariable()
    {
        var result = await new CliRunner().RunAsync("chat", "hi", "--model", "groq:llama-3.1-8b-instant");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["offline: no GROQ_API_KEY set, answering from the built-in emulator"], result.ErrorLines);
        Assert.EndsWith(" · groq:llama-3.1-8b-instant", result.OutputLines[^1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("anthropic:claude-haiku-4-5", "ANTHROPIC_API_KEY")]
    [InlineData("gemini:gemini-2.5-flash", "GEMINI_API_KEY")]
    [InlineData("vertex:gemini-2.5-flash", "GOOGLE_APPLICATION_CREDENTIALS")]
    [InlineData("cohere:command-a-03-2025", "COHERE_API_KEY")]
    public async Task Chat_NativeProviderOffline_AnswersInThatProvidersProtocol(string spec, string variable)
    {
        var result = await new CliRunner().RunAsync("chat", "hi there", "-m", spec);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal([$"offline: no {variable} set, answering from the built-in emulator"], result.ErrorLines);
        Assert.StartsWith("You said: \"hi there\"", result.Output, StringComparison.Ordinal);
        Assert.EndsWith($" · {spec}", result.OutputLines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_CohereWithOnlyCoApiKey_SendsThatKey()
    {
        await using var emulator = await ProviderEmulator.StartAsync(new ProviderEmulatorOptions { ExpectedApiKey = "co-variable-key" }, Ct);

        var result = await new CliRunner()
            .With("CO_API_KEY", "co-variable-key")
            .RunAsync("chat", "hi", "-m", "cohere:command-a-03-2025", "--no-stream", "--endpoint", emulator.BaseAddress.ToString());

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["credential: key from the environment"], result.ErrorLines);
        Assert.Equal("Bearer co-variable-key", emulator.LastRequest.Header("Authorization"));
        Assert.Equal("/v2/chat", emulator.LastRequest.Path);
    }

    [Fact]
    public async Task Chat_VertexWithCredentialsFile_NeverSendsTheFilePathAsAKey()
    {
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        const string path = "/home/dev/.config/gcloud/service-account.json";

        var result = await new CliRunner()
            .With("GOOGLE_APPLICATION_CREDENTIALS", path)
            .RunAsync("chat", "hi", "-m", "vertex:gemini-2.5-flash", "--no-stream", "--endpoint", emulator.BaseAddress.ToString());

        // No project and no express-mode key: a configuration error before any request, not the path as x-goog-api-key.
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Empty(emulator.Requests);
        Assert.Contains("GeminiOptions.Vertex.Project", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(path, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_VertexWithGoogleApiKey_UsesExpressModeWithThatKey()
    {
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        emulator.Enqueue(ScriptedReply.Text("express").WithUsage(1, 1));

        var result = await new CliRunner()
            .With("GOOGLE_APPLICATION_CREDENTIALS", "/home/dev/creds.json")
            .With("GOOGLE_API_KEY", "AIza-express-key")
            .RunAsync("chat", "hi", "-m", "vertex:gemini-2.5-flash", "--no-stream", "--endpoint", emulator.BaseAddress.ToString());

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("AIza-express-key", emulator.LastRequest.Header("x-goog-api-key"));
    }

    [Fact]
    public async Task Chat_ModelFromEnvironmentVariable_IsTheDefault()
    {
        var result = await new CliRunner().With("LLMADAPTERS_MODEL", "mistral").RunAsync("chat", "hi");

        Assert.Equal(0, result.ExitCode);
        Assert.EndsWith(" · mistral:mistral-small-latest", result.OutputLines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_AzureDeploymentOffline_GoesThroughTheDeploymentUrl()
    {
        var result = await new CliRunner().RunAsync("chat", "hi", "-m", "azure:my-deployment", "--no-stream");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["offline: no AZURE_OPENAI_API_KEY set, answering from the built-in emulator"], result.ErrorLines);
        Assert.StartsWith("You said: \"hi\"", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_OfflineFlagWithKey_StillUsesTheEmulator()
    {
        var result = await new CliRunner().With("OPENAI_API_KEY", "sk-real-key-would-go-here").RunAsync("chat", "hi", "--offline");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["offline: --offline given, answering from the built-in emulator"], result.ErrorLines);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Chat_KeyInEnvironment_TalksToTheServerWithItAndPrintsExactUsage(bool stream)
    {
        await using var emulator = await ProviderEmulator.StartAsync(new ProviderEmulatorOptions { ExpectedApiKey = "sk-from-env" }, Ct);
        emulator.Enqueue(ScriptedReply.Text("The answer is 42.").InChunks(4).WithUsage(input: 120, output: 30, cachedInput: 100, reasoning: 12));

        var result = await new CliRunner()
            .With("OPENAI_API_KEY", "sk-from-env")
            .RunAsync("chat", "What is the answer?", "--system", "Be terse.", "--endpoint", emulator.Url("v1/").ToString(), stream ? "--stream" : "--no-stream");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["credential: key from OPENAI_API_KEY"], result.ErrorLines);
        Assert.Equal(["The answer is 42.", "tokens: input 120 (cached 100) · output 30 (reasoning 12) · total 150 · openai:gpt-4.1-mini"], result.OutputLines);
        var body = emulator.LastRequest.Body;
        Assert.Contains("Be terse.", body, StringComparison.Ordinal);
        Assert.Contains("What is the answer?", body, StringComparison.Ordinal);
        Assert.Equal(stream, emulator.LastRequest.Json?["stream"]?.GetValue<bool>() ?? false);
    }

    [Fact]
    public async Task Chat_ProviderError_PrintsItsMessageAndExitsWith3()
    {
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        emulator.Enqueue(ScriptedReply.Error(429, "requests", "Rate limit reached for gpt-4.1-mini.", code: "rate_limit_exceeded"));

        var result = await new CliRunner()
            .With("OPENAI_API_KEY", "sk-test-abcdefghijklmnop")
            .RunAsync("chat", "hi", "--no-stream", "--endpoint", emulator.Url("v1/").ToString());

        Assert.Equal(ExitCodes.ProviderError, result.ExitCode);
        Assert.Equal(2, result.ErrorLines.Length);
        Assert.Equal("credential: key from OPENAI_API_KEY", result.ErrorLines[0]);
        var line = result.ErrorLines[1];
        Assert.StartsWith("error: openai returned HTTP 429 (TooManyRequests) [rate_limit_exceeded]: Rate limit reached for gpt-4.1-mini.", line, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-test-abcdefghijklmnop", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_UnreachableServer_ExitsWith3()
    {
        var result = await new CliRunner().RunAsync("chat", "hi", "-m", "ollama", "--endpoint", "http://127.0.0.1:9/v1/");

        Assert.Equal(ExitCodes.ProviderError, result.ExitCode);
        Assert.StartsWith("error: Ollama is not running at http://127.0.0.1:9: the connection was refused.", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gpt-4.1", "error: 'gpt-4.1' is not a model spec: write it as 'provider:model', for example 'openai:gpt-4.1' or 'anthropic:claude-sonnet-4-5'.")]
    [InlineData("acme:m", "error: Unknown provider 'acme' in 'acme:m'. Known providers: openai, groq, openrouter, deepseek, mistral, xai, together, lmstudio, ollama, ollama-openai, azure, openai-responses, anthropic, gemini, vertex, cohere.")]
    [InlineData("azure", "error: 'azure' names no model and Azure OpenAI has no default model: write it as 'azure:<model>' with the deployment name as the model.")]
    public async Task Chat_BadSpec_PrintsWhyAndExitsWith2(string spec, string message)
    {
        var result = await new CliRunner().RunAsync("chat", "hi", "--model", spec);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal([message], result.ErrorLines);
        Assert.Equal(string.Empty, result.Output);
    }

    [Fact]
    public async Task Chat_KeyButNoEndpointForAzure_IsAConfigurationErrorWithExit2()
    {
        Assert.SkipWhen(Environment.GetEnvironmentVariable("AZURE_OPENAI_ENDPOINT") is not null, "AZURE_OPENAI_ENDPOINT is set in this environment.");

        var result = await new CliRunner().With("AZURE_OPENAI_API_KEY", "azure-key").RunAsync("chat", "hi", "-m", "azure:dep");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal(2, result.ErrorLines.Length);
        Assert.Equal("credential: key from AZURE_OPENAI_API_KEY", result.ErrorLines[0]);
        Assert.StartsWith("error: No endpoint for Azure OpenAI", result.ErrorLines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_MissingPrompt_IsAUsageErrorWithExit2()
    {
        var result = await new CliRunner().RunAsync("chat");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("error:", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_SystemTemperatureAndMaxTokens_ReachTheRequest()
    {
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        emulator.Enqueue(ScriptedReply.Text("ok").WithUsage(3, 1));

        var result = await new CliRunner()
            .With("OPENAI_API_KEY", "sk-options")
            .RunAsync("chat", "hi", "--system", "Be terse.", "--temperature", "0.25", "--max-tokens", "50", "--no-stream", "--endpoint", emulator.Url("v1/").ToString());

        Assert.Equal(0, result.ExitCode);
        var body = emulator.LastRequest.Json!;
        Assert.Equal(0.25, body["temperature"]!.GetValue<double>());
        Assert.Equal(50, body["max_completion_tokens"]!.GetValue<int>());
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""[{"role":"system","content":"Be terse."},{"role":"user","content":"hi"}]"""),
            body["messages"]));
    }

    [Theory]
    [InlineData(new[] { "--stream", "--no-stream" }, "error: --stream and --no-stream conflict: give one.")]
    [InlineData(new[] { "--json", "--stream" }, "error: --json and --stream conflict: --json prints one object once the answer is complete.")]
    [InlineData(new[] { "--offline", "--endpoint", "http://127.0.0.1:9/v1/" }, "error: --offline and --endpoint conflict: --offline answers from the built-in emulator, --endpoint names a server. Give one.")]
    [InlineData(new[] { "--temperature", "-1" }, "error: --temperature -1 is negative; use 0 or more.")]
    [InlineData(new[] { "--max-tokens", "0" }, "error: --max-tokens 0 is not a positive number of tokens.")]
    [InlineData(new[] { "--timeout", "0" }, "error: --timeout 0 is not a positive number of seconds.")]
    [InlineData(new[] { "--endpoint", "localhost:8080" }, "error: --endpoint 'localhost:8080' is not an absolute http(s) URL such as http://localhost:8080/v1/.")]
    public async Task Chat_ConflictingOrBadOptions_AreRefusedWithExit2BeforeAnyCall(string[] options, string error)
    {
        var result = await new CliRunner().RunAsync(["chat", "hi", .. options]);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal([error, "Run 'chat --help' for usage."], result.ErrorLines);
        Assert.Equal(string.Empty, result.Output);
    }

    [GeneratedRegex(@"^tokens: input \d+ \(cached \d+\) · output \d+ \(reasoning \d+\) · total \d+ · ")]
    private static partial Regex UsagePattern();
}
