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

        var budgets = ScopesFor(options, tag);
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

    /// <summary>The ledgers the call is limited by: every budget whose tag filter matches, partitioned by the call's user,
    /// credential or tag. Budgets that land in one ledger (same key and period) are reserved once, against the lowest
    /// limit, so a call never counts twice in the same spending.</summary>
    private List<BudgetScope> ScopesFor(ChatOptions? options, string? tag)
    {
        var now = _timeProvider.GetUtcNow();
        BudgetSubject? subject = null;
        var scopes = new List<BudgetScope>(Options.Budgets.Count);
        foreach (var budget in Options.Budgets)
        {
            if (budget.Tag is not null && !string.Equals(budget.Tag, tag, StringComparison.Ordinal))
            {
                continue;
            }

            subject ??= new BudgetSubject(
                tag,
                PipelineServices.GetString(options, AdditionalPropertyKeys.CostUser),
                Options.Budgets.Any(b => b.Per == BudgetPartition.ApiKey) ? $"{CatalogProvider()}:{PipelineServices.CredentialHash(InnerClient)}" : null);
            var scope = BudgetScope.For(budget, now, subject);
            var same = scopes.FindIndex(s => string.Equals(s.LedgerKey, scope.LedgerKey, StringComparison.Ordinal));
            if (same < 0)
            {
                scopes.Add(scope);
            }
            else if (scope.Budget.Limit < scopes[same].Budget.Limit)
            {
                scopes[same] = scope;
            }
        }

        return scopes;
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
