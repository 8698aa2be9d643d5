using System.Text.RegularExpressions;

namespace LlmAdapters;

/// <summary>Removes secrets from text that may reach an exception, a log line or a span.</summary>
internal static partial class SecretRedactor
{
    private const string Mask = "[REDACTED]";

    /// <summary>Replaces the given secrets and anything shaped like a provider key.</summary>
    public static string Redact(string text, IEnumerable<string?>? secrets = null)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        if (secrets is not null)
        {
            foreach (var secret in secrets)
            {
                if (!string.IsNullOrEmpty(secret) && secret.Length >= 4)
                {
                    text = text.Replace(secret, Mask, StringComparison.Ordinal);
                }
            }
        }

        return KeyShape().Replace(text, Mask);
    }

    // sk-..., sk-ant-..., sk-proj-..., AIza..., gsk_..., xai-..., Bearer tokens: long runs after a known prefix.
    [GeneratedRegex(@"(sk-[A-Za-z0-9_\-\*]{8,}|AIza[0-9A-Za-z_\-]{20,}|gsk_[A-Za-z0-9]{16,}|xai-[A-Za-z0-9]{16,}|(?<=Bearer\s)[A-Za-z0-9_\-\.=]{16,})", RegexOptions.CultureInvariant)]
    private static partial Regex KeyShape();
}
