using System.Runtime.CompilerServices;

namespace Microsoft.Extensions.AI;

/// <summary>
/// The base of chat middleware that answers repeated requests from a cache. Subclasses decide where entries live
/// and how keys are formed; only completed responses are stored, never failed or abandoned ones.
/// </summary>
public abstract class CachingChatClient : DelegatingChatClient
{
    /// <summary>Initializes a new instance of the <see cref="CachingChatClient"/> class.</summary>
    /// <param name="innerClient">The client that answers cache misses.</param>
    protected CachingChatClient(IChatClient innerClient)
        : base(innerClient)
    {
    }

    /// <summary>Gets or sets a value indicating whether a streamed response is stored as one coalesced <see cref="ChatResponse"/>.</summary>
    /// <value>
    /// The default is <see langword="true"/>: a hit replays the stored response as updates, so the replay has fewer, larger updates
    /// than the original stream. With <see langword="false"/> the individual updates are stored and replayed unchanged.
    /// </value>
    public bool CoalesceStreamingUpdates { get; set; } = true;

    /// <inheritdoc/>
    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNull(messages);
        return EnableCaching(messages, options)
            ? GetCachedResponseAsync(messages, options, cancellationToken)
            : base.GetResponseAsync(messages, options, cancellationToken);
    }

    /// <inheritdoc/>
    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNull(messages);
        if (!EnableCaching(messages, options))
        {
            return base.GetStreamingResponseAsync(messages, options, cancellationToken);
        }

        return CoalesceStreamingUpdates
            ? GetCoalescedStreamingResponseAsync(messages, options, cancellationToken)
            : GetUncoalescedStreamingResponseAsync(messages, options, cancellationToken);
    }

    /// <summary>Decides whether a request may be served from and stored in the cache.</summary>
    /// <param name="messages">The request's messages.</param>
    /// <param name="options">The request's options.</param>
    /// <returns>
    /// <see langword="true"/> unless <see cref="ChatOptions.ConversationId"/> is set: a service-side conversation changes
    /// with every turn, so the same request text does not mean the same answer.
    /// </returns>
    protected virtual bool EnableCaching(IEnumerable<ChatMessage> messages, ChatOptions? options) => options?.ConversationId is null;

    /// <summary>Computes the cache key of a request.</summary>
    /// <param name="messages">The request's messages.</param>
    /// <param name="options">The request's options.</param>
    /// <param name="additionalValues">Further values to include; this class passes whether the request is streaming.</param>
    /// <returns>The key.</returns>
    protected abstract string GetCacheKey(IEnumerable<ChatMessage> messages, ChatOptions? options, params ReadOnlySpan<object?> additionalValues);

    /// <summary>Reads a stored response.</summary>
    /// <param name="key">The cache key.</param>
    /// <param name="cancellationToken">The token of the request.</param>
    /// <returns>The stored response, or <see langword="null"/> on a miss.</returns>
    protected abstract Task<ChatResponse?> ReadCacheAsync(string key, CancellationToken cancellationToken);

    /// <summary>Reads stored streaming updates (used when <see cref="CoalesceStreamingUpdates"/> is off).</summary>
    /// <param name="key">The cache key.</param>
    /// <param name="cancellationToken">The token of the request.</param>
    /// <returns>The stored updates, or <see langword="null"/> on a miss.</returns>
    protected abstract Task<IReadOnlyList<ChatResponseUpdate>?> ReadCacheStreamingAsync(string key, CancellationToken cancellationToken);

    /// <summary>Stores a response.</summary>
    /// <param name="key">The cache key.</param>
    /// <param name="value">The completed response.</param>
    /// <param name="cancellationToken">The token of the request.</param>
    /// <returns>A task that completes when the entry is written.</returns>
    protected abstract Task WriteCacheAsync(string key, ChatResponse value, CancellationToken cancellationToken);

    /// <summary>Stores streaming updates (used when <see cref="CoalesceStreamingUpdates"/> is off).</summary>
    /// <param name="key">The cache key.</param>
    /// <param name="value">All updates of the completed stream.</param>
    /// <param name="cancellationToken">The token of the request.</param>
    /// <returns>A task that completes when the entry is written.</returns>
    protected abstract Task WriteCacheStreamingAsync(string key, IReadOnlyList<ChatResponseUpdate> value, CancellationToken cancellationToken);

    private async Task<ChatResponse> GetCachedResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
    {
        // Concurrent misses for one key each reach the inner client: only finished responses are cached.
        var key = GetCacheKey(messages, options, false);
        if (await ReadCacheAsync(key, cancellationToken) is { } cached)
        {
            return cached;
        }

        var response = await base.GetResponseAsync(messages, options, cancellationToken);
        await WriteCacheAsync(key, response, cancellationToken);
        return response;
    }

    private async IAsyncEnumerable<ChatResponseUpdate> GetCoalescedStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var key = GetCacheKey(messages, options, true);
        if (await ReadCacheAsync(key, cancellationToken) is { } cached)
        {
            foreach (var update in cached.ToChatResponseUpdates())
            {
                yield return update;
            }

            yield break;
        }

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken))
        {
            updates.Add(update);
            yield return update;
        }

        // Reached only when the stream completed: a failure or an abandoned enumeration writes nothing.
        await WriteCacheAsync(key, updates.ToChatResponse(), cancellationToken);
    }

    private async IAsyncEnumerable<ChatResponseUpdate> GetUncoalescedStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var key = GetCacheKey(messages, options, true);
        if (await ReadCacheStreamingAsync(key, cancellationToken) is { } cached)
        {
            foreach (var update in cached)
            {
                yield return update;
            }

            yield break;
        }

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken))
        {
            updates.Add(update);
            yield return update;
        }

        await WriteCacheStreamingAsync(key, updates, cancellationToken);
    }
}
