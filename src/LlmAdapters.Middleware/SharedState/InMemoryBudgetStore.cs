using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace LlmAdapters.Middleware;

/// <summary>
/// The process-local <see cref="IBudgetStore"/>: spending of a budget shared by all calls is read from an
/// <see cref="ICostLedger"/> (which cost tracking records every call in); spending of a partitioned budget (per user,
/// credential or tag, see <see cref="CostBudget.Per"/>) is booked here when its calls settle, per ledger and period.
/// Reservations are held in this process until their calls end.
/// </summary>
public sealed class InMemoryBudgetStore : IBudgetStore
{
    // Past this many partition ledgers, those of ended periods are dropped on the next settlement.
    private const int PruneThreshold = 1024;

    private readonly ICostLedger _ledger;
    private readonly TimeProvider _timeProvider;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, decimal> _reserved = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (decimal Spent, DateTimeOffset? PeriodEnd)> _partitions = new(StringComparer.Ordinal);

    /// <summary>Initializes a new instance.</summary>
    /// <param name="ledger">Where the spending of unpartitioned budgets is read from.</param>
    /// <param name="timeProvider">The clock that tells when a partition's period has ended; <see cref="TimeProvider.System"/>
    /// when <see langword="null"/>.</param>
    public InMemoryBudgetStore(ICostLedger ledger, TimeProvider? timeProvider = null)
    {
        _ledger = ledger ?? throw new ArgumentNullException(nameof(ledger));
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public ValueTask<BudgetReservation> ReserveAsync(IReadOnlyList<BudgetScope> budgets, decimal estimate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(budgets);
        lock (_lock)
        {
            foreach (var scope in budgets)
            {
                var committed = Spent(scope) + _reserved.GetValueOrDefault(scope.LedgerKey);
                if (committed >= scope.Budget.Limit || committed + estimate > scope.Budget.Limit)
                {
                    throw new BudgetExceededException(scope.Budget, committed, estimate);
                }
            }

            foreach (var scope in budgets)
            {
                _reserved[scope.LedgerKey] = _reserved.GetValueOrDefault(scope.LedgerKey) + estimate;
            }
        }

        return new(new BudgetReservation(Guid.NewGuid().ToString("N"), budgets, estimate));
    }

    /// <inheritdoc />
    /// <remarks>Releases the reservation and books the actual cost to partitioned budgets; the cost of unpartitioned ones
    /// reaches the ledger through cost tracking's record.</remarks>
    public ValueTask SettleAsync(BudgetReservation reservation, decimal actualCost, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        lock (_lock)
        {
            if (_partitions.Count > PruneThreshold)
            {
                var now = _timeProvider.GetUtcNow();
                foreach (var ended in _partitions.Where(p => p.Value.PeriodEnd <= now).Select(p => p.Key).ToList())
                {
                    _partitions.Remove(ended);
                }
            }

            foreach (var scope in reservation.Budgets)
            {
                var left = _reserved.GetValueOrDefault(scope.LedgerKey) - reservation.Estimate;
                if (left <= 0)
                {
                    _reserved.Remove(scope.LedgerKey);
                }
                else
                {
                    _reserved[scope.LedgerKey] = left;
                }

                if (scope.Budget.Per != BudgetPartition.All && actualCost != 0)
                {
                    _partitions[scope.LedgerKey] = (Spent(scope) + actualCost, scope.PeriodEnd);
                }
            }
        }

        return ValueTask.CompletedTask;
    }

    private decimal Spent(BudgetScope scope) =>
        scope.Budget.Per == BudgetPartition.All
            ? _ledger.GetSpent(scope.Budget.Tag, scope.PeriodStart)
            : _partitions.GetValueOrDefault(scope.LedgerKey).Spent;
}
