namespace LlmAdapters;

/// <summary>
/// A named embedding generator, bound from <c>LlmAdapters:EmbeddingClients:{name}</c> and registered by
/// <c>AddLlmClients(configuration)</c> as a keyed <c>IEmbeddingGenerator&lt;string, Embedding&lt;float&gt;&gt;</c>.
/// </summary>
public sealed class LlmEmbeddingClientSettings : LlmClientSettings
{
    /// <summary>Gets or sets the number of dimensions requested when a call's <c>EmbeddingGenerationOptions.Dimensions</c> is not
    /// set (for models that can shorten their vectors). <value>The default is <see langword="null"/>: the model's.</value></summary>
    public int? Dimensions { get; set; }
}
