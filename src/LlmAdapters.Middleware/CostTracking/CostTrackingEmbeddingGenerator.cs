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
/// The embedding counterpart of <see cref="CostTrackingChatClient"/>: prices <see cref="GeneratedEmbeddings{TEmbedding}.Usage"/>
/// input tokens, attaches the cost (<see cref="CostExtensions.GetCost{TEmbedding}(GeneratedEmbeddings{TEmbedding})"/>)
/// and records it in the ledger.
/// </summary>
/// <typeparam name="TInput">The input type.</typeparam>
/// <typeparam name="TEmbedding">The embedding type.</typeparam>
public sealed partial class CostTrackingEmbeddingGenerator<TInput, TEmbedding> : DelegatingEmbeddingGenerator<TInput, TEmbedding>
    where TEmbedding : Embedding
{
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly ConcurrentDictionary<string, bool> _warned = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Initializes a new instance.</summary>
    /// <param name="innerGenerator">The generator to track.</param>
    /// <param name="ledger">Where costs are recorded; a new <see cref="InMemoryCostLedger"/> when <see langword="null"/>.</param>
    /// <param name="options">Catalog settings; defaults when <see langword="null"/>. Budgets are not checked for embeddings.</param>
    /// <param name="logger">Receives unknown-price warnings.</param>
    /// <param name="timeProvider">The clock ledger entries are stamped with.</param>
    public CostTrackingEmbeddingGenerator(IEmbeddingGenerator<TInput, TEmbedding> innerGenerator, ICostLedger? ledger = null, CostTrackingOptions? options = null, ILogger? logger = null, TimeProvider? timeProvider = null)
        : base(innerGenerator)
    {
        Ledger = ledger ?? new InMemoryCostLedger();
        Options = options ?? new CostTrackingOptions();
        _logger = logger ?? NullLogger.Instance;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Gets the ledger costs are recorded in.</summary>
    public ICostLedger Ledger { get; }

    /// <summary>Gets the settings.</summary>
    public CostTrackingOptions Options { get; }

    /// <inheritdoc />
    public override async Task<GeneratedEmbeddings<TEmbedding>> GenerateAsync(IEnumerable<TInput> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var embeddings = await base.GenerateAsync(values, options, cancellationToken);
        var metadata = InnerGenerator.GetService<EmbeddingGeneratorMetadata>();
        var provider = ModelCatalog.ToCatalogProvider(metadata?.ProviderName ?? Options.ProviderName) ?? "unknown";
        var model = embeddings.FirstOrDefault()?.ModelId ?? options?.ModelId ?? metadata?.DefaultModelId ?? "unknown";
        var pricing = Options.Catalog.Find(provider, model)?.Pricing;
        var cost = CostCalculator.Calculate(provider, model, pricing, embeddings.Usage);
        if (cost is null)
        {
            if (_warned.TryAdd($"{provider}:{model}", true))
            {
                LogUnknownCost(_logger, provider, model);
            }
        }
        else
        {
            (embeddings.AdditionalProperties ??= [])[AdditionalPropertyKeys.Cost] = cost;
            CostTelemetry.Report(cost, tag: null, Activity.Current);
        }

        Ledger.Record(new CostLedgerEntry(_timeProvider.GetUtcNow(), provider, model, null, cost));
        return embeddings;
    }

    /// <inheritdoc />
    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is null && (serviceType == typeof(ICostLedger) || serviceType == Ledger.GetType()) ? Ledger : base.GetService(serviceType, serviceKey);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The cost of embeddings from {Provider}:{Model} is unknown (no catalog price or no usage).")]
    private static partial void LogUnknownCost(ILogger logger, string provider, string model);
}
