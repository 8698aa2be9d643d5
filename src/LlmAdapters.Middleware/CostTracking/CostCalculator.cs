using System;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Middleware;

/// <summary>
/// Turns normalised <see cref="UsageDetails"/> into a <see cref="CostBreakdown"/>. Relies on the usage contract every
/// adapter follows: cached reads and cache writes are part of <see cref="UsageDetails.InputTokenCount"/>, reasoning is
/// part of <see cref="UsageDetails.OutputTokenCount"/>, cache writes are counted under the Core
/// <see cref="AdditionalPropertyKeys.CacheWriteInputTokens"/> keys.
/// </summary>
public static class CostCalculator
{
    private const decimal Million = 1_000_000m;

    /// <summary>Computes the cost of <paramref name="usage"/> at <paramref name="pricing"/>.</summary>
    /// <param name="provider">The catalog provider name, recorded in the result.</param>
    /// <param name="model">The model id, recorded in the result.</param>
    /// <param name="pricing">The prices; <see langword="null"/> when unknown.</param>
    /// <param name="usage">The usage; <see langword="null"/> when the response had none.</param>
    /// <param name="providerReportedCost">A cost the provider reported itself, which then becomes the total.</param>
    /// <returns>The breakdown, or <see langword="null"/> when neither prices and usage nor a reported cost are known
    /// (never a made-up zero).</returns>
    public static CostBreakdown? Calculate(string provider, string model, ModelPricing? pricing, UsageDetails? usage, decimal? providerReportedCost = null)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(model);
        var hasUsage = usage is not null && (usage.InputTokenCount is not null || usage.OutputTokenCount is not null);
        if (pricing is null || !hasUsage)
        {
            return providerReportedCost is { } reported
                ? new CostBreakdown { Provider = provider, Model = model, Total = reported, UncachedTotal = reported, ProviderReportedCost = reported }
                : null;
        }

        var input = Math.Max(0, usage!.InputTokenCount ?? 0);
        var output = Math.Max(0, usage.OutputTokenCount ?? 0);
        var prices = pricing.ForInputTokens(input);

        var cached = Math.Clamp(usage.CachedInputTokenCount ?? 0, 0, input);
        var write5m = Count(usage, AdditionalPropertyKeys.CacheWrite5mInputTokens);
        var write1h = Count(usage, AdditionalPropertyKeys.CacheWrite1hInputTokens);
        var writeAll = Math.Max(Count(usage, AdditionalPropertyKeys.CacheWriteInputTokens), write5m + write1h);
        writeAll = Math.Min(writeAll, input - cached);
        write1h = Math.Min(write1h, writeAll);
        var writeDefault = writeAll - write1h; // 5-minute writes and writes the provider did not split by lifetime
        var uncached = input - cached - writeAll;
        var reasoning = Math.Clamp(usage.ReasoningTokenCount ?? 0, 0, output);

        var write5mPrice = prices.CacheWrite5mPerMillion ?? prices.InputPerMillion;
        var inputCost = uncached * prices.InputPerMillion / Million;
        var cachedCost = cached * (prices.CachedInputPerMillion ?? prices.InputPerMillion) / Million;
        var writeCost = ((writeDefault * write5mPrice) + (write1h * (prices.CacheWrite1hPerMillion ?? write5mPrice))) / Million;
        var outputCost = (((output - reasoning) * prices.OutputPerMillion) + (reasoning * (prices.ReasoningPerMillion ?? prices.OutputPerMillion))) / Million;
        var computed = inputCost + cachedCost + writeCost + outputCost;

        return new CostBreakdown
        {
            Provider = provider,
            Model = model,
            InputTokens = uncached,
            CachedInputTokens = cached,
            CacheWriteTokens = writeAll,
            OutputTokens = output,
            ReasoningTokens = reasoning,
            InputCost = inputCost,
            CachedInputCost = cachedCost,
            CacheWriteCost = writeCost,
            OutputCost = outputCost,
            Total = providerReportedCost ?? computed,
            UncachedTotal = (input * prices.InputPerMillion / Million) + outputCost,
            ProviderReportedCost = providerReportedCost,
            PricesAsOf = prices.AsOf ?? pricing.AsOf,
        };
    }

    /// <summary>Computes the worst-case cost of a request before it is sent: every input token uncached and the full
    /// output allowance used.</summary>
    /// <param name="pricing">The prices.</param>
    /// <param name="inputTokens">The (estimated) input tokens.</param>
    /// <param name="maxOutputTokens">The output allowance.</param>
    /// <returns>The estimate in USD.</returns>
    public static decimal EstimateWorstCase(ModelPricing pricing, long inputTokens, long maxOutputTokens)
    {
        ArgumentNullException.ThrowIfNull(pricing);
        var prices = pricing.ForInputTokens(inputTokens);
        var outputPrice = Math.Max(prices.OutputPerMillion, prices.ReasoningPerMillion ?? 0m);
        return ((inputTokens * prices.InputPerMillion) + (maxOutputTokens * outputPrice)) / Million;
    }

    private static long Count(UsageDetails usage, string key) =>
        usage.AdditionalCounts is { } counts && counts.TryGetValue(key, out var value) ? Math.Max(0, value) : 0;
}
