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

    /// <summary>Gets or sets how budget checks count the input: <see cref="TokenCounting.Exact"/> asks the inner client's
    /// <see cref="ITokenCounter"/> (for Anthropic and Gemini a count request per call; OpenAI-family clients count
    /// locally), <see cref="TokenCounting.Local"/> uses only a local counter and otherwise the character estimate.</summary>
    /// <value>The default is <see cref="TokenCounting.Exact"/>: a budget then holds to the provider's own count. Choose
    /// <see cref="TokenCounting.Local"/> when the extra request's latency and its own rate limit cost more than the
    /// precision; the worst case is dominated by the output allowance either way.</value>
    public TokenCounting TokenCounting { get; set; } = TokenCounting.Exact;

    /// <summary>Gets or sets the store budgets are reserved in; when <see langword="null"/>, a registered
    /// <see cref="IBudgetStore"/> (for example the Redis one, shared by every process), else an
    /// <see cref="InMemoryBudgetStore"/> over the ledger.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public IBudgetStore? BudgetStore { get; set; }
}

/// <summary>How budget checks count a call's input tokens.</summary>
public enum TokenCounting
{
    /// <summary>The best counter the client offers: a local tokenizer, else the provider's count endpoint.</summary>
    Exact,

    /// <summary>A local tokenizer when the client has one, else an estimate from characters; never a request.</summary>
    Local,
}
