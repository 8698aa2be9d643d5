namespace Microsoft.Extensions.AI;

/// <summary>
/// The base of embedding middleware that answers repeated inputs from a cache, one entry per input value.
/// </summary>
/// <typeparam name="TInput">The type of the values embedded.</typeparam>
/// <typeparam name="TEmbedding">The type of the embeddings produced.</typeparam>
public abstract class CachingEmbeddingGenerator<TInput, TEmbedding> : DelegatingEmbeddingGenerator<TInput, TEmbedding>
    where TEmbedding : Embedding
{
    /// <summary>Initializes a new instance of the <see cref="CachingEmbeddingGenerator{TInput, TEmbedding}"/> class.</summary>
    /// <param name="innerGenerator">The generator that answers cache misses.</param>
    protected CachingEmbeddingGenerator(IEmbeddingGenerator<TInput, TEmbedding> innerGenerator)
        : base(innerGenerator)
    {
    }

    /// <inheritdoc/>
    public override async Task<GeneratedEmbeddings<TEmbedding>> GenerateAsync(IEnumerable<TInput> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNull(values);

        if (values is IList<TInput> list)
        {
            switch (list.Count)
            {
                case 0:
                    return [];

                case 1:
                    var key = GetCacheKey(list[0], options);
                    if (await ReadCacheAsync(key, cancellationToken) is { } cached)
                    {
                        return [cached];
                    }

                    var generated = await base.GenerateAsync(list, options, cancellationToken);
                    if (generated.Count != 1 || generated[0] is null)
                    {
                        throw new InvalidOperationException($"Expected exactly one embedding to be generated, but received {generated.Count}.");
                    }

                    await WriteCacheAsync(key, generated[0], cancellationToken);
                    return generated;
            }
        }

        // Look every input up on its own, then send all misses to the inner generator in one batch.
        var results = new List<TEmbedding?>();
        var misses = new List<(int Index, string Key, TInput Value)>();
        foreach (var value in values)
        {
            var key = GetCacheKey(value, options);
            var cached = await ReadCacheAsync(key, cancellationToken);
            if (cached is null)
            {
                misses.Add((results.Count, key, value));
            }

            results.Add(cached);
        }

        UsageDetails? usage = null;
        if (misses.Count > 0)
        {
            var generated = await base.GenerateAsync(misses.Select(m => m.Value).ToList(), options, cancellationToken);
            if (generated.Count != misses.Count)
            {
                throw new InvalidOperationException($"Expected {misses.Count} embeddings to be generated, but received {generated.Count}.");
            }

            usage = generated.Usage;
            for (var i = 0; i < misses.Count; i++)
            {
                results[misses[i].Index] = generated[i];
                await WriteCacheAsync(misses[i].Key, generated[i], cancellationToken);
            }
        }

        return new GeneratedEmbeddings<TEmbedding>(results!) { Usage = usage };
    }

    /// <summary>Computes the cache key for the given values (one input and the options).</summary>
    /// <param name="values">The values forming the key.</param>
    /// <returns>The key.</returns>
    protected abstract string GetCacheKey(params ReadOnlySpan<object?> values);

    /// <summary>Reads a stored embedding.</summary>
    /// <param name="key">The cache key.</param>
    /// <param name="cancellationToken">The token of the request.</param>
    /// <returns>The stored embedding, or <see langword="null"/> on a miss.</returns>
    protected abstract Task<TEmbedding?> ReadCacheAsync(string key, CancellationToken cancellationToken);

    /// <summary>Stores an embedding.</summary>
    /// <param name="key">The cache key.</param>
    /// <param name="value">The embedding.</param>
    /// <param name="cancellationToken">The token of the request.</param>
    /// <returns>A task that completes when the entry is written.</returns>
    protected abstract Task WriteCacheAsync(string key, TEmbedding value, CancellationToken cancellationToken);
}
