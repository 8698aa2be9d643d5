using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LlmAdapters.Middleware;

/// <summary>
/// Computes what every call cost from its usage and the <see cref="ModelCatalog"/>, attaches it to the response
/// (<see cref="CostExtensions.GetCost(ChatResponse)"/>), records it in an <see cref="ICostLedger"/>, reports it as a
/// metric and as an attribute of the current (GenAI) activity, and refuses calls whose worst case would exceed a
/// <see cref="CostBudget"/> before anything is sent.
/// </summary>
/// <remarks>An unknown model or a response without usage gives a <see langword="null"/> cost (logged once per model),
/// never a made-up zero.</remarks>
public sealed partial class CostTrackingChatClient : DelegatingChatClient
{
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly ConcurrentDictionary<string, bool> _warned = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Initializes a new instance.</summary>
    /// <param name="innerClient">The client to track.</param>
    /// <param name="ledger">Where costs are recorded; a new <see cref="InMemoryCostLedger"/> when <see langword="null"/>.</param>
    /// <param name="options">Catalog, budgets and estimation settings; defaults when <see langword="null"/>.</param>
    /// <param name="logger">Receives unknown-price warnings.</param>
    /// <param name="timeProvider">The clock budget periods are measured with.</param>
    public CostTrackingChatClient(IChatClient innerClient, ICostLedger? ledger = null, CostTrackingOptions? options = null, ILogger? logger = null, TimeProvider? timeProvider = null)
        : this(innerClient, ledger, options, logger, timeProvider, budgetStore: null)
    {
    }

    internal CostTrackingChatClient(IChatClient innerClient, ICostLedger? ledger, CostTrackingOptions? options, ILogger? logger, TimeProvider? timeProvider, IBudgetStore? budgetStore)
        : base(innerClient)
    {
        Ledger = ledger ?? new InMemoryCostLedger();
        Options = options ?? new CostTrackingOptions();
        _logger = logger ?? NullLogger.Instance;
        _timeProvider = timeProvider ?? TimeProvider.System;
        BudgetStore = Options.BudgetStore ?? budgetStore ?? new InMemoryBudgetStore(Ledger, _timeProvider);
    }

    /// <summary>Gets the store budgets are reserved in and settled to: <see cref="CostTrackingOptions.BudgetStore"/>, a
    /// registered <see cref="IBudgetStore"/>, or an <see cref="InMemoryBudgetStore"/> over <see cref="Ledger"/>.</summary>
    public IBudgetStore BudgetStore { get; }

    /// <summary>Gets the ledger costs are recorded in.</summary>
    public ICostLedger Ledger { get; }

    /// <summary>Gets the settings; change them before the first call.</summary>
    public CostTrackingOptions Options { get; }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var provider = CatalogProvider();
        var tag = PipelineServices.GetString(options, AdditionalPropertyKeys.CostTag);
        var reservation = await EnforceBudgetsAsync(messages, options, provider, tag, cancellationToken);
        ChatResponse response;
        try
        {
            response = await base.GetResponseAsync(messages, options, cancellationToken);
        }
        catch
        {
            // Nothing was billed as far as we can know: the reservation is refunded.
            await SettleAsync(reservation, 0);
            throw;
        }

        provider = Origin(response.AdditionalProperties) ?? Origin(response.Messages.LastOrDefault()?.AdditionalProperties) ?? provider;
        var model = response.ModelId ?? RequestedModel(options) ?? "unknown";
        var cost = Compute(provider, model, response.Usage, ReportedCost(response.AdditionalProperties), warnIfUnknown: true);
        if (cost is not null)
        {
            (response.AdditionalProperties ??= [])[AdditionalPropertyKeys.Cost] = cost;
        }

        Record(provider, model, tag, cost);
        await SettleAsync(reservation, cost?.Total);
        return response;
    }

    /// <inheritdoc />
    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is null)
        {
            if (serviceType == typeof(ICostLedger) || serviceType == Ledger.GetType())
            {
                return Ledger;
            }

            if (serviceType == typeof(CostTrackingOptions))
            {
                return Options;
            }
        }

        return base.GetService(serviceType, serviceKey);
    }

    /// <summary>The provider that actually answered (a fallback stamps it), as a catalog provider name.</summary>
    private static string? Origin(AdditionalPropertiesDictionary? properties) =>
        properties is not null && properties.TryGetValue(AdditionalPropertyKeys.OriginProvider, out var value) && value is string name
            ? ModelCatalog.ToCatalogProvider(name)
            : null;

    private static decimal? ReportedCost(AdditionalPropertiesDictionary? properties) =>
        properties is not null && properties.TryGetValue(AdditionalPropertyKeys.ProviderReportedCost, out var value)
            ? value switch
            {
                decimal d => d,
                double d => (decimal)d,
                _ => null,
            }
            : null;

    private string? RequestedModel(ChatOptions? options) => options?.ModelId ?? InnerClient.GetService<ChatClientMetadata>()?.DefaultModelId;

    private string CatalogProvider() =>
        ModelCatalog.ToCatalogProvider(PipelineServices.ProviderName(InnerClient) ?? Options.ProviderName) ?? "unknown";

    private CostBreakdown? Compute(string provider, string model, UsageDetails? usage, decimal? reported, bool warnIfUnknown)
    {
        var info = Options.Catalog.Find(provider, model);
        var cost = CostCalculator.Calculate(provider, model, info?.Pricing, usage, reported);
        if (cost is null && warnIfUnknown && _warned.TryAdd($"{provider}:{model}", true))
        {
            if (info?.Pricing is null)
            {
                LogUnknownPrice(_logger, provider, model);
            }
            else
            {
                LogMissingUsage(_logger, provider, model);
            }
        }

        return cost;
    }

    private void Record(string provider, string model, string? tag, CostBreakdown? cost)
    {
        Ledger.Record(new CostLedgerEntry(_timeProvider.GetUtcNow(), provider, model, tag, cost));
        if (cost is not null)
        {
            CostTelemetry.Report(cost, tag, Activity.Current);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No price for {Provider}:{Model} in the model catalog; its cost is unknown. Add it with ModelCatalog.MergeFile.")]
    private static partial void LogUnknownPrice(ILogger logger, string provider, string model);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A response of {Provider}:{Model} carried no usage; its cost is unknown.")]
    private static partial void LogMissingUsage(ILogger logger, string provider, string model);

    [LoggerMessage(Level = LogLevel.Information, Message = "Token counting at {Provider} failed ({Reason}); estimating the input size from characters.")]
    private static partial void LogTokenCounterFailed(ILogger logger, string provider, string reason);
}
