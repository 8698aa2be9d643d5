namespace LlmAdapters;

/// <summary>The capabilities of a model as recorded in the <see cref="ModelCatalog"/>.</summary>
/// <remarks>A <see langword="false"/> value means the catalog does not know the model to support the feature.</remarks>
public sealed record ModelCapabilities
{
    /// <summary>Gets a value indicating whether the model accepts tool (function) definitions.</summary>
    public bool Tools { get; init; }

    /// <summary>Gets a value indicating whether the model may return several tool calls in one turn.</summary>
    public bool ParallelTools { get; init; }

    /// <summary>Gets a value indicating whether the model accepts images.</summary>
    public bool Vision { get; init; }

    /// <summary>Gets a value indicating whether the model accepts audio input.</summary>
    public bool Audio { get; init; }

    /// <summary>Gets a value indicating whether the model accepts PDF documents.</summary>
    public bool Pdf { get; init; }

    /// <summary>Gets a value indicating whether the model supports JSON-schema constrained output.</summary>
    public bool JsonSchema { get; init; }

    /// <summary>Gets a value indicating whether the model reasons (thinking, reasoning effort).</summary>
    public bool Reasoning { get; init; }

    /// <summary>Gets a value indicating whether the provider caches prompt prefixes for this model.</summary>
    public bool PromptCaching { get; init; }

    /// <summary>Gets the smallest prompt prefix, in tokens, the provider caches; shorter prefixes are processed uncached.</summary>
    public int? MinCacheableTokens { get; init; }

    /// <summary>Gets a value indicating whether this is an embedding model.</summary>
    public bool Embeddings { get; init; }

    /// <summary>Gets the embedding vector length (the default one, when the model supports several).</summary>
    public int? EmbeddingDimensions { get; init; }
}
