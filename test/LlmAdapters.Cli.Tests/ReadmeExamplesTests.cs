using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;

namespace LlmAdapters.Cli.Tests;

/// <summary>
/// Runs every example of the README's "Command line" section, in order and in one config directory (as a reader typing
/// them would), and checks that the README shows what the CLI prints, so the README cannot drift from the program.
/// Times, ports, device codes and the config directory are normalised; a line "…" in the README stands for any number of
/// lines (a trimmed table). Blocks whose commands need a live server (<c>--endpoint</c>) are not run.
/// <c>eng/readme-cli-examples.sh</c> re-captures the blocks when the output changes on purpose.
/// </summary>
public sealed partial class ReadmeExamplesTests
{
    private const string Elision = "…";

    private static readonly string s_readme = typeof(ReadmeExamplesTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "ReadmePath").Value!;

    [Fact]
    public async Task CommandLineSection_EveryExample_PrintsWhatTheReadmeShows()
    {
        var blocks = ExampleBlocks(File.ReadAllLines(s_readme));
        Assert.True(blocks.Count >= 12, $"Expected the Command line section's examples, found {blocks.Count} blocks.");
        var config = Directory.CreateTempSubdirectory("llmadapters-readme-");
        var shownConfig = config.FullName;
        var mismatches = new StringBuilder();
        var ran = 0;
        try
        {
            foreach (var block in blocks.Where(b => !b.Any(c => c.Command.Contains("--endpoint", StringComparison.Ordinal))))
            {
                foreach (var (command, expected) in block)
                {
                    var (variables, args) = Parse(command);
                    if (args.Count == 0)
                    {
                        // 'export XDG_CONFIG_HOME=/tmp/…': the examples keep using the test's directory, shown under that name.
                        shownConfig = variables.GetValueOrDefault("XDG_CONFIG_HOME") ?? shownConfig;
                        continue;
                    }

                    var runner = new CliRunner().With("XDG_CONFIG_HOME", config.FullName);
                    foreach (var (name, value) in variables)
                    {
                        runner.With(name, value);
                    }

                    var result = await runner.RunAsync([.. args]);
                    ran++;
                    var actual = result.ErrorLines.Concat(result.OutputLines)
                        .Select(l => Normalise(l.Replace(config.FullName, shownConfig, StringComparison.Ordinal)))
                        .ToArray();
                    var shown = expected.Select(Normalise).Where(l => l.Length > 0).ToArray();
                    if (!Matches(shown, 0, actual, 0))
                    {
                        mismatches.AppendLine($"$ {command}").AppendLine("README:").AppendLine(string.Join('\n', shown))
                            .AppendLine("CLI:").AppendLine(string.Join('\n', actual)).AppendLine();
                    }
                }
            }
        }
        finally
        {
            config.Delete(recursive: true);
        }

        Assert.True(ran >= 15, $"Only {ran} README commands ran.");
        Assert.True(mismatches.Length == 0, "README examples differ from the CLI (re-capture with eng/readme-cli-examples.sh):\n" + mismatches);
    }

    /// <summary>The fenced blocks of the Command line section that start with a "$ " line: each command with the lines it shows.</summary>
    private static List<List<(string Command, List<string> Expected)>> ExampleBlocks(string[] readme)
    {
        var start = Array.IndexOf(readme, "## Command line");
        Assert.True(start >= 0, "README has no '## Command line' section.");
        var blocks = new List<List<(string, List<string>)>>();
        List<(string Command, List<string> Expected)>? block = null;
        var fenced = false;
        for (var i = start + 1; i < readme.Length && !readme[i].StartsWith("## ", StringComparison.Ordinal); i++)
        {
            var line = readme[i];
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                fenced = !fenced;
                if (fenced && line == "```" && i + 1 < readme.Length && readme[i + 1].StartsWith("$ ", StringComparison.Ordinal))
                {
                    block = [];
                    blocks.Add(block);
                }
                else
                {
                    block = null;
                }
            }
            else if (block is not null)
            {
                if (line.StartsWith("$ ", StringComparison.Ordinal))
                {
                    block.Add((line[2..], []));
                }
                else
                {
                    block[^1].Expected.Add(line);
                }
            }
        }

        return blocks;
    }

    /// <summary>Splits a shell line: leading NAME=value assignments (or 'export NAME=value'), then "quoted" or bare words; a
    /// trailing '# comment' is dropped.</summary>
    private static (Dictionary<string, string> Variables, List<string> Args) Parse(string command)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var quoted = false;
        var inWord = false;
        foreach (var c in command)
        {
            if (c == '"')
            {
                quoted = !quoted;
                inWord = true;
            }
            else if (c == ' ' && !quoted)
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }
            }
            else if (c == '#' && !quoted && !inWord)
            {
                break;
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        var at = words.FirstOrDefault() == "export" ? 1 : 0;
        for (; at < words.Count && Assignment().Match(words[at]) is { Success: true } match; at++)
        {
            variables[match.Groups[1].Value] = match.Groups[2].Value;
        }

        Assert.True(at == words.Count || words[at] == "llmadapters", $"A README example that is not an llmadapters command: {command}");
        return (variables, words.Skip(at + 1).ToList());
    }

    private static string Normalise(string line)
    {
        line = ExpiryTime().Replace(line, "<time>");
        line = LoopbackPort().Replace(line, "127.0.0.1:<port>");
        line = UserCode().Replace(line, "<code>");
        return line.TrimEnd();
    }

    /// <summary>Whether <paramref name="actual"/> from <paramref name="j"/> reads as <paramref name="shown"/> from
    /// <paramref name="i"/>, where a shown "…" stands for any number of lines.</summary>
    private static bool Matches(string[] shown, int i, string[] actual, int j)
    {
        if (i == shown.Length)
        {
            return j == actual.Length;
        }

        if (shown[i] == Elision)
        {
            for (var k = j; k <= actual.Length; k++)
            {
                if (Matches(shown, i + 1, actual, k))
                {
                    return true;
                }
            }

            return false;
        }

        return j < actual.Length && shown[i] == actual[j] && Matches(shown, i + 1, actual, j + 1);
    }

    [GeneratedRegex(@"^([A-Za-z_][A-Za-z0-9_]*)=(.*)$")]
    private static partial Regex Assignment();

    [GeneratedRegex(@"\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ")]
    private static partial Regex ExpiryTime();

    [GeneratedRegex(@"127\.0\.0\.1:\d+")]
    private static partial Regex LoopbackPort();

    [GeneratedRegex(@"\b[A-Z]{4}-[A-Z]{4}\b")]
    private static partial Regex UserCode();
}
