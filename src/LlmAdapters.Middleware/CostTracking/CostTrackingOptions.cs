using System.Collections.Generic;

namespace LlmAdapters.Middleware;

/// <summary>Settings of <see cref="CostTrackingChatClient"/> and <see cref="CostTrackingEmbeddingGenerator{TInput, TEmbedding}"/>.</summary>
public sealed class CostTrackingOptions
{
    /// <summary>Gets or sets the catalog that supplies prices.</summary>
    /// <value>The default is <see cref="ModelCatalog.Default"/>.</value>
    public ModelCatalog Catalog { get; set; } = ModelCatalog.Default;

    /// <summary>Gets the budgets checked before every call.</summary>
    /// <value>The default is empty (no limit).</value>
    public IList<CostBudget> Budgets { get; } = [];

    /// <summary>Gets or sets a value indicating whether budget checks ask the inner client's <see cref="ITokenCounter"/>
    /// for the input size (one extra provider call) instead of estimating it from characters.</summary>
    /// <value>The default is <see langword="true"/>; the counter is only used when budgets are configured.</value>
    public bool UseTokenCounter { get; set; } = true;

    /// <summary>Gets or sets the output allowance assumed by budget checks when neither the request's
    /// <c>MaxOutputTokens</c> nor the catalog's model limit is known.</summary>
    /// <value>The default is 4096.</value>
    public int DefaultMaxOutputTokens { get; set; } = 4096;

    /// <summary>Gets or sets the provider name used when the inner client reports no <c>ChatClientMetadata</c>.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? ProviderName { get; set; }
}
