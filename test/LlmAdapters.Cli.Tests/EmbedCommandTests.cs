using System.Globalization;
using System.Text.Json.Nodes;
using LlmAdapters.Testing;

namespace LlmAdapters.Cli.Tests;

public sealed class EmbedCommandTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Embed_NoKey_AnswersFromTheEmulatorWithDimensionsAndFirstValues()
    {
        var result = await new CliRunner().RunAsync("embed", "hello world");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["offline: no OPENAI_API_KEY set, answering from the built-in emulator"], result.ErrorLines);
        Assert.Equal(3, result.OutputLines.Length);
        Assert.Equal("dimensions: 8", result.OutputLines[0]);
        Assert.Equal(8, result.OutputLines[1]["first values: ".Length..].Split(", ").Length);
        Assert.Equal("tokens: input 2 · openai:text-embedding-3-small", result.OutputLines[2]);
    }

    [Fact]
    public async Task Embed_KeyAndEndpoint_PrintsTheServersVector()
    {
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        var expected = await EmbedInProcessAsync(emulator, "a longer text to embed");

        var result = await new CliRunner().With("OPENAI_API_KEY", "sk-embed")
            .RunAsync("embed", "a longer text to embed", "--endpoint", emulator.Url("v1/").ToString());

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["credential: key from OPENAI_API_KEY"], result.ErrorLines);
        var first = string.Join(", ", expected.Take(8).Select(v => v.ToString("0.######", CultureInfo.InvariantCulture)));
        Assert.Equal(["dimensions: 8", $"first values: {first}", "tokens: input 5 · openai:text-embedding-3-small"], result.OutputLines);
        Assert.Equal("/v1/embeddings", emulator.LastRequest.Path);
        Assert.Equal("Bearer sk-embed", emulator.LastRequest.Header("Authorization"));
    }

    [Fact]
    public async Task Embed_Json_PrintsTheWholeVector()
    {
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        var expected = await EmbedInProcessAsync(emulator, "vector please");

        var result = await new CliRunner().With("OPENAI_API_KEY", "sk-embed")
            .RunAsync("embed", "vector please", "--json", "--endpoint", emulator.Url("v1/").ToString());

        Assert.Equal(0, result.ExitCode);
        var json = JsonNode.Parse(Assert.Single(result.OutputLines))!;
        Assert.Equal("openai:text-embedding-3-small", json["model"]!.GetValue<string>());
        Assert.Equal(8, json["dimensions"]!.GetValue<int>());
        Assert.Equal(expected, json["embedding"]!.AsArray().Select(v => v!.GetValue<float>()).ToArray());
        Assert.Equal(3, json["usage"]!["inputTokens"]!.GetValue<int>());
        Assert.False(json["offline"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Embed_ProviderWithoutEmbeddings_IsAUsageErrorWithExit2()
    {
        var result = await new CliRunner().RunAsync("embed", "hi", "-m", "anthropic");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.StartsWith("error: ", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
        Assert.Contains("Anthropic", result.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Output);
    }

    private static async Task<float[]> EmbedInProcessAsync(ProviderEmulator emulator, string text)
    {
        using var generator = new LlmClientFactory().CreateEmbeddingGenerator("openai:text-embedding-3-small", s =>
        {
            s.Endpoint = emulator.Url("v1/");
            s.ApiKey = "sk-embed";
        });
        var embeddings = await generator.GenerateAsync([text], cancellationToken: Ct);
        emulator.Reset();
        return embeddings[0].Vector.ToArray();
    }
}
