namespace LlmAdapters.Cli.Tests;

public sealed class ModelsCommandTests
{
    [Fact]
    public async Task Models_NoProvider_ListsEveryPricedModelOfTheCatalog()
    {
        var priced = ModelCatalog.Default.Models.Where(m => m.Pricing is not null).ToList();

        var result = await new CliRunner().RunAsync("models");

        Assert.Equal(0, result.ExitCode);
        Assert.True(priced.Count >= 47, $"{priced.Count} priced models");
        var rows = result.OutputLines.Where(l => l.StartsWith("│ ", StringComparison.Ordinal) && !l.StartsWith("│ model ", StringComparison.Ordinal)).ToList();
        Assert.Equal(priced.Count, rows.Count);
        foreach (var model in priced)
        {
            Assert.Single(rows, r => r.StartsWith($"│ {model.Provider}:{model.Id} ", StringComparison.Ordinal));
        }

        Assert.Equal($"{priced.Count} models · prices in USD per 1M tokens as of 2026-07-02 · unverified: not checked against the provider's own price data", result.OutputLines[^1]);
    }

    [Fact]
    public async Task Models_Provider_ShowsOnlyItsModelsWithWindowPricesCapabilitiesAndVerification()
    {
        var result = await new CliRunner().RunAsync("models", "anthropic");

        Assert.Equal(0, result.ExitCode);
        var rows = result.OutputLines.Where(l => l.StartsWith("│ ", StringComparison.Ordinal) && !l.StartsWith("│ model ", StringComparison.Ordinal)).ToList();
        Assert.All(rows, r => Assert.StartsWith("│ anthropic:", r, StringComparison.Ordinal));
        var opus = Assert.Single(rows, r => r.StartsWith("│ anthropic:claude-opus-4-5 ", StringComparison.Ordinal));
        var cells = opus.Split('│', StringSplitOptions.TrimEntries)[1..^1];
        Assert.Equal(["anthropic:claude-opus-4-5", "200,000", "64,000", "5.00", "25.00", "0.50", "tools vision pdf json reasoning caching", "verified"], cells);
    }

    [Fact]
    public async Task Models_UnpricedGpt41Mini_IsMarkedUnverified()
    {
        var result = await new CliRunner().RunAsync("models", "openai");

        var row = Assert.Single(result.OutputLines, l => l.StartsWith("│ openai:gpt-4.1-mini ", StringComparison.Ordinal));
        Assert.Equal("unverified", row.Split('│', StringSplitOptions.TrimEntries)[^2]);
    }

    [Fact]
    public async Task Models_MistypedProvider_HintsAndExitsWith2()
    {
        var result = await new CliRunner().RunAsync("models", "antropic");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith("error: The catalog has no models of 'antropic'. Did you mean 'anthropic'? Providers with priced models: openai, anthropic, ", line, StringComparison.Ordinal);
    }
}
