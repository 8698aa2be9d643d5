using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace LlmAdapters.Middleware;

/// <summary>
/// The process-local <see cref="IBudgetStore"/>: spending is read from an <see cref="ICostLedger"/> (which cost tracking
/// records every call in), reservations are held in this process until their calls end.
/// </summary>
public sealed class InMemoryBudgetStore : IBudgetStore
{
    private readonly ICostLedger _ledger;
    private readonly Lock _lock = new();
    private readonly Dictionary<CostBudget, decimal> _reserved = [];

    /// <summary>Initializes a new instance.</summary>
    /// <param name="ledger">Where spending is read from.</param>
    public InMemoryBudgetStore(ICostLedger ledger)
    {
        _ledger = ledger ?? throw new ArgumentNullException(nameof(ledger));
    }

    /// <inheritdoc />
    public ValueTask<BudgetReservation> ReserveAsync(IReadOnlyList<BudgetScope> budgets, decimal estimate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(budgets);
        lock (_lock)
        {
            foreach (var scope in budgets)
            {
                var committed = _ledger.GetSpent(scope.Budget.Tag, scope.PeriodStart) + _reserved.GetValueOrDefault(scope.Budget);
                if (committed >= scope.Budget.Limit || committed + estimate > scope.Budget.Limit)
                {
                    throw new BudgetExceededException(scope.Budget, committed, estimate);
                }
            }

            foreach (var scope in budgets)
            {
                _reserved[scope.Budget] = _reserved.GetValueOrDefault(scope.Budget) + estimate;
            }
        }

        return new(new BudgetReservation(Guid.NewGuid().ToString("N"), budgets, estimate));
    }

    /// <inheritdoc />
    /// <remarks>Only releases the reservation: the actual cost reaches the ledger through cost tracking's record.</remarks>
    public ValueTask SettleAsync(BudgetReservation reservation, decimal actualCost, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        lock (_lock)
        {
            foreach (var scope in reservation.Budgets)
            {
                var left = _reserved.GetValueOrDefault(scope.Budget) - reservation.Estimate;
                if (left <= 0)
                {
                    _reserved.Remove(scope.Budget);
                }
                else
                {
                    _reserved[scope.Budget] = left;
                }
            }
        }

        return ValueTask.CompletedTask;
    }
}
