using Microsoft.Extensions.AI;

namespace LlmAdapters.Middleware.Tests;

public sealed class CostCalculatorTests
{
    private static ModelPricing PricesOf(string provider, string model) => ModelCatalog.Default.Find(provider, model)!.Pricing!;

    [Fact]
    public void Calculate_AnthropicCacheReadAndWritesPerTtl_ChargesEachAtItsRate()
    {
        // Normalised Anthropic usage: input = 100 uncached + 2000 written + 5000 read.
        var usage = new UsageDetails
        {
            InputTokenCount = 7100,
            CachedInputTokenCount = 5000,
            OutputTokenCount = 400,
            ReasoningTokenCount = 100,
            AdditionalCounts = new()
            {
                [AdditionalPropertyKeys.CacheWriteInputTokens] = 2000,
                [AdditionalPropertyKeys.CacheWrite5mInputTokens] = 1500,
                [AdditionalPropertyKeys.CacheWrite1hInputTokens] = 500,
            },
        };

        var cost = CostCalculator.Calculate("anthropic", "claude-sonnet-4-5", PricesOf("anthropic", "claude-sonnet-4-5"), usage)!;

        Assert.Equal(100, cost.InputTokens);
        Assert.Equal(5000, cost.CachedInputTokens);
        Assert.Equal(2000, cost.CacheWriteTokens);
        Assert.Equal(0.0003m, cost.InputCost);            // 100 × 3.00
        Assert.Equal(0.0015m, cost.CachedInputCost);      // 5000 × 0.30
        Assert.Equal(0.008625m, cost.CacheWriteCost);     // 1500 × 3.75 + 500 × 6.00
        Assert.Equal(0.006m, cost.OutputCost);            // 400 × 15.00, thinking included
        Assert.Equal(0.016425m, cost.Total);
        Assert.Equal(0.0273m, cost.UncachedTotal);        // 7100 × 3.00 + output
        Assert.Equal(0.010875m, cost.Savings);
        Assert.Equal(new DateOnly(2026, 7, 2), cost.PricesAsOf);
    }

    [Fact]
    public void Calculate_CacheWritesWithoutTtlSplit_UseFiveMinutePrice()
    {
        var usage = new UsageDetails
        {
            InputTokenCount = 1000,
            OutputTokenCount = 0,
            AdditionalCounts = new() { [AdditionalPropertyKeys.CacheWriteInputTokens] = 1000 },
        };

        var cost = CostCalculator.Calculate("anthropic", "claude-opus-4-5", PricesOf("anthropic", "claude-opus-4-5"), usage)!;

        Assert.Equal(0.00625m, cost.CacheWriteCost); // 1000 × 6.25
        Assert.Equal(0m, cost.InputCost);
    }

    [Fact]
    public void Calculate_OpenAiCachedPrompt_SubtractsCachedFromInput()
    {
        var usage = new UsageDetails { InputTokenCount = 10_000, CachedInputTokenCount = 8_000, OutputTokenCount = 500, ReasoningTokenCount = 0 };

        var cost = CostCalculator.Calculate("openai", "gpt-4o-mini", PricesOf("openai", "gpt-4o-mini"), usage)!;

        Assert.Equal(0.0003m, cost.InputCost);        // 2000 × 0.15
        Assert.Equal(0.0006m, cost.CachedInputCost);  // 8000 × 0.075
        Assert.Equal(0.0003m, cost.OutputCost);       // 500 × 0.60
        Assert.Equal(0.0012m, cost.Total);
        Assert.Equal(0.0006m, cost.Savings);
    }

    [Fact]
    public void Calculate_GeminiThoughts_BilledAsOutput()
    {
        // Normalised Gemini usage: output = candidates 400 + thoughts 600.
        var usage = new UsageDetails { InputTokenCount = 2000, OutputTokenCount = 1000, ReasoningTokenCount = 600 };

        var cost = CostCalculator.Calculate("gemini", "gemini-2.5-flash", PricesOf("gemini", "gemini-2.5-flash"), usage)!;

        Assert.Equal(600, cost.ReasoningTokens);
        Assert.Equal(0.0025m, cost.OutputCost); // 1000 × 2.50
        Assert.Equal(0.0031m, cost.Total);
    }

    [Fact]
    public void Calculate_GeminiProAbove200k_UsesLongContextPrices()
    {
        var usage = new UsageDetails { InputTokenCount = 250_000, CachedInputTokenCount = 50_000, OutputTokenCount = 1000 };

        var cost = CostCalculator.Calculate("gemini", "gemini-2.5-pro", PricesOf("gemini", "gemini-2.5-pro"), usage)!;

        Assert.Equal(0.5m, cost.InputCost);          // 200,000 × 2.50
        Assert.Equal(0.0125m, cost.CachedInputCost); // 50,000 × 0.25
        Assert.Equal(0.015m, cost.OutputCost);       // 1000 × 15.00
        Assert.Equal(0.5275m, cost.Total);
    }

    [Fact]
    public void Calculate_SeparateReasoningPrice_SplitsOutput()
    {
        var pricing = new ModelPricing { InputPerMillion = 1m, OutputPerMillion = 2m, ReasoningPerMillion = 4m };
        var usage = new UsageDetails { InputTokenCount = 0, OutputTokenCount = 1_000_000, ReasoningTokenCount = 250_000 };

        var cost = CostCalculator.Calculate("acme", "m", pricing, usage)!;

        Assert.Equal(2.5m, cost.OutputCost); // 750k × 2 + 250k × 4
    }

    [Fact]
    public void Calculate_UnknownPriceOrMissingUsage_ReturnsNull()
    {
        var usage = new UsageDetails { InputTokenCount = 10, OutputTokenCount = 10 };

        Assert.Null(CostCalculator.Calculate("acme", "mystery", null, usage));
        Assert.Null(CostCalculator.Calculate("openai", "gpt-4o", PricesOf("openai", "gpt-4o"), null));
        Assert.Null(CostCalculator.Calculate("openai", "gpt-4o", PricesOf("openai", "gpt-4o"), new UsageDetails()));
    }

    [Fact]
    public void Calculate_ProviderReportedCost_BecomesTheTotal()
    {
        var cost = CostCalculator.Calculate("openrouter", "acme/unknown", null, new UsageDetails { InputTokenCount = 5 }, providerReportedCost: 0.95m)!;

        Assert.Equal(0.95m, cost.Total);
        Assert.Equal(0.95m, cost.ProviderReportedCost);
    }

    [Fact]
    public void EstimateWorstCase_InputAndFullOutputAllowance()
    {
        Assert.Equal(0.015m, CostCalculator.EstimateWorstCase(PricesOf("openai", "gpt-4o"), 2000, 1000)); // 2000 × 2.5 + 1000 × 10
    }
}
