using System;

namespace LlmAdapters;

/// <summary>
/// Prices of a model in USD per million tokens. A <see langword="null"/> price means the catalog does not know it;
/// cost calculations then fall back as documented on each property, never to a made-up zero.
/// </summary>
public sealed record ModelPricing
{
    /// <summary>Gets the price of uncached input tokens.</summary>
    public required decimal InputPerMillion { get; init; }

    /// <summary>Gets the price of output tokens (reasoning tokens included unless <see cref="ReasoningPerMillion"/> differs).</summary>
    public required decimal OutputPerMillion { get; init; }

    /// <summary>Gets the price of input tokens read from the prompt cache; when <see langword="null"/>, cached input costs
    /// <see cref="InputPerMillion"/>.</summary>
    public decimal? CachedInputPerMillion { get; init; }

    /// <summary>Gets the price of input tokens written to a 5-minute (default) prompt cache; when <see langword="null"/>,
    /// cache writes cost <see cref="InputPerMillion"/>.</summary>
    public decimal? CacheWrite5mPerMillion { get; init; }

    /// <summary>Gets the price of input tokens written to a 1-hour prompt cache; when <see langword="null"/>, the 5-minute
    /// write price applies.</summary>
    public decimal? CacheWrite1hPerMillion { get; init; }

    /// <summary>Gets the price of reasoning tokens when it differs from <see cref="OutputPerMillion"/>.</summary>
    public decimal? ReasoningPerMillion { get; init; }

    /// <summary>Gets the prompt size in tokens above which <see cref="LongContext"/> prices apply (Gemini 2.5 Pro: 200,000).</summary>
    public int? LongContextThreshold { get; init; }

    /// <summary>Gets the prices that apply to the whole request when its input exceeds <see cref="LongContextThreshold"/>.</summary>
    public ModelPricing? LongContext { get; init; }

    /// <summary>Gets the day the prices were taken from their source.</summary>
    public DateOnly? AsOf { get; init; }

    /// <summary>Gets the prices that apply to a request with <paramref name="inputTokens"/> input tokens.</summary>
    /// <param name="inputTokens">The request's total input tokens.</param>
    /// <returns>This instance, or the long-context prices when the threshold is exceeded.</returns>
    public ModelPricing ForInputTokens(long inputTokens) =>
        LongContext is not null && LongContextThreshold is { } threshold && inputTokens > threshold ? LongContext : this;
}
