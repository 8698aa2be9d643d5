using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace LlmAdapters.Testing.Dialects.Gemini;

/// <summary><c>cachedContents</c>: an in-memory store whose entries expire on the emulator's <see cref="TimeProvider"/>.</summary>
public sealed partial class GeminiDialect
{
    private static readonly TimeSpan DefaultCacheTtl = TimeSpan.FromHours(1);
    private readonly ConcurrentDictionary<string, CacheEntry> _caches = new(StringComparer.Ordinal);
    private int _cacheCounter;

    /// <summary>Gets the names of the cache entries currently stored (expired ones included until next touched).</summary>
    public IReadOnlyCollection<string> CacheNames => _caches.Keys.ToArray();

    private bool TryGetCache(string name, TimeProvider clock, [NotNullWhen(true)] out CacheEntry? entry)
    {
        if (_caches.TryGetValue(name, out entry))
        {
            if (entry.ExpireTime > clock.GetUtcNow())
            {
                return true;
            }

            _caches.TryRemove(name, out _);
        }

        entry = null;
        return false;
    }

    private async Task HandleCacheAsync(EmulatorExchange exchange, string prefix, string? id, bool vertex)
    {
        var clock = exchange.Emulator.TimeProvider;
        var request = exchange.Request;
        var name = id is null ? null : prefix + "cachedContents/" + id;
        switch (request.Method)
        {
            case "POST" when id is null:
                var body = request.Json as JsonObject;
                if (body?["model"]?.GetValue<string>() is not { } model)
                {
                    await WriteErrorAsync(exchange, 400, "INVALID_ARGUMENT", "* CreateCachedContentRequest.cached_content.model: model is required").ConfigureAwait(false);
                    return;
                }

                var now = clock.GetUtcNow();
                if (ExpiryOf(body, now) is not { } expire)
                {
                    await WriteErrorAsync(exchange, 400, "INVALID_ARGUMENT", "Invalid ttl or expire_time.").ConfigureAwait(false);
                    return;
                }

                var created = prefix + "cachedContents/emu" + Interlocked.Increment(ref _cacheCounter).ToString("D6", CultureInfo.InvariantCulture);
                var entry = new CacheEntry(created, model, body["displayName"]?.GetValue<string>(),
                    CountTokens(body["contents"]) + CountTokens(body["systemInstruction"]) + CountTokens(body["tools"]), now, now, expire);
                _caches[created] = entry;
                await exchange.WriteJsonAsync(200, entry.ToJson().ToJsonString()).ConfigureAwait(false);
                return;
            case "GET" when id is null:
                var live = _caches.Values.Where(e => TryGetCache(e.Name, clock, out _) && e.Name.StartsWith(prefix + "cachedContents/", StringComparison.Ordinal))
                    .OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
                var size = int.TryParse(QueryValue(request.Query, "pageSize"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ps) && ps > 0 ? ps : 50;
                var skip = int.TryParse(QueryValue(request.Query, "pageToken"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var pt) ? pt : 0;
                var page = new JsonObject { ["cachedContents"] = new JsonArray([.. live.Skip(skip).Take(size).Select(e => (JsonNode)e.ToJson())]) };
                if (skip + size < live.Count)
                {
                    page["nextPageToken"] = (skip + size).ToString(CultureInfo.InvariantCulture);
                }

                await exchange.WriteJsonAsync(200, page.ToJsonString()).ConfigureAwait(false);
                return;
        }

        if (name is null || !TryGetCache(name, clock, out var existing))
        {
            await WriteErrorAsync(exchange, vertex ? 404 : 403, vertex ? "NOT_FOUND" : "PERMISSION_DENIED",
                "CachedContent not found (or permission denied)").ConfigureAwait(false);
            return;
        }

        switch (request.Method)
        {
            case "GET":
                await exchange.WriteJsonAsync(200, existing.ToJson().ToJsonString()).ConfigureAwait(false);
                break;
            case "PATCH":
                var now = clock.GetUtcNow();
                if (request.Json is not JsonObject patch || ExpiryOf(patch, now, requireOne: true) is not { } expire)
                {
                    await WriteErrorAsync(exchange, 400, "INVALID_ARGUMENT", "An update needs a ttl or an expire_time.").ConfigureAwait(false);
                    return;
                }

                var updated = existing with { ExpireTime = expire, UpdateTime = now };
                _caches[name] = updated;
                await exchange.WriteJsonAsync(200, updated.ToJson().ToJsonString()).ConfigureAwait(false);
                break;
            case "DELETE":
                _caches.TryRemove(name, out _);
                await exchange.WriteJsonAsync(200, "{}").ConfigureAwait(false);
                break;
            default:
                await WriteErrorAsync(exchange, 405, "UNIMPLEMENTED", $"{request.Method} is not supported on cachedContents.").ConfigureAwait(false);
                break;
        }
    }

    private static DateTimeOffset? ExpiryOf(JsonObject body, DateTimeOffset now, bool requireOne = false)
    {
        if (body["expireTime"]?.GetValue<string>() is { } at)
        {
            return DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) ? parsed : null;
        }

        if (body["ttl"]?.GetValue<string>() is { } ttl)
        {
            return ttl.EndsWith('s') && double.TryParse(ttl.AsSpan(0, ttl.Length - 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
                ? now.AddSeconds(seconds)
                : null;
        }

        return requireOne ? null : now + DefaultCacheTtl;
    }

    private sealed record CacheEntry(string Name, string Model, string? DisplayName, int Tokens, DateTimeOffset CreateTime, DateTimeOffset UpdateTime, DateTimeOffset ExpireTime)
    {
        public JsonObject ToJson()
        {
            var json = new JsonObject
            {
                ["name"] = Name,
                ["model"] = Model,
                ["createTime"] = Format(CreateTime),
                ["updateTime"] = Format(UpdateTime),
                ["expireTime"] = Format(ExpireTime),
                ["usageMetadata"] = new JsonObject { ["totalTokenCount"] = Tokens },
            };
            if (DisplayName is not null)
            {
                json["displayName"] = DisplayName;
            }

            return json;
        }

        private static string Format(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
    }
}
