using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Caching.Distributed;

namespace LlmAdapters.Middleware;

/// <summary>Remembers which provider context cache holds which prompt prefix (by prefix hash), in memory or in an
/// <see cref="IDistributedCache"/> shared between processes.</summary>
internal sealed class ContextCacheRegistry(IDistributedCache? store)
{
    private const string KeyPrefix = "llmadapters:context-cache:";
    private readonly ConcurrentDictionary<string, ContextCacheEntry> _memory = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);

    public SemaphoreSlim LockFor(string hash) => _locks.GetOrAdd(hash, static _ => new SemaphoreSlim(1, 1));

    public async Task<ContextCacheEntry?> GetAsync(string hash, CancellationToken cancellationToken)
    {
        if (store is null)
        {
            return _memory.TryGetValue(hash, out var entry) ? entry : null;
        }

        var text = await store.GetStringAsync(KeyPrefix + hash, cancellationToken);
        return text is null ? null : Deserialize(text);
    }

    public async Task SetAsync(string hash, ContextCacheEntry entry, CancellationToken cancellationToken)
    {
        if (store is null)
        {
            _memory[hash] = entry;
            return;
        }

        await store.SetStringAsync(KeyPrefix + hash, Serialize(entry), new DistributedCacheEntryOptions { AbsoluteExpiration = entry.ExpireTime }, cancellationToken);
    }

    public async Task RemoveAsync(string hash, CancellationToken cancellationToken)
    {
        if (store is null)
        {
            _memory.TryRemove(hash, out _);
            return;
        }

        await store.RemoveAsync(KeyPrefix + hash, cancellationToken);
    }

    // A tab-separated line keeps the stored form free of reflection-based serialisation.
    private static string Serialize(ContextCacheEntry entry) =>
        string.Join('\t', entry.Name, entry.Model, entry.ExpireTime.UtcTicks.ToString(CultureInfo.InvariantCulture), entry.TokenCount?.ToString(CultureInfo.InvariantCulture) ?? string.Empty);

    private static ContextCacheEntry? Deserialize(string text)
    {
        var parts = text.Split('\t');
        if (parts.Length != 4 || !long.TryParse(parts[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var ticks))
        {
            return null;
        }

        int? tokens = int.TryParse(parts[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out var t) ? t : null;
        return new ContextCacheEntry(parts[0], parts[1], new DateTimeOffset(ticks, TimeSpan.Zero), tokens);
    }
}
