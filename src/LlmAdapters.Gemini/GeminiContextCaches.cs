using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using LlmAdapters.Gemini.Wire;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Gemini;

/// <summary>
/// Explicit context caches (<c>cachedContents</c>): store a long prompt prefix (messages, instructions, tools) once, then
/// reference it from chat requests with <see cref="AdditionalPropertyKeys.ContextCacheName"/> in <c>ChatOptions.AdditionalProperties</c>.
/// Obtain one from <c>chatClient.GetService&lt;GeminiContextCaches&gt;()</c> or construct it from <see cref="GeminiOptions"/>.
/// </summary>
public sealed class GeminiContextCaches : IContextCacheService, IDisposable
{
    private readonly GeminiProtocol _protocol;
    private readonly bool _ownsProtocol;

    /// <summary>Initializes a new instance with its own connection.</summary>
    /// <param name="options">The endpoint, credentials and default model.</param>
    /// <exception cref="ProviderConfigurationException">No API key or Vertex project/credential could be found.</exception>
    public GeminiContextCaches(GeminiOptions options)
        : this(GeminiProtocol.Create(options), ownsProtocol: true)
    {
    }

    internal GeminiContextCaches(GeminiProtocol protocol, bool ownsProtocol)
    {
        _protocol = protocol;
        _ownsProtocol = ownsProtocol;
    }

    /// <summary>Creates a cache entry holding <paramref name="contents"/> plus the instructions and tools of <paramref name="options"/>.</summary>
    /// <param name="contents">The messages to cache, in order.</param>
    /// <param name="options">Model (or <see cref="ProviderOptions.DefaultModelId"/>), instructions and tools to cache with them.</param>
    /// <param name="ttl">How long to keep it (sent as <c>ttl</c>); ignored when <paramref name="expireTime"/> is set. When both are null the provider default (one hour) applies.</param>
    /// <param name="expireTime">An absolute expiry (sent as <c>expireTime</c>).</param>
    /// <param name="displayName">An optional display name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The created entry.</returns>
    public async Task<ContextCacheEntry> CreateAsync(
        IEnumerable<ChatMessage> contents,
        ChatOptions? options = null,
        TimeSpan? ttl = null,
        DateTimeOffset? expireTime = null,
        string? displayName = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(contents);
        if (ttl is { } t && t <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ttl), ttl, "A cache lifetime must be positive.");
        }

        var model = GeminiTokenCounter.ResolveModel(_protocol, options);
        var context = new GeminiRequestContext(model, _protocol.FilesRoot, _protocol.CacheResource);
        var withoutCache = options?.Clone();
        withoutCache?.AdditionalProperties?.Remove(AdditionalPropertyKeys.ContextCacheName);
        var mapped = GeminiRequestMapper.ToWireRequest(contents, withoutCache, context);
        var body = new GeminiCachedContent
        {
            Model = _protocol.ModelResource(model),
            DisplayName = displayName,
            Contents = mapped.Contents,
            SystemInstruction = mapped.SystemInstruction,
            Tools = mapped.Tools,
            ToolConfig = mapped.ToolConfig,
            ExpireTime = expireTime,
            Ttl = expireTime is null && ttl is { } lifetime ? Duration(lifetime) : null,
        };
        var result = await _protocol.Transport.SendJsonAsync(
            HttpMethod.Post, _protocol.CachedContents(), body,
            GeminiJsonContext.Default.GeminiCachedContent, GeminiJsonContext.Default.GeminiCachedContent, cancellationToken).ConfigureAwait(false);
        return ToEntry(result.Value);
    }

    /// <inheritdoc />
    Task<ContextCacheEntry> IContextCacheService.CreateAsync(IEnumerable<ChatMessage> prefix, ChatOptions? options, TimeSpan ttl, CancellationToken cancellationToken) =>
        CreateAsync(prefix, options, ttl, null, null, cancellationToken);

    /// <summary>Reads one entry.</summary>
    /// <param name="name">The entry name, for example <c>cachedContents/abc123</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The entry.</returns>
    /// <exception cref="ContextCacheNotFoundException">The entry does not exist or has expired.</exception>
    public async Task<ContextCacheEntry> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        Throw.IfNullOrWhiteSpace(name);
        var result = await OnEntryAsync(name, _protocol.Transport.SendJsonAsync(
            HttpMethod.Get, _protocol.CachedContents(name), GeminiJsonContext.Default.GeminiCachedContent, cancellationToken)).ConfigureAwait(false);
        return ToEntry(result.Value);
    }

    /// <summary>Lists every live entry, following pages.</summary>
    /// <param name="pageSize">Entries per page requested from the provider; null uses the provider default.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The entries.</returns>
    public async IAsyncEnumerable<ContextCacheEntry> ListAsync(int? pageSize = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? pageToken = null;
        do
        {
            var query = new List<string>(2);
            if (pageSize is { } size)
            {
                query.Add("pageSize=" + Throw.IfLessThanOrEqualToZero(size).ToString(CultureInfo.InvariantCulture));
            }

            if (pageToken is not null)
            {
                query.Add("pageToken=" + Uri.EscapeDataString(pageToken));
            }

            var uri = _protocol.CachedContents(null, query.Count == 0 ? null : "?" + string.Join('&', query));
            var page = await _protocol.Transport.SendJsonAsync(HttpMethod.Get, uri, GeminiJsonContext.Default.GeminiCacheList, cancellationToken).ConfigureAwait(false);
            foreach (var item in page.Value.CachedContents ?? [])
            {
                yield return ToEntry(item);
            }

            pageToken = string.IsNullOrEmpty(page.Value.NextPageToken) ? null : page.Value.NextPageToken;
        }
        while (pageToken is not null);
    }

    /// <summary>Gives an entry a new lifetime, counted from now (PATCH with <c>updateMask=ttl</c>).</summary>
    /// <param name="name">The entry name.</param>
    /// <param name="ttl">The new time to live.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The updated entry.</returns>
    public async Task<ContextCacheEntry> UpdateTtlAsync(string name, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        Throw.IfNullOrWhiteSpace(name);
        if (ttl <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ttl), ttl, "A cache lifetime must be positive.");
        }

        var result = await OnEntryAsync(name, _protocol.Transport.SendJsonAsync(
            HttpMethod.Patch, _protocol.CachedContents(name, "?updateMask=ttl"), new GeminiCachedContent { Ttl = Duration(ttl) },
            GeminiJsonContext.Default.GeminiCachedContent, GeminiJsonContext.Default.GeminiCachedContent, cancellationToken)).ConfigureAwait(false);
        return ToEntry(result.Value);
    }

    /// <summary>Deletes an entry.</summary>
    /// <param name="name">The entry name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    public async Task DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        Throw.IfNullOrWhiteSpace(name);
        await OnEntryAsync(name, _protocol.Transport.SendJsonAsync(
            HttpMethod.Delete, _protocol.CachedContents(name), GeminiJsonContext.Default.GeminiEmpty, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Awaits a call on one entry; the provider's "not found" for it becomes <see cref="ContextCacheNotFoundException"/>.</summary>
    private static async Task<T> OnEntryAsync<T>(string name, Task<T> call)
    {
        try
        {
            return await call.ConfigureAwait(false);
        }
        catch (ProviderException ex) when (GeminiErrors.CacheGone(ex, name) is { } gone)
        {
            throw gone;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsProtocol)
        {
            _protocol.Dispose();
        }
    }

    /// <summary>Google's duration format: seconds with an <c>s</c> suffix.</summary>
    internal static string Duration(TimeSpan value) =>
        value.TotalSeconds.ToString("0.#########", CultureInfo.InvariantCulture) + "s";

    private static ContextCacheEntry ToEntry(GeminiCachedContent wire) =>
        new(wire.Name ?? string.Empty, wire.Model ?? string.Empty, wire.ExpireTime ?? DateTimeOffset.MinValue, wire.UsageMetadata?.TotalTokenCount);
}
