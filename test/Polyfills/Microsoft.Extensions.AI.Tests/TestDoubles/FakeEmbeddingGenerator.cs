using Microsoft.Extensions.AI;

namespace LlmAdapters.Polyfills.Tests;

/// <summary>An embedding generator that embeds a string as [length, first char]; records every batch it receives.</summary>
internal sealed class FakeEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly List<string[]> _batches = [];

    public IReadOnlyList<string[]> Batches
    {
        get
        {
            lock (_batches)
            {
                return [.. _batches];
            }
        }
    }

    public EmbeddingGeneratorMetadata? Metadata { get; set; }

    public Exception? Failure { get; set; }

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var batch = values.ToArray();
        lock (_batches)
        {
            _batches.Add(batch);
        }

        if (Failure is not null)
        {
            throw Failure;
        }

        var embeddings = batch.Select(v => new Embedding<float>(new float[] { v.Length, v.Length > 0 ? v[0] : 0 }) { ModelId = "fake-embed" });
        return Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(embeddings) { Usage = new UsageDetails { InputTokenCount = batch.Length * 3 } });
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null :
        serviceType == typeof(EmbeddingGeneratorMetadata) ? Metadata :
        serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }
}
