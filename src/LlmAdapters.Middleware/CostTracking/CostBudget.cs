using System;

namespace LlmAdapters.Middleware;

/// <summary>The period a <see cref="CostBudget"/> covers; calendar periods are in UTC.</summary>
public enum BudgetPeriod
{
    /// <summary>The current UTC day.</summary>
    Day,

    /// <summary>The current ISO week (Monday to Sunday, UTC).</summary>
    Week,

    /// <summary>The current UTC calendar month.</summary>
    Month,

    /// <summary>Everything the ledger has recorded.</summary>
    Total,
}

/// <summary>A spending limit checked by cost tracking before each call.</summary>
/// <param name="Limit">The most that may be spent in the period, in USD.</param>
/// <param name="Period">The period.</param>
/// <param name="Tag">Only calls with this cost tag (<see cref="AdditionalPropertyKeys.CostTag"/>) count and are limited;
/// <see langword="null"/> limits all calls together.</param>
public sealed record CostBudget(decimal Limit, BudgetPeriod Period = BudgetPeriod.Month, string? Tag = null)
{
    /// <summary>Gets the start of the period that contains <paramref name="now"/>.</summary>
    /// <param name="now">The current time.</param>
    /// <returns>The period start in UTC.</returns>
    public DateTimeOffset PeriodStart(DateTimeOffset now)
    {
        var utc = now.ToUniversalTime();
        var today = new DateTimeOffset(utc.Year, utc.Month, utc.Day, 0, 0, 0, TimeSpan.Zero);
        return Period switch
        {
            BudgetPeriod.Day => today,
            BudgetPeriod.Week => today.AddDays(-(((int)utc.DayOfWeek + 6) % 7)),
            BudgetPeriod.Month => new DateTimeOffset(utc.Year, utc.Month, 1, 0, 0, 0, TimeSpan.Zero),
            _ => DateTimeOffset.MinValue,
        };
    }
}
