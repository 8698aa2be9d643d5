using System.Collections.Generic;
using System.Globalization;
using System.Text.Json.Nodes;
using LlmAdapters.Middleware;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Cli;

/// <summary>A call's cost at the catalog's list prices (<see cref="ModelCatalog.Default"/> and <see cref="CostCalculator"/>),
/// printed by <c>chat --cost</c>, <c>chat --json</c> and the <c>cost</c> command.</summary>
internal static class CallCost
{
    /// <summary>The catalog entry for a provider's model, or <see langword="null"/> when the catalog has no price for it.</summary>
    public static ModelInfo? PricedModel(string provider, string model) =>
        ModelCatalog.Default.Find(provider, model) is { Pricing: not null } info ? info : null;

    /// <summary>The cost of <paramref name="usage"/> on <paramref name="provider"/>'s <paramref name="model"/>, or
    /// <see langword="null"/> when the model has no price or the usage no counts.</summary>
    public static CostBreakdown? Calculate(string provider, string model, UsageDetails? usage) =>
        PricedModel(provider, model) is { } info ? CostCalculator.Calculate(info.Provider, info.Id, info.Pricing, usage) : null;

    /// <summary>One line, for example <c>cost: $0.000184 (input $0.000048 · cached $0.00001 · output $0.000126) at openai:gpt-4.1-mini prices of 2026-07-02</c>.</summary>
    public static string Line(CostBreakdown cost)
    {
        var parts = new List<string> { $"input {Money(cost.InputCost)}" };
        if (cost.CachedInputTokens > 0)
        {
            parts.Add($"cached {Money(cost.CachedInputCost)}");
        }

        if (cost.CacheWriteTokens > 0)
        {
            parts.Add($"cache writes {Money(cost.CacheWriteCost)}");
        }

        parts.Add($"output {Money(cost.OutputCost)}");
        var asOf = cost.PricesAsOf ?? ModelCatalog.Default.PricesAsOf;
        return $"cost: {Money(cost.Total)} ({string.Join(" · ", parts)}) at {cost.Provider}:{cost.Model} list prices" +
            (asOf is { } date ? $" of {date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}" : string.Empty);
    }

    /// <summary>The cost as a JSON object: total and parts in USD, the model priced, the prices' date.</summary>
    public static JsonObject Json(CostBreakdown cost) => new()
    {
        ["total"] = cost.Total,
        ["input"] = cost.InputCost,
        ["cachedInput"] = cost.CachedInputCost,
        ["cacheWrites"] = cost.CacheWriteCost,
        ["output"] = cost.OutputCost,
        ["currency"] = cost.Currency,
        ["pricedAs"] = $"{cost.Provider}:{cost.Model}",
        ["pricesAsOf"] = (cost.PricesAsOf ?? ModelCatalog.Default.PricesAsOf)?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    };

    /// <summary>Dollars with two decimals, more when a fraction of a cent needs them: <c>$0.000184</c>, <c>$1.25</c>, <c>$2.00</c>.</summary>
    public static string Money(decimal value) => "$" + value.ToString("0.00########", CultureInfo.InvariantCulture);
}
