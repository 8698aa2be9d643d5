using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http.Headers;

namespace LlmAdapters;

/// <summary>
/// The rate-limit state a provider reported in its response headers (<c>x-ratelimit-*</c>,
/// <c>anthropic-ratelimit-*</c>). Attached to responses under <see cref="AdditionalPropertyKeys.RateLimits"/>
/// and to <see cref="ProviderException.RateLimits"/>.
/// </summary>
public sealed class RateLimitInfo
{
    /// <summary>Gets the request limit for the current window.</summary>
    public long? RequestsLimit { get; init; }

    /// <summary>Gets the requests left in the current window.</summary>
    public long? RequestsRemaining { get; init; }

    /// <summary>Gets when the request window resets, as the provider wrote it (a duration like <c>1s</c> or an RFC 3339 time).</summary>
    public string? RequestsReset { get; init; }

    /// <summary>Gets the token limit for the current window.</summary>
    public long? TokensLimit { get; init; }

    /// <summary>Gets the tokens left in the current window.</summary>
    public long? TokensRemaining { get; init; }

    /// <summary>Gets when the token window resets, as the provider wrote it.</summary>
    public string? TokensReset { get; init; }

    /// <summary>Gets the input-token limit (Anthropic reports input and output separately).</summary>
    public long? InputTokensLimit { get; init; }

    /// <summary>Gets the input tokens left in the current window.</summary>
    public long? InputTokensRemaining { get; init; }

    /// <summary>Gets the output-token limit.</summary>
    public long? OutputTokensLimit { get; init; }

    /// <summary>Gets the output tokens left in the current window.</summary>
    public long? OutputTokensRemaining { get; init; }

    /// <summary>Gets every rate-limit header as received, keyed by lower-case header name.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Reads the rate-limit headers of a response, or returns <see langword="null"/> when it has none.</summary>
    /// <param name="headers">The response headers.</param>
    /// <returns>The parsed state, or <see langword="null"/>.</returns>
    /// <remarks>Header names and values are server-controlled: key-shaped text in them is masked.</remarks>
    public static RateLimitInfo? FromHeaders(HttpResponseHeaders headers) => FromHeaders(headers, null);

    /// <summary>Reads the rate-limit headers, masking the given secrets (in every form the redactor knows) in names and values.</summary>
    internal static RateLimitInfo? FromHeaders(HttpResponseHeaders headers, IEnumerable<string?>? secrets)
    {
        ArgumentNullException.ThrowIfNull(headers);
        Dictionary<string, string>? all = null;
        // NonValidated enumerates without parsing or allocating per header: this runs on every response.
        foreach (var header in headers.NonValidated)
        {
            var name = header.Key;
            if (name.Contains("ratelimit", StringComparison.OrdinalIgnoreCase) || name.Contains("tokenlimit", StringComparison.OrdinalIgnoreCase))
            {
                all ??= new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                // A hostile server can echo a key in either; scrub both before they reach a property, a log or a span.
                all[SecretRedactor.Redact(name.ToLowerInvariant(), secrets)] = SecretRedactor.Redact(string.Join(",", header.Value), secrets);
            }
        }

        if (all is null)
        {
            return null;
        }

        return new RateLimitInfo
        {
            RequestsLimit = Long(all, "x-ratelimit-limit-requests", "anthropic-ratelimit-requests-limit"),
            RequestsRemaining = Long(all, "x-ratelimit-remaining-requests", "anthropic-ratelimit-requests-remaining"),
            RequestsReset = Text(all, "x-ratelimit-reset-requests", "anthropic-ratelimit-requests-reset"),
            TokensLimit = Long(all, "x-ratelimit-limit-tokens", "anthropic-ratelimit-tokens-limit"),
            TokensRemaining = Long(all, "x-ratelimit-remaining-tokens", "anthropic-ratelimit-tokens-remaining"),
            TokensReset = Text(all, "x-ratelimit-reset-tokens", "anthropic-ratelimit-tokens-reset"),
            InputTokensLimit = Long(all, "anthropic-ratelimit-input-tokens-limit"),
            InputTokensRemaining = Long(all, "anthropic-ratelimit-input-tokens-remaining"),
            OutputTokensLimit = Long(all, "anthropic-ratelimit-output-tokens-limit"),
            OutputTokensRemaining = Long(all, "anthropic-ratelimit-output-tokens-remaining"),
            Headers = all,
        };
    }

    private static long? Long(Dictionary<string, string> all, params string[] names)
    {
        var text = Text(all, names);
        return text is not null && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;
    }

    private static string? Text(Dictionary<string, string> all, params string[] names)
    {
        foreach (var name in names)
        {
            if (all.TryGetValue(name, out var value))
            {
                return value;
            }
        }

        return null;
    }
}
