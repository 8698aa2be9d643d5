using System;
using System.Collections.Generic;
using System.Threading;

namespace LlmAdapters.Middleware;

/// <summary>
/// A thread-safe, process-local <see cref="ICostLedger"/>. Spending is kept per UTC day and tag, so budgets of any
/// day-aligned period can be answered without keeping every call.
/// </summary>
public sealed class InMemoryCostLedger : ICostLedger
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(DateOnly Day, string Tag), decimal> _daily = [];
    private readonly Dictionary<string, decimal> _byProvider = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, decimal> _byModel = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, decimal> _byTag = new(StringComparer.Ordinal);
    private decimal _total;
    private decimal _savings;
    private long _calls;
    private long _unknown;

    /// <inheritdoc />
    public void Record(CostLedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_lock)
        {
            _calls++;
            if (entry.Cost is not { } cost)
            {
                _unknown++;
                return;
            }

            _total += cost.Total;
            _savings += cost.Savings;
            Add(_byProvider, entry.Provider, cost.Total);
            Add(_byModel, $"{entry.Provider}:{entry.Model}", cost.Total);
            if (entry.Tag is not null)
            {
                Add(_byTag, entry.Tag, cost.Total);
            }

            var day = DateOnly.FromDateTime(entry.Timestamp.UtcDateTime);
            var key = (day, entry.Tag ?? string.Empty);
            _daily[key] = _daily.GetValueOrDefault(key) + cost.Total;
        }
    }

    /// <inheritdoc />
    /// <remarks>Resolution is one UTC day: a call counts when its day is on or after the day of <paramref name="since"/>.</remarks>
    public decimal GetSpent(string? tag, DateTimeOffset since)
    {
        var from = DateOnly.FromDateTime(since.UtcDateTime);
        lock (_lock)
        {
            decimal sum = 0;
            foreach (var ((day, entryTag), amount) in _daily)
            {
                if (day >= from && (tag is null || string.Equals(tag, entryTag, StringComparison.Ordinal)))
                {
                    sum += amount;
                }
            }

            return sum;
        }
    }

    /// <inheritdoc />
    public CostTotals GetTotals()
    {
        lock (_lock)
        {
            return new CostTotals
            {
                Total = _total,
                Savings = _savings,
                Calls = _calls,
                UnknownCostCalls = _unknown,
                ByProvider = new Dictionary<string, decimal>(_byProvider, StringComparer.OrdinalIgnoreCase),
                ByModel = new Dictionary<string, decimal>(_byModel, StringComparer.OrdinalIgnoreCase),
                ByTag = new Dictionary<string, decimal>(_byTag, StringComparer.Ordinal),
            };
        }
    }

    private static void Add(Dictionary<string, decimal> totals, string key, decimal amount) =>
        totals[key] = totals.GetValueOrDefault(key) + amount;
}
