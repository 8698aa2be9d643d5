using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Middleware;

/// <summary>Budgets of <see cref="CostTrackingChatClient"/>: reserve the worst case before a call, settle to the real cost after.</summary>
public sealed partial class CostTrackingChatClient
{
    /// <summary>Refuses the call when its worst case would pass a budget, counting what calls in flight have reserved
    /// (in this process, or in every process sharing the <see cref="BudgetStore"/>); otherwise reserves the worst case
    /// until the call settles.</summary>
    private async Task<BudgetReservation?> EnforceBudgetsAsync(IEnumerable<ChatMessage> messages, ChatOptions? options, string provider, string? tag, CancellationToken cancellationToken)
    {
        if (Options.Budgets.Count == 0)
        {
            return null;
        }

        var now = _timeProvider.GetUtcNow();
        var budgets = Options.Budgets
            .Where(b => b.Tag is null || string.Equals(b.Tag, tag, StringComparison.Ordinal))
            .Select(b => BudgetScope.For(b, now))
            .ToList();
        if (budgets.Count == 0)
        {
            return null;
        }

        var model = RequestedModel(options);
        var info = Options.Catalog.Find(provider, model);
        decimal estimate = 0;
        if (info?.Pricing is { } pricing)
        {
            var input = await CountInputTokensAsync(messages, options, cancellationToken);
            long maxOutput = options?.MaxOutputTokens ?? info.MaxOutputTokens ?? Options.DefaultMaxOutputTokens;
            estimate = CostCalculator.EstimateWorstCase(pricing, input, maxOutput);
        }
        else if (_warned.TryAdd($"{provider}:{model}", true))
        {
            LogUnknownPrice(_logger, provider, model ?? "unknown");
        }

        return await BudgetStore.ReserveAsync(budgets, estimate, cancellationToken);
    }

    /// <summary>Settles a reservation: to the call's cost, to its estimate when the cost is unknown (so an unpriced
    /// response never frees budget it may have used), or to 0 when the call failed.</summary>
    private ValueTask SettleAsync(BudgetReservation? reservation, decimal? actualCost) =>
        reservation is null ? ValueTask.CompletedTask : BudgetStore.SettleAsync(reservation, actualCost ?? reservation.Estimate, CancellationToken.None);

    private async Task<long> CountInputTokensAsync(IEnumerable<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
    {
        var counter = !Options.UseTokenCounter ? null
            : Options.TokenCounting == TokenCounting.Local ? InnerClient.GetService<ILocalTokenCounter>()
            : InnerClient.GetService<ILocalTokenCounter>() ?? InnerClient.GetService<ITokenCounter>();
        if (counter is not null)
        {
            try
            {
                return await counter.CountTokensAsync(messages, options, cancellationToken);
            }
            catch (ProviderException ex)
            {
                LogTokenCounterFailed(_logger, ex.Provider, ex.Message);
            }
        }

        return TokenEstimator.Estimate(messages, options);
    }
}
