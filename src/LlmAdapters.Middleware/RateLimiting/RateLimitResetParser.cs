using System;
using System.Globalization;

namespace LlmAdapters.Middleware;

/// <summary>Reads the reset values of rate-limit headers: Go-style durations (<c>1s</c>, <c>6m0s</c>, <c>20ms</c>,
/// OpenAI and Groq), RFC 3339 times (Anthropic) and plain seconds.</summary>
internal static class RateLimitResetParser
{
    public static DateTimeOffset? ResetAt(string? value, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        value = value.Trim();
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            return now + TimeSpan.FromSeconds(Math.Max(0, seconds));
        }

        if (TryParseDuration(value, out var duration))
        {
            return now + duration;
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;
    }

    private static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var i = 0;
        var any = false;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
            {
                i++;
            }

            if (i == start || !double.TryParse(text.AsSpan(start, i - start), NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            var unitStart = i;
            while (i < text.Length && char.IsAsciiLetter(text[i]))
            {
                i++;
            }

            var factor = text.AsSpan(unitStart, i - unitStart) switch
            {
                "h" => 3600.0,
                "m" => 60.0,
                "s" => 1.0,
                "ms" => 0.001,
                _ => double.NaN,
            };
            if (double.IsNaN(factor))
            {
                return false;
            }

            duration += TimeSpan.FromSeconds(number * factor);
            any = true;
        }

        return any;
    }
}
