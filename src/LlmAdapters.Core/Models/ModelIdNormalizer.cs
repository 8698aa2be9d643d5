using System;
using System.Text.RegularExpressions;

namespace LlmAdapters;

/// <summary>Turns provider spellings of a model id (resource prefixes, dated snapshots) into the catalog family id.</summary>
internal static partial class ModelIdNormalizer
{
    /// <summary>Removes resource prefixes: Gemini <c>models/</c>, Vertex <c>publishers/google/models/</c>.</summary>
    public static string StripPrefix(string id)
    {
        var slash = id.LastIndexOf("models/", StringComparison.OrdinalIgnoreCase);
        return slash >= 0 && (slash == 0 || id[slash - 1] == '/') ? id[(slash + "models/".Length)..] : id;
    }

    /// <summary>Removes one trailing version marker: a date (<c>-20250929</c>, <c>@20250929</c>, <c>-2024-08-06</c>,
    /// <c>-09-2025</c>, <c>-05-06</c>), a short snapshot number (<c>-0613</c>, <c>-2411</c>, <c>-002</c>),
    /// <c>-latest</c>, <c>-preview</c>, <c>-exp</c> or a <c>:tag</c>.</summary>
    public static string StripOneSuffix(string id)
    {
        var match = SuffixPattern().Match(id);
        return match.Success && match.Index > 0 ? id[..match.Index] : id;
    }

    [GeneratedRegex(@"(?:[-@]\d{8}|-\d{4}-\d{2}-\d{2}|-\d{2}-\d{4}|-\d{2}-\d{2}|-\d{3,4}|-latest|-preview|-exp|-v\d+:\d+|:[a-z0-9._-]+)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SuffixPattern();
}
