using System.Text.Json;
using Microsoft.Extensions.Caching.Distributed;

namespace Microsoft.Extensions.AI;

/// <summary>A <see cref="CachingChatClient"/> that stores responses as JSON in an <see cref="IDistributedCache"/>.</summary>
/// <remarks>
/// The key is a hash of a cache-format version, the messages, the options, whether the request streams, and
/// <see cref="CacheKeyAdditionalValues"/>. Keys are not meant to stay stable across releases.
/// Entries are written without expiry options; configure expiry on the cache itself.
/// </remarks>
public class DistributedCachingChatClient : CachingChatClient
{
    private readonly IDistributedCache _storage;
    private JsonSerializerOptions _jsonSerializerOptions = AIJsonUtilities.DefaultOptions;
    private object[]? _cacheKeyAdditionalValues;

    /// <summary>Initializes a new instance of the <see cref="DistributedCachingChatClient"/> class.</summary>
    /// <param name="innerClient">The client that answers cache misses.</param>
    /// <param name="storage">The cache holding responses.</param>
    public DistributedCachingChatClient(IChatClient innerClient, IDistributedCache storage)
        : base(innerClient)
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

    /// <summary>Gets or sets extra values mixed into every cache key, for example a tenant or a prompt version.</summary>
    /// <value>The default is <see langword="null"/>. The setter keeps a copy.</value>
    public IReadOnlyList<object>? CacheKeyAdditionalValues
    {
        get => _cacheKeyAdditionalValues;
        set => _cacheKeyAdditionalValues = value?.ToArray();
    }

    /// <inheritdoc/>
    protected override string GetCacheKey(IEnumerable<ChatMessage> messages, ChatOptions? options, params ReadOnlySpan<object?> additionalValues) =>
        DistributedCacheKey.Compute([messages, options], additionalValues, _cacheKeyAdditionalValues, _jsonSerializerOptions);

    /// <inheritdoc/>
    protected override async Task<ChatResponse?> ReadCacheAsync(string key, CancellationToken cancellationToken)
    {
        _ = Throw.IfNull(key);
        _jsonSerializerOptions.MakeReadOnly();
        return await _storage.GetAsync(key, cancellationToken) is { } bytes
            ? (ChatResponse?)JsonSerializer.Deserialize(bytes, _jsonSerializerOptions.GetTypeInfo(typeof(ChatResponse)))
            : null;
    }

    /// <inheritdoc/>
    protected override async Task<IReadOnlyList<ChatResponseUpdate>?> ReadCacheStreamingAsync(string key, CancellationToken cancellationToken)
    {
        _ = Throw.IfNull(key);
        _jsonSerializerOptions.MakeReadOnly();
        return await _storage.GetAsync(key, cancellationToken) is { } bytes
            ? (IReadOnlyList<ChatResponseUpdate>?)JsonSerializer.Deserialize(bytes, _jsonSerializerOptions.GetTypeInfo(typeof(IReadOnlyList<ChatResponseUpdate>)))
            : null;
    }

    /// <inheritdoc/>
    protected override async Task WriteCacheAsync(string key, ChatResponse value, CancellationToken cancellationToken)
    {
        _ = Throw.IfNull(key);
        _ = Throw.IfNull(value);
        _jsonSerializerOptions.MakeReadOnly();
        var bytes = JsonSerializer.SerializeToUtf8Bytes(value, _jsonSerializerOptions.GetTypeInfo(typeof(ChatResponse)));
        await _storage.SetAsync(key, bytes, cancellationToken);
    }

    /// <inheritdoc/>
    protected override async Task WriteCacheStreamingAsync(string key, IReadOnlyList<ChatResponseUpdate> value, CancellationToken cancellationToken)
    {
        _ = Throw.IfNull(key);
        _ = Throw.IfNull(value);
        _jsonSerializerOptions.MakeReadOnly();
        var bytes = JsonSerializer.SerializeToUtf8Bytes(value, _jsonSerializerOptions.GetTypeInfo(typeof(IReadOnlyList<ChatResponseUpdate>)));
        await _storage.SetAsync(key, bytes, cancellationToken);
    }
}
