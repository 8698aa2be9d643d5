using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Caching.Distributed;

namespace Microsoft.Extensions.AI;

/// <summary>A <see cref="CachingEmbeddingGenerator{TInput, TEmbedding}"/> that stores embeddings as JSON in an <see cref="IDistributedCache"/>.</summary>
/// <typeparam name="TInput">The type of the values embedded.</typeparam>
/// <typeparam name="TEmbedding">The type of the embeddings produced.</typeparam>
public class DistributedCachingEmbeddingGenerator<TInput, TEmbedding> : CachingEmbeddingGenerator<TInput, TEmbedding>
    where TEmbedding : Embedding
{
    private readonly IDistributedCache _storage;
    private JsonSerializerOptions _jsonSerializerOptions = AIJsonUtilities.DefaultOptions;
    private object[]? _cacheKeyAdditionalValues;

    /// <summary>Initializes a new instance of the <see cref="DistributedCachingEmbeddingGenerator{TInput, TEmbedding}"/> class.</summary>
    /// <param name="innerGenerator">The generator that answers cache misses.</param>
    /// <param name="storage">The cache holding embeddings.</param>
    public DistributedCachingEmbeddingGenerator(IEmbeddingGenerator<TInput, TEmbedding> innerGenerator, IDistributedCache storage)
        : base(innerGenerator)
    {
        _storage = Throw.IfNull(storage);
    }

    /// <summary>Gets or sets the options used to serialize cache keys and entries.</summary>
    /// <value>The default is <see cref="AIJsonUtilities.DefaultOptions"/>. The instance is made read-only on first use.</value>
    public JsonSerializerOptions JsonSerializerOptions
    {
        get => _jsonSerializerOptions;
        set => _jsonSerializerOptions = Throw.IfNull(value);
    }

    /// <summary>Gets or sets extra values mixed into every cache key.</summary>
    /// <value>The default is <see langword="null"/>. The setter keeps a copy.</value>
    public IReadOnlyList<object>? CacheKeyAdditionalValues
    {
        get => _cacheKeyAdditionalValues;
        set => _cacheKeyAdditionalValues = value?.ToArray();
    }

    /// <inheritdoc/>
    protected override string GetCacheKey(params ReadOnlySpan<object?> values) =>
        DistributedCacheKey.Compute([], values, _cacheKeyAdditionalValues, _jsonSerializerOptions);

    /// <inheritdoc/>
    protected override async Task<TEmbedding?> ReadCacheAsync(string key, CancellationToken cancellationToken)
    {
        _ = Throw.IfNull(key);
        _jsonSerializerOptions.MakeReadOnly();
        return await _storage.GetAsync(key, cancellationToken) is { } bytes
            ? JsonSerializer.Deserialize(bytes, (JsonTypeInfo<TEmbedding>)_jsonSerializerOptions.GetTypeInfo(typeof(TEmbedding)))
            : null;
    }

    /// <inheritdoc/>
    protected override async Task WriteCacheAsync(string key, TEmbedding value, CancellationToken cancellationToken)
    {
        _ = Throw.IfNull(key);
        _ = Throw.IfNull(value);
        _jsonSerializerOptions.MakeReadOnly();
        var bytes = JsonSerializer.SerializeToUtf8Bytes(value, (JsonTypeInfo<TEmbedding>)_jsonSerializerOptions.GetTypeInfo(typeof(TEmbedding)));
        await _storage.SetAsync(key, bytes, cancellationToken);
    }
}
