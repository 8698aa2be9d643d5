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

/// <summary>Who shares one <see cref="CostBudget"/>: every call together, or each user, credential or cost tag apart.</summary>
public enum BudgetPartition
{
    /// <summary>One budget for every call it applies to.</summary>
    All,

    /// <summary>A budget of its own for each user named by <see cref="AdditionalPropertyKeys.CostUser"/> on the call's
    /// <c>ChatOptions</c>; calls without a user share one budget for the unnamed user.</summary>
    User,

    /// <summary>A budget of its own for each provider credential: the provider plus a hash of the API key the inner
    /// client sends (never the key itself); clients without an API key share one budget per provider.</summary>
    ApiKey,

    /// <summary>A budget of its own for each cost tag (<see cref="AdditionalPropertyKeys.CostTag"/>); untagged calls
    /// share one budget.</summary>
    Tag,
}

/// <summary>A spending limit checked by cost tracking before each call.</summary>
/// <param name="Limit">The most that may be spent in the period, in USD (per partition, see <see cref="Per"/>).</param>
/// <param name="Period">The period.</param>
/// <param name="Tag">Only calls with this cost tag (<see cref="AdditionalPropertyKeys.CostTag"/>) count and are limited;
/// <see langword="null"/> limits all calls.</param>
public sealed record CostBudget(decimal Limit, BudgetPeriod Period = BudgetPeriod.Month, string? Tag = null)
{
    /// <summary>Gets who shares the limit: with <see cref="BudgetPartition.User"/>, for example, one budget means
    /// "each user may spend <see cref="Limit"/> per <see cref="Period"/>".</summary>
    /// <value>The default is <see cref="BudgetPartition.All"/>.</value>
    public BudgetPartition Per { get; init; }

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
