using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Text.RegularExpressions;

namespace LlmAdapters;

/// <summary>
/// Removes secrets from text that may reach an exception, a log line or a span. Every server-controlled string the
/// transport and the error factory hand on (error type, code, message and parameter, request id, rate-limit headers,
/// redirect targets, network failure text) passes through here first.
/// </summary>
internal static partial class SecretRedactor
{
    /// <summary>The text that replaces a secret.</summary>
    public const string Mask = "[REDACTED]";

    // Shorter strings are too likely to be ordinary words; no real key or token is this short.
    private const int MinimumSecretLength = 4;

    /// <summary>
    /// Replaces every given secret — as sent, in any letter case, and percent-encoded the way
    /// <see cref="Uri.EscapeDataString(string)"/> and <see cref="WebUtility.UrlEncode(string)"/> write it (either hex case) —
    /// and anything shaped like a provider key.
    /// </summary>
    [return: NotNullIfNotNull(nameof(text))]
    public static string? Redact(string? text, IEnumerable<string?>? secrets = null)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        if (secrets is not null)
        {
            foreach (var secret in secrets)
            {
                if (string.IsNullOrEmpty(secret) || secret.Length < MinimumSecretLength)
                {
                    continue;
                }

                // Both encoders return the same instance when nothing needs encoding, so a plain key costs one search.
                text = ReplaceIgnoringCase(text, secret);
                text = ReplaceIgnoringCase(text, Uri.EscapeDataString(secret));
                text = ReplaceIgnoringCase(text, WebUtility.UrlEncode(secret));
            }
        }

        return KeyShape().Replace(text, Mask);
    }

    /// <summary>
    /// The secrets an endpoint carries in its user-info part (<c>user:password@host</c>), raw and decoded, so that text
    /// about a request to it can be scrubbed; empty when the endpoint has none.
    /// </summary>
    public static string[] UserInfoSecrets(Uri? endpoint)
    {
        if (endpoint is null || !endpoint.IsAbsoluteUri || string.IsNullOrEmpty(endpoint.UserInfo))
        {
            return [];
        }

        var raw = endpoint.UserInfo;
        var secrets = new List<string> { raw, Uri.UnescapeDataString(raw) };
        foreach (var part in raw.Split(':'))
        {
            secrets.Add(part);
            secrets.Add(Uri.UnescapeDataString(part));
        }

        return [.. secrets];
    }

    /// <summary>An endpoint as it may be printed: scheme, host and port, never user info, path or query.</summary>
    public static string Origin(Uri endpoint) =>
        endpoint.IsAbsoluteUri ? endpoint.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped) : "(relative address)";

    private static string ReplaceIgnoringCase(string text, string secret) =>
        text.Contains(secret, StringComparison.OrdinalIgnoreCase) ? text.Replace(secret, Mask, StringComparison.OrdinalIgnoreCase) : text;

    // sk-..., sk-ant-..., sk-proj-..., AIza..., gsk_..., xai-..., Bearer tokens: long runs after a known prefix.
    [GeneratedRegex(@"(sk-[A-Za-z0-9_\-\*]{8,}|AIza[0-9A-Za-z_\-]{20,}|gsk_[A-Za-z0-9]{16,}|xai-[A-Za-z0-9]{16,}|(?<=Bearer\s)[A-Za-z0-9_\-\.=]{16,})", RegexOptions.CultureInvariant)]
    private static partial Regex KeyShape();
}
