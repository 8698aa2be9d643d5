using System;

namespace LlmAdapters.Middleware;

/// <summary>
/// The cost of one response in USD, computed from its usage and the <see cref="ModelCatalog"/> prices by
/// <see cref="CostCalculator"/>. Attached to responses under <see cref="AdditionalPropertyKeys.Cost"/>; read it with
/// <see cref="CostExtensions.GetCost(Microsoft.Extensions.AI.ChatResponse)"/>.
/// </summary>
public sealed record CostBreakdown
{
    /// <summary>Gets the catalog provider name.</summary>
    public required string Provider { get; init; }

    /// <summary>Gets the model id the response reported (or the request named).</summary>
    public required string Model { get; init; }

    /// <summary>Gets the uncached input tokens billed at the input price.</summary>
    public long InputTokens { get; init; }

    /// <summary>Gets the input tokens read from the prompt cache.</summary>
    public long CachedInputTokens { get; init; }

    /// <summary>Gets the input tokens written to the prompt cache (all lifetimes).</summary>
    public long CacheWriteTokens { get; init; }

    /// <summary>Gets the output tokens, reasoning included.</summary>
    public long OutputTokens { get; init; }

    /// <summary>Gets the reasoning tokens (a part of <see cref="OutputTokens"/>).</summary>
    public long ReasoningTokens { get; init; }

    /// <summary>Gets the cost of <see cref="InputTokens"/>.</summary>
    public decimal InputCost { get; init; }

    /// <summary>Gets the cost of <see cref="CachedInputTokens"/>.</summary>
    public decimal CachedInputCost { get; init; }

    /// <summary>Gets the cost of <see cref="CacheWriteTokens"/>.</summary>
    public decimal CacheWriteCost { get; init; }

    /// <summary>Gets the cost of <see cref="OutputTokens"/>, reasoning included.</summary>
    public decimal OutputCost { get; init; }

    /// <summary>Gets the total: the provider-reported cost when there is one, otherwise the sum of the parts.</summary>
    public decimal Total { get; init; }

    /// <summary>Gets what the same usage would have cost with no prompt caching (every input token at the input price).</summary>
    public decimal UncachedTotal { get; init; }

    /// <summary>Gets <see cref="UncachedTotal"/> minus the computed cost; negative when cache writes cost more than reads saved.</summary>
    public decimal Savings => UncachedTotal - (InputCost + CachedInputCost + CacheWriteCost + OutputCost);

    /// <summary>Gets the cost the provider itself reported (OpenRouter <c>usage.cost</c>), when it did.</summary>
    public decimal? ProviderReportedCost { get; init; }

    /// <summary>Gets the day the prices used were taken.</summary>
    public DateOnly? PricesAsOf { get; init; }

    /// <summary>Gets the currency, always <c>USD</c>.</summary>
    public string Currency => "USD";
}
