using System;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Middleware;

/// <summary>Reads the cost that cost tracking attached to a response.</summary>
public static class CostExtensions
{
    /// <summary>Gets the cost breakdown of a response.</summary>
    /// <param name="response">The response.</param>
    /// <returns>The breakdown, or <see langword="null"/> when the cost is unknown or was not tracked.</returns>
    public static CostBreakdown? GetCost(this ChatResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return Read(response.AdditionalProperties);
    }

    /// <summary>Gets the cost breakdown carried by a streamed update (the one that carried the usage).</summary>
    /// <param name="update">The update.</param>
    /// <returns>The breakdown, or <see langword="null"/>.</returns>
    public static CostBreakdown? GetCost(this ChatResponseUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        return Read(update.AdditionalProperties);
    }

    /// <summary>Gets the cost breakdown of generated embeddings.</summary>
    /// <typeparam name="TEmbedding">The embedding type.</typeparam>
    /// <param name="embeddings">The embeddings.</param>
    /// <returns>The breakdown, or <see langword="null"/>.</returns>
    public static CostBreakdown? GetCost<TEmbedding>(this GeneratedEmbeddings<TEmbedding> embeddings)
        where TEmbedding : Embedding
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        return Read(embeddings.AdditionalProperties);
    }

    /// <summary>Gets the total cost of a response in USD.</summary>
    /// <param name="response">The response.</param>
    /// <returns>The total, or <see langword="null"/> when unknown.</returns>
    public static decimal? GetCostUsd(this ChatResponse response) => response.GetCost()?.Total;

    private static CostBreakdown? Read(AdditionalPropertiesDictionary? properties) =>
        properties is not null && properties.TryGetValue(AdditionalPropertyKeys.Cost, out var value) ? value as CostBreakdown : null;
}
