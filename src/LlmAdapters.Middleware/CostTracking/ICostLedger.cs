using System;
using System.Collections.Generic;

namespace LlmAdapters.Middleware;

/// <summary>
/// Where cost tracking records what each call cost, and where budgets read what was spent. Implementations must be
/// thread-safe. <see cref="InMemoryCostLedger"/> is the default; register your own (database, distributed store) in
/// the service provider to share spending across processes.
/// </summary>
public interface ICostLedger
{
    /// <summary>Records one call.</summary>
    /// <param name="entry">The call and its cost.</param>
    void Record(CostLedgerEntry entry);

    /// <summary>Gets the spending since <paramref name="since"/>.</summary>
    /// <param name="tag">Only calls with this cost tag; <see langword="null"/> for all calls.</param>
    /// <param name="since">The start of the period (inclusive).</param>
    /// <returns>The spending in USD.</returns>
    decimal GetSpent(string? tag, DateTimeOffset since);

    /// <summary>Gets the running totals.</summary>
    /// <returns>A snapshot.</returns>
    CostTotals GetTotals();
}

/// <summary>One call recorded in an <see cref="ICostLedger"/>.</summary>
/// <param name="Timestamp">When the call finished.</param>
/// <param name="Provider">The catalog provider name.</param>
/// <param name="Model">The model id.</param>
/// <param name="Tag">The caller tag (<see cref="AdditionalPropertyKeys.CostTag"/>), if any.</param>
/// <param name="Cost">The cost, or <see langword="null"/> when it is unknown (model without prices, response without usage).</param>
public sealed record CostLedgerEntry(DateTimeOffset Timestamp, string Provider, string Model, string? Tag, CostBreakdown? Cost);

/// <summary>Running totals of an <see cref="ICostLedger"/>, in USD.</summary>
public sealed record CostTotals
{
    /// <summary>Gets the total cost of all calls with a known cost.</summary>
    public decimal Total { get; init; }

    /// <summary>Gets what prompt caching saved compared with uncached prices.</summary>
    public decimal Savings { get; init; }

    /// <summary>Gets the number of calls recorded.</summary>
    public long Calls { get; init; }

    /// <summary>Gets the number of calls whose cost is unknown (not included in <see cref="Total"/>).</summary>
    public long UnknownCostCalls { get; init; }

    /// <summary>Gets the totals per catalog provider.</summary>
    public IReadOnlyDictionary<string, decimal> ByProvider { get; init; } = new Dictionary<string, decimal>();

    /// <summary>Gets the totals per <c>provider:model</c>.</summary>
    public IReadOnlyDictionary<string, decimal> ByModel { get; init; } = new Dictionary<string, decimal>();

    /// <summary>Gets the totals per cost tag (untagged calls are not listed).</summary>
    public IReadOnlyDictionary<string, decimal> ByTag { get; init; } = new Dictionary<string, decimal>();
}
