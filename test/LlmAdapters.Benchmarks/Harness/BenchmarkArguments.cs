using System.Globalization;

namespace LlmAdapters.Benchmarks.Harness;

/// <summary>Command-line settings: <c>[--quick] [--out path] [--filter text] [--reps n]</c>.</summary>
internal sealed record BenchmarkArguments(bool Quick, string OutputPath, string? Filter, int Repetitions, int Warmups, bool ShowHelp)
{
    public const string Usage =
        "usage: LlmAdapters.Benchmarks [--quick] [--out PATH] [--filter TEXT] [--reps N]\n" +
        "  --quick        fewer repetitions and calls per sample; finishes in well under a minute\n" +
        "  --out PATH     where to write the JSON results (default artifacts/bench/results.json)\n" +
        "  --filter TEXT  run only scenarios whose name contains TEXT (for example openai or stream)\n" +
        "  --reps N       measured repetitions per variant (default 15, quick 7; at least 7)";

    public static BenchmarkArguments Parse(string[] args)
    {
        var quick = false;
        var help = false;
        string? output = null;
        string? filter = null;
        int? reps = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--quick":
                    quick = true;
                    break;
                case "--out":
                    output = Value(args, ref i);
                    break;
                case "--filter":
                    filter = Value(args, ref i);
                    break;
                case "--reps":
                    var text = Value(args, ref i);
                    reps = int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 7
                        ? n
                        : throw new ArgumentException($"--reps needs a whole number of at least 7, not '{text}'.");
                    break;
                case "-h" or "--help":
                    help = true;
                    break;
                default:
                    throw new ArgumentException($"unknown argument '{args[i]}'.");
            }
        }

        return new BenchmarkArguments(
            quick,
            output ?? Path.Combine("artifacts", "bench", "results.json"),
            filter,
            reps ?? (quick ? 7 : 15),
            quick ? 2 : 5,
            help);
    }

    private static string Value(string[] args, ref int i) =>
        i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
}
