using System.Text.Json;

namespace Microsoft.Extensions.AI;

/// <summary>The key both distributed caches compute: a hash of the format version, the request values and the caller's extra values.</summary>
internal static class DistributedCacheKey
{
    // Part of every key, so entries written in an older format are never read back.
    private const int CacheVersion = 2;

    /// <summary>Hashes the version, then <paramref name="leading"/>, <paramref name="values"/> and <paramref name="extra"/> in that order.</summary>
    public static string Compute(
        ReadOnlySpan<object?> leading, ReadOnlySpan<object?> values, object[]? extra, JsonSerializerOptions jsonSerializerOptions)
    {
        extra ??= [];
        var all = new object?[1 + leading.Length + values.Length + extra.Length];
        all[0] = CacheVersion;
        leading.CopyTo(all.AsSpan(1));
        values.CopyTo(all.AsSpan(1 + leading.Length));
        extra.CopyTo(all, 1 + leading.Length + values.Length);

        jsonSerializerOptions.MakeReadOnly();
        return AIJsonUtilities.HashDataToString(all, jsonSerializerOptions);
    }
}
