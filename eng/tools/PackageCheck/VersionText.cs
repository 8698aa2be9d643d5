namespace LlmAdapters.PackageCheck;

/// <summary>Just enough of NuGet's version rules to compare a nuspec dependency with a pin.</summary>
internal static class VersionText
{
    /// <summary>
    /// "1.2" → "1.2.0", "1.2.3.0" → "1.2.3", build metadata dropped, prerelease kept; NuGet writes nuspec
    /// versions in this form, while a pin may be written either way.
    /// </summary>
    public static string Normalize(string version)
    {
        var text = version.Trim();
        var plus = text.IndexOf('+', StringComparison.Ordinal);
        if (plus >= 0)
        {
            text = text[..plus];
        }

        var dash = text.IndexOf('-', StringComparison.Ordinal);
        var release = dash >= 0 ? text[..dash] : text;
        var prerelease = dash >= 0 ? text[dash..] : "";
        var parts = release.Split('.');
        if (parts.Length is < 1 or > 4 || !parts.All(p => p.Length > 0 && p.All(char.IsAsciiDigit)))
        {
            throw new FormatException($"'{version}' is not a NuGet version.");
        }

        var numbers = parts.Select(p => long.Parse(p, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        while (numbers.Count < 3)
        {
            numbers.Add(0);
        }

        if (numbers.Count == 4 && numbers[3] == 0)
        {
            numbers.RemoveAt(3);
        }

        return string.Join('.', numbers) + prerelease;
    }

    /// <summary>
    /// The lower bound of a dependency range that has no upper bound: "1.2.3" (NuGet's "at least") or
    /// "[1.2.3, )". Anything else (exact, capped, exclusive, floating) is not a shape we publish.
    /// </summary>
    public static bool TryGetOpenMinimum(string range, out string minimum)
    {
        minimum = "";
        var text = range.Trim();
        if (text.StartsWith('['))
        {
            var comma = text.IndexOf(',', StringComparison.Ordinal);
            if (comma < 0 || !text.EndsWith(')') || text[(comma + 1)..^1].Trim().Length != 0)
            {
                return false;
            }

            text = text[1..comma].Trim();
        }

        try
        {
            minimum = Normalize(text);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
