using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Middleware;

/// <summary>The streaming path of <see cref="CostTrackingChatClient"/>.</summary>
public sealed partial class CostTrackingChatClient
{
    /// <inheritdoc />
    /// <remarks>Budgets are enforced when the stream is opened; the updates then pass through untouched except the one
    /// carrying the usage, which gets the cost. The cost is recorded once, when the stream ends or is disposed.</remarks>
    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        new DeferredStream<(CostTrackingChatClient Self, IEnumerable<ChatMessage> Messages, ChatOptions? Options)>(
            (this, messages, options), static (state, token) => state.Self.OpenStreamAsync(state.Messages, state.Options, token), cancellationToken);

    private async ValueTask<OpenedStream> OpenStreamAsync(IEnumerable<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var provider = CatalogProvider();
        var tag = PipelineServices.GetString(options, AdditionalPropertyKeys.CostTag);
        var reservation = await EnforceBudgetsAsync(messages, options, provider, tag, cancellationToken);
        var observer = new StreamCost(this, options, provider, tag, reservation);
        return await ObservedStream.OpenAsync(base.GetStreamingResponseAsync(messages, options, cancellationToken), observer, cancellationToken);
    }

    /// <summary>One stream's cost: the model and provider that answered, the usage, the reported cost.</summary>
    private sealed class StreamCost(CostTrackingChatClient owner, ChatOptions? options, string provider, string? tag, BudgetReservation? reservation)
        : StreamObserver
    {
        private string _provider = provider;
        private UsageDetails? _usage;
        private string? _model;
        private decimal? _reported;
        private CostBreakdown? _cost;

        public override void OnUpdate(ChatResponseUpdate update)
        {
            _model ??= update.ModelId;
            if (update.AdditionalProperties is { Count: > 0 } properties)
            {
                _reported ??= ReportedCost(properties);
                if (Origin(properties) is { } origin)
                {
                    _provider = origin;
                }
            }

            if (AddUsage(update, ref _usage))
            {
                // Usage arrives once, on a final update: attach the cost there so ToChatResponse carries it.
                _cost = owner.Compute(_provider, _model ?? owner.RequestedModel(options) ?? "unknown", _usage, _reported, warnIfUnknown: false);
                if (_cost is not null)
                {
                    (update.AdditionalProperties ??= [])[AdditionalPropertyKeys.Cost] = _cost;
                }
            }
        }

        public override void OnEnd(bool completed)
        {
            try
            {
                var model = _model ?? owner.RequestedModel(options) ?? "unknown";
                if (completed && _cost is null)
                {
                    _cost = owner.Compute(_provider, model, _usage, _reported, warnIfUnknown: true);
                }

                owner.Record(_provider, model, tag, _cost);
            }
            finally
            {
                // Settled when the stream ends: to its cost, to the estimate when a finished stream's cost is unknown, or
                // refunded when it failed or was cancelled. The stores complete this without the caller waiting on it.
                _ = owner.SettleAsync(reservation, completed ? _cost?.Total : 0).AsTask();
            }
        }
    }
}
