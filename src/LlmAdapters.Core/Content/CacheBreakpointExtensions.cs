using System;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.AI;

namespace LlmAdapters;

/// <summary>Sets and reads <see cref="CacheBreakpoint"/> hints on messages, contents and options.</summary>
public static class CacheBreakpointExtensions
{
    /// <summary>Marks <paramref name="message"/> as the end of a cacheable prompt prefix.</summary>
    /// <param name="message">The message.</param>
    /// <param name="ttl">The cache lifetime, or <see langword="null"/> for the provider default.</param>
    /// <returns>The same message.</returns>
    public static ChatMessage WithCacheBreakpoint(this ChatMessage message, TimeSpan? ttl = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        (message.AdditionalProperties ??= [])[AdditionalPropertyKeys.CacheBreakpoint] = ttl is null ? CacheBreakpoint.Default : new CacheBreakpoint(ttl);
        return message;
    }

    /// <summary>Marks <paramref name="content"/> as the end of a cacheable prompt prefix.</summary>
    /// <typeparam name="TContent">The content type.</typeparam>
    /// <param name="content">The content.</param>
    /// <param name="ttl">The cache lifetime, or <see langword="null"/> for the provider default.</param>
    /// <returns>The same content.</returns>
    public static TContent WithCacheBreakpoint<TContent>(this TContent content, TimeSpan? ttl = null)
        where TContent : AIContent
    {
        ArgumentNullException.ThrowIfNull(content);
        (content.AdditionalProperties ??= [])[AdditionalPropertyKeys.CacheBreakpoint] = ttl is null ? CacheBreakpoint.Default : new CacheBreakpoint(ttl);
        return content;
    }

    /// <summary>Asks for a cache breakpoint after the tool definitions.</summary>
    /// <param name="options">The options.</param>
    /// <param name="ttl">The cache lifetime, or <see langword="null"/> for the provider default.</param>
    /// <returns>The same options.</returns>
    public static ChatOptions WithToolsCacheBreakpoint(this ChatOptions options, TimeSpan? ttl = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        (options.AdditionalProperties ??= [])[AdditionalPropertyKeys.ToolsCacheBreakpoint] = ttl is null ? CacheBreakpoint.Default : new CacheBreakpoint(ttl);
        return options;
    }

    /// <summary>Asks for a cache breakpoint after the instructions / system prompt.</summary>
    /// <param name="options">The options.</param>
    /// <param name="ttl">The cache lifetime, or <see langword="null"/> for the provider default.</param>
    /// <returns>The same options.</returns>
    public static ChatOptions WithInstructionsCacheBreakpoint(this ChatOptions options, TimeSpan? ttl = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        (options.AdditionalProperties ??= [])[AdditionalPropertyKeys.InstructionsCacheBreakpoint] = ttl is null ? CacheBreakpoint.Default : new CacheBreakpoint(ttl);
        return options;
    }

    /// <summary>Reads the breakpoint of a message, if any.</summary>
    /// <param name="message">The message.</param>
    /// <param name="breakpoint">The breakpoint.</param>
    /// <returns><see langword="true"/> when the message carries one.</returns>
    public static bool TryGetCacheBreakpoint(this ChatMessage message, [NotNullWhen(true)] out CacheBreakpoint? breakpoint)
    {
        ArgumentNullException.ThrowIfNull(message);
        return TryRead(message.AdditionalProperties, AdditionalPropertyKeys.CacheBreakpoint, out breakpoint);
    }

    /// <summary>Reads the breakpoint of a content, if any.</summary>
    /// <param name="content">The content.</param>
    /// <param name="breakpoint">The breakpoint.</param>
    /// <returns><see langword="true"/> when the content carries one.</returns>
    public static bool TryGetCacheBreakpoint(this AIContent content, [NotNullWhen(true)] out CacheBreakpoint? breakpoint)
    {
        ArgumentNullException.ThrowIfNull(content);
        return TryRead(content.AdditionalProperties, AdditionalPropertyKeys.CacheBreakpoint, out breakpoint);
    }

    /// <summary>Reads a breakpoint stored in options under <paramref name="key"/>
    /// (<see cref="AdditionalPropertyKeys.ToolsCacheBreakpoint"/> or <see cref="AdditionalPropertyKeys.InstructionsCacheBreakpoint"/>).</summary>
    /// <param name="options">The options.</param>
    /// <param name="key">The key.</param>
    /// <param name="breakpoint">The breakpoint.</param>
    /// <returns><see langword="true"/> when present.</returns>
    public static bool TryGetCacheBreakpoint(this ChatOptions options, string key, [NotNullWhen(true)] out CacheBreakpoint? breakpoint)
    {
        ArgumentNullException.ThrowIfNull(options);
        return TryRead(options.AdditionalProperties, key, out breakpoint);
    }

    private static bool TryRead(AdditionalPropertiesDictionary? properties, string key, [NotNullWhen(true)] out CacheBreakpoint? breakpoint)
    {
        breakpoint = null;
        if (properties is null || !properties.TryGetValue(key, out var value))
        {
            return false;
        }

        breakpoint = value switch
        {
            CacheBreakpoint b => b,
            TimeSpan ttl => new CacheBreakpoint(ttl),
            true => CacheBreakpoint.Default,
            _ => null,
        };
        return breakpoint is not null;
    }
}
