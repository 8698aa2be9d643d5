using System;
using System.Globalization;

namespace LlmAdapters.Middleware;

/// <summary>
/// Thrown by cost tracking, before the provider is called, when a call's worst-case cost would take spending past a
/// <see cref="CostBudget"/>. No request was sent.
/// </summary>
public sealed class BudgetExceededException : InvalidOperationException
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="budget">The budget that would be exceeded.</param>
    /// <param name="spent">What was already spent in the budget's period, plus the reserved worst cases of calls in flight.</param>
    /// <param name="estimatedCost">The call's worst-case cost.</param>
    public BudgetExceededException(CostBudget budget, decimal spent, decimal estimatedCost)
        : base(string.Create(
            CultureInfo.InvariantCulture,
            $"The {budget?.Period.ToString().ToLowerInvariant()} budget of ${budget?.Limit}{Partition(budget)}{(budget?.Tag is null ? string.Empty : $" for tag '{budget.Tag}'")} would be exceeded: ${spent:0.######} spent, this call may cost up to ${estimatedCost:0.######}. Lower MaxOutputTokens, shorten the prompt or raise the budget."))
    {
        Budget = budget ?? throw new ArgumentNullException(nameof(budget));
        Spent = spent;
        EstimatedCost = estimatedCost;
    }

    /// <summary>Initializes a new instance with a message.</summary>
    public BudgetExceededException()
        : this(new CostBudget(0), 0, 0)
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">The message.</param>
    public BudgetExceededException(string message)
        : base(message)
    {
        Budget = new CostBudget(0);
    }

    /// <summary>Initializes a new instance with a message and inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public BudgetExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
        Budget = new CostBudget(0);
    }

    /// <summary>Gets the budget that would be exceeded.</summary>
    public CostBudget Budget { get; }

    /// <summary>Gets what was already spent in the budget's period plus the reserved worst cases of calls still in flight, in USD.</summary>
    public decimal Spent { get; }

    /// <summary>Gets the call's worst-case cost, in USD.</summary>
    public decimal EstimatedCost { get; }

    private static string Partition(CostBudget? budget) => budget?.Per switch
    {
        BudgetPartition.User => " per user",
        BudgetPartition.ApiKey => " per API key",
        BudgetPartition.Tag => " per cost tag",
        _ => string.Empty,
    };
}
