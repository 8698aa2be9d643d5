using System;
using System.Globalization;
using System.Linq;
using System.Net.Http.Headers;

namespace LlmAdapters;

/// <summary>Reads the wait a provider asks for: <c>retry-after-ms</c>, then <c>retry-after</c> as seconds or an HTTP date.</summary>
internal static class RetryAfterParser
{
    public static TimeSpan? Parse(HttpResponseHeaders headers, TimeProvider timeProvider)
    {
        if (headers.TryGetValues("retry-after-ms", out var msValues)
            && double.TryParse(msValues.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var ms)
            && IsRepresentable(ms / 1000))
        {
            return TimeSpan.FromMilliseconds(ms);
        }

        if (headers.TryGetValues("retry-after", out var values))
        {
            return Parse(values.FirstOrDefault(), timeProvider);
        }

        return null;
    }

    public static TimeSpan? Parse(string? value, TimeProvider timeProvider)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            return IsRepresentable(seconds) ? TimeSpan.FromSeconds(seconds) : null;
        }

        if (DateTimeOffset.TryParseExact(value.Trim(), "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            || DateTimeOffset.TryParse(value.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out date))
        {
            var wait = date - timeProvider.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    /// <summary>Parses Google's duration strings such as <c>"17s"</c> or <c>"0.5s"</c> (RetryInfo.retryDelay).</summary>
    public static TimeSpan? ParseGoogleDuration(string? value)
    {
        if (string.IsNullOrEmpty(value) || !value.EndsWith('s'))
        {
            return null;
        }

        return double.TryParse(value.AsSpan(0, value.Length - 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && IsRepresentable(s)
            ? TimeSpan.FromSeconds(s)
            : null;
    }

    // "Infinity", "1e300" and the like parse as doubles but overflow TimeSpan; a header must never turn a typed
    // provider error into an OverflowException, so such values count as absent.
    private static bool IsRepresentable(double seconds) => double.IsFinite(seconds) && seconds >= 0 && seconds < TimeSpan.MaxValue.TotalSeconds;
}
