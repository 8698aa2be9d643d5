using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Linq;

namespace LlmAdapters.Cli;

/// <summary>"Did you mean …" for a mistyped command, option or name: the closest candidates by edit distance.</summary>
internal static class TypoHints
{
    /// <summary>The candidates closest to <paramref name="typed"/>, best first; none when nothing is close enough to be a typo.</summary>
    public static IReadOnlyList<string> Closest(string typed, IEnumerable<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(typed);
        var bare = typed.TrimStart('-');
        // A typo changes about one character in three at most; beyond that the word was meant to be something else.
        var allowed = Math.Max(1, bare.Length / 3);
        var scored = candidates
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(c => (Candidate: c, Distance: Distance(bare, c.TrimStart('-'))))
            .Where(s => s.Distance <= allowed || (bare.Length >= 3 && s.Candidate.TrimStart('-').StartsWith(bare, StringComparison.OrdinalIgnoreCase)))
            .ToList();
        if (scored.Count == 0)
        {
            return [];
        }

        var best = scored.Min(s => s.Distance);
        return [.. scored.Where(s => s.Distance == best).Select(s => s.Candidate).Order(StringComparer.Ordinal)];
    }

    /// <summary>" Did you mean 'x'?" (or 'x' or 'y') for the candidates closest to <paramref name="typed"/>, each shown through
    /// <paramref name="show"/>; empty when none is close.</summary>
    public static string DidYouMean(string typed, IEnumerable<string> candidates, Func<string, string>? show = null) =>
        Closest(typed, candidates) is { Count: > 0 } close
            ? $" Did you mean {string.Join(" or ", close.Select(c => $"'{(show is null ? c : show(c))}'"))}?"
            : string.Empty;

    /// <summary>An unknown provider named on the command line: the closest known provider, then every known one.</summary>
    public static string UnknownProvider(string name) =>
        $"Unknown provider '{name}'.{DidYouMean(name, LlmClientFactory.Providers.Select(p => p.Name))} " +
        $"Known providers: {string.Join(", ", LlmClientFactory.Providers.Select(p => p.Name))}.";

    /// <summary>The hint for an unmatched token on <paramref name="command"/>: an option when it starts with a dash, else a subcommand.</summary>
    public static string? For(string token, Command command)
    {
        IEnumerable<string> names = token.StartsWith('-')
            ? command.Options.SelectMany(o => o.Aliases.Prepend(o.Name))
            : command.Subcommands.Where(c => !c.Hidden).SelectMany(c => c.Aliases.Prepend(c.Name));
        var closest = Closest(token, names);
        return closest.Count == 0 ? null : $"did you mean {string.Join(" or ", closest.Select(c => $"'{c}'"))}?";
    }

    /// <summary>Optimal string alignment distance (Levenshtein plus adjacent transpositions), ignoring case.</summary>
    internal static int Distance(string a, string b)
    {
        a = a.ToLowerInvariant();
        b = b.ToLowerInvariant();
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
