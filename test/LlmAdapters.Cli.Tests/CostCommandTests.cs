using System.Text.Json.Nodes;

namespace LlmAdapters.Cli.Tests;

public sealed class CostCommandTests
{
    [Fact]
    public async Task Cost_PricedModel_PrintsTotalPartsAndPrices()
    {
        var result = await new CliRunner().RunAsync("cost", "-m", "openai:gpt-4o", "--input", "1000000", "--output", "100000", "--cached", "200000");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(string.Empty, result.Error);
        Assert.Equal(
            [
                "cost: $3.25 (input $2.00 · cached $0.25 · output $1.00) at openai:gpt-4o list prices of 2026-07-02",
                "prices per 1M tokens: input $2.50 · cached input $1.25 · output $10.00 · verified",
            ],
            result.OutputLines);
    }

    [Fact]
    public async Task Cost_Json_PrintsTheBreakdown()
    {
        var result = await new CliRunner().RunAsync("cost", "-m", "openai:gpt-4o", "--input", "1000", "--output", "500", "--json");

        Assert.Equal(0, result.ExitCode);
        var expected = JsonNode.Parse("""
            {"total":0.0075,"input":0.0025,"cachedInput":0,"cacheWrites":0,"output":0.005,"currency":"USD","pricedAs":"openai:gpt-4o","pricesAsOf":"2026-07-02"}
            """);
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(Assert.Single(result.OutputLines))), result.Output);
    }

    [Fact]
    public async Task Cost_UnpricedModel_HintsTheClosestAndExitsWith2()
    {
        var result = await new CliRunner().RunAsync("cost", "-m", "openai:gpt-4o-mnii", "--input", "1", "--output", "1");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal(
            ["error: The catalog has no price for openai:gpt-4o-mnii. Did you mean 'openai:gpt-4o-mini'? Run 'models openai' for the priced models."],
            result.ErrorLines);
    }

    [Theory]
    [InlineData(new[] { "--input", "10", "--output", "1", "--cached", "11" }, "error: --cached 11 is more than --input 10: cached tokens are part of the input.")]
    [InlineData(new[] { "--input", "10" }, "error: Option '--output' is required.")]
    public async Task Cost_BadCounts_AreRefusedWithExit2(string[] counts, string error)
    {
        var result = await new CliRunner().RunAsync(["cost", "-m", "openai:gpt-4o", .. counts]);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal([error, "Run 'cost --help' for usage."], result.ErrorLines);
    }
}
