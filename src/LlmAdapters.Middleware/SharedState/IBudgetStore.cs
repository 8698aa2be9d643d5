using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;

namespace LlmAdapters.Middleware;

/// <summary>
/// Where budgets are enforced: a call reserves its worst-case cost against every budget that applies, and settles to its
/// real cost when it ends (0 when it failed before being billed). A budget is never passed by reservations: a call is
/// refused when what was spent, plus what calls in flight have reserved, plus its own estimate would pass the limit.
/// </summary>
/// <remarks>The default, <see cref="InMemoryBudgetStore"/>, reads spending from the process's <see cref="ICostLedger"/>.
/// A distributed store (the Redis one in <c>LlmAdapters.Middleware.Redis</c>) keeps spending and reservations per budget
/// and period for every process; reservations of a process that died expire after a while.</remarks>
public interface IBudgetStore
{
    /// <summary>Reserves <paramref name="estimate"/> against every budget in <paramref name="budgets"/>, all or none.</summary>
    /// <param name="budgets">The budgets that apply to the call.</param>
    /// <param name="estimate">The call's worst-case cost in USD.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The reservation to settle when the call ends.</returns>
    /// <exception cref="BudgetExceededException">A budget would be passed; nothing was reserved.</exception>
    ValueTask<BudgetReservation> ReserveAsync(IReadOnlyList<BudgetScope> budgets, decimal estimate, CancellationToken cancellationToken);

    /// <summary>Releases a reservation and books what the call really cost.</summary>
    /// <param name="reservation">The reservation.</param>
    /// <param name="actualCost">The call's cost in USD (0 when it failed or was cancelled before it was billed).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the store has the settlement.</returns>
    ValueTask SettleAsync(BudgetReservation reservation, decimal actualCost, CancellationToken cancellationToken);
}

/// <summary>A budget as it applies to one call: the budget, the key of the spending it limits, and its current period.</summary>
/// <param name="Budget">The budget.</param>
/// <param name="Key">The spending key: <c>all</c>, or <c>tag:</c> followed by the cost tag the budget is limited to; for
/// a partitioned budget (<see cref="CostBudget.Per"/>) followed by <c>/user:</c> and the user id, <c>/key:</c> and the
/// provider and credential hash, or <c>/tag:</c> and the call's cost tag (<c>-</c> when the call names none).</param>
/// <param name="PeriodStart">The start of the current period (UTC); <see cref="DateTimeOffset.MinValue"/> for
/// <see cref="BudgetPeriod.Total"/>.</param>
/// <param name="PeriodEnd">The end of the current period; <see langword="null"/> for <see cref="BudgetPeriod.Total"/>.</param>
public sealed record BudgetScope(CostBudget Budget, string Key, DateTimeOffset PeriodStart, DateTimeOffset? PeriodEnd)
{
    /// <summary>Gets the name of the ledger this scope's spending and reservations are kept in: the key, the period and
    /// the period's start. Budgets with the same ledger share their spending.</summary>
    public string LedgerKey => string.Create(
        CultureInfo.InvariantCulture,
        $"{Key}:{Budget.Period.ToString().ToLowerInvariant()}:{(PeriodEnd is null ? "total" : PeriodStart.ToString("yyyyMMdd", CultureInfo.InvariantCulture))}");

    /// <summary>Gets the scope of an unpartitioned <paramref name="budget"/> at <paramref name="now"/>.</summary>
    /// <param name="budget">The budget.</param>
    /// <param name="now">The current time.</param>
    /// <returns>The scope.</returns>
    public static BudgetScope For(CostBudget budget, DateTimeOffset now) => For(budget, now, new BudgetSubject());

    /// <summary>Gets the scope of <paramref name="budget"/> at <paramref name="now"/> for a call made by
    /// <paramref name="subject"/>: a partitioned budget (<see cref="CostBudget.Per"/>) gets the subject's own ledger.</summary>
    /// <param name="budget">The budget.</param>
    /// <param name="now">The current time.</param>
    /// <param name="subject">Who makes the call.</param>
    /// <returns>The scope.</returns>
    public static BudgetScope For(CostBudget budget, DateTimeOffset now, BudgetSubject subject)
    {
        ArgumentNullException.ThrowIfNull(budget);
        ArgumentNullException.ThrowIfNull(subject);
        var start = budget.PeriodStart(now);
        DateTimeOffset? end = budget.Period switch
        {
            BudgetPeriod.Day => start.AddDays(1),
            BudgetPeriod.Week => start.AddDays(7),
            BudgetPeriod.Month => start.AddMonths(1),
            _ => null,
        };
        var key = budget.Tag is null ? "all" : "tag:" + budget.Tag;
        key = budget.Per switch
        {
            BudgetPartition.User => $"{key}/user:{OrDash(subject.User)}",
            BudgetPartition.ApiKey => $"{key}/key:{OrDash(subject.Credential)}",
            BudgetPartition.Tag => $"{key}/tag:{OrDash(subject.Tag)}",
            _ => key,
        };
        return new BudgetScope(budget, key, start, end);
    }

    private static string OrDash(string? value) => string.IsNullOrEmpty(value) ? "-" : value;
}

/// <summary>Who a call is made for, as partitioned budgets (<see cref="CostBudget.Per"/>) see it.</summary>
/// <param name="Tag">The call's cost tag (<see cref="AdditionalPropertyKeys.CostTag"/>), if any.</param>
/// <param name="User">The call's user (<see cref="AdditionalPropertyKeys.CostUser"/>), if any.</param>
/// <param name="Credential">The provider and a hash of the credential the call is sent with (<c>openai:1f2e…</c>),
/// never the credential itself; <see langword="null"/> when unknown.</param>
public sealed record BudgetSubject(string? Tag = null, string? User = null, string? Credential = null);

/// <summary>A reservation made by <see cref="IBudgetStore.ReserveAsync"/>.</summary>
/// <param name="Id">The reservation id (unique across processes).</param>
/// <param name="Budgets">The budgets reserved against.</param>
/// <param name="Estimate">The amount reserved in USD.</param>
/// <param name="Recorded">Whether the store holds the reservation (<see langword="false"/> when a distributed store was
/// unreachable and fails open).</param>
public sealed record BudgetReservation(string Id, IReadOnlyList<BudgetScope> Budgets, decimal Estimate, bool Recorded = true);
