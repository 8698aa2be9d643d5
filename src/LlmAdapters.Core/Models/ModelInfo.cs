using System.Collections.Generic;

namespace LlmAdapters;

/// <summary>
/// What the <see cref="ModelCatalog"/> knows about one model of one provider: limits, capabilities and prices.
/// </summary>
public sealed record ModelInfo
{
    /// <summary>Gets the catalog provider name, for example <c>openai</c>, <c>anthropic</c> or <c>gemini</c>.</summary>
    public required string Provider { get; init; }

    /// <summary>Gets the model id as the provider spells it (the family id, without a date suffix).</summary>
    public required string Id { get; init; }

    /// <summary>Gets a human-readable name.</summary>
    public string? DisplayName { get; init; }

    /// <summary>Gets other ids that name the same model (dated snapshots, <c>-latest</c> aliases).</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>Gets the context window in tokens (input plus output), when known.</summary>
    public int? ContextWindow { get; init; }

    /// <summary>Gets the largest number of output tokens one response may have, when known.</summary>
    public int? MaxOutputTokens { get; init; }

    /// <summary>Gets what the model can do.</summary>
    public ModelCapabilities Capabilities { get; init; } = new();

    /// <summary>Gets the prices, or <see langword="null"/> when the catalog has none for this model.</summary>
    public ModelPricing? Pricing { get; init; }

    /// <summary>Gets a note on the entry, for example where sources disagree.</summary>
    public string? Notes { get; init; }

    /// <summary>Gets the <c>provider:model</c> spec of this entry.</summary>
    public ModelSpec Spec => new(Provider, Id);

    /// <inheritdoc />
    public override string ToString() => $"{Provider}:{Id}";
}
