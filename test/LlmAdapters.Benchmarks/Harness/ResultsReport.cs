using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace LlmAdapters.Benchmarks.Harness;

/// <summary>Prints the results table and ratios, and writes <c>results.json</c>.</summary>
internal static class ResultsReport
{
    public static void WriteTable(TextWriter output, IReadOnlyList<ScenarioResult> results)
    {
        output.WriteLine();
        output.WriteLine($"{"scenario",-22} {"variant",-12} {"median ms",10} {"min ms",9} {"max ms",9} {"alloc/op",12} {"B/delta",9}");
        output.WriteLine(new string('-', 89));
        foreach (var result in results)
        {
            foreach (var v in result.Variants)
            {
                var perDelta = result.Scenario.DeltasPerOperation is { } deltas ? F0((double)v.AllocatedBytes / deltas) : "-";
                output.WriteLine($"{result.Scenario.Name,-22} {v.Variant,-12} {F3(v.MedianMs),10} {F3(v.MinMs),9} {F3(v.MaxMs),9} {Bytes(v.AllocatedBytes),12} {perDelta,9}");
            }

            foreach (var line in Ratios(result))
            {
                output.WriteLine($"{string.Empty,-22} {line}");
            }

            foreach (var metric in result.Metrics)
            {
                output.WriteLine($"{string.Empty,-22} {metric.Name}: {F2(metric.Value)}{(metric.Detail is null ? string.Empty : $" ({metric.Detail})")}");
            }

            output.WriteLine();
        }
    }

    public static void WriteJson(string path, IReadOnlyList<ScenarioResult> results, BenchmarkArguments arguments)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteStartArray("results");
        foreach (var result in results)
        {
            foreach (var v in result.Variants)
            {
                json.WriteStartObject();
                json.WriteString("scenario", result.Scenario.Name);
                json.WriteString("variant", v.Variant);
                json.WriteNumber("median_ms", Math.Round(v.MedianMs, 4));
                json.WriteNumber("min_ms", Math.Round(v.MinMs, 4));
                json.WriteNumber("max_ms", Math.Round(v.MaxMs, 4));
                json.WriteNumber("alloc_bytes", v.AllocatedBytes);
                json.WriteNumber("samples", v.Samples);
                json.WriteEndObject();
            }
        }

        json.WriteEndArray();
        json.WriteStartArray("metrics");
        foreach (var result in results)
        {
            foreach (var metric in result.Metrics)
            {
                json.WriteStartObject();
                json.WriteString("scenario", result.Scenario.Name);
                json.WriteString("name", metric.Name);
                json.WriteNumber("value", Math.Round(metric.Value, 4));
                json.WriteString("detail", metric.Detail);
                json.WriteEndObject();
            }
        }

        json.WriteEndArray();
        json.WriteBoolean("quick", arguments.Quick);
        json.WriteNumber("repetitions", arguments.Repetitions);
        json.WriteString("runtime", RuntimeInformation.FrameworkDescription);
        json.WriteNumber("processor_count", Environment.ProcessorCount);
        json.WriteEndObject();
    }

    private static IEnumerable<string> Ratios(ScenarioResult result)
    {
        var adapter = result["adapter"];
        if (adapter is null)
        {
            yield break;
        }

        // Our adapter against every baseline measured in the same run; the middleware stacks against the bare adapter.
        foreach (var other in result.Variants)
        {
            if (other.Variant == adapter.Variant)
            {
                continue;
            }

            var (top, bottom) = other.Variant is "pipeline" or "ours" or "in-memory" or "redis" ? (other, adapter) : (adapter, other);
            var allocRatio = bottom.AllocatedBytes == 0 ? "n/a" : F2((double)top.AllocatedBytes / bottom.AllocatedBytes) + "x";
            yield return $"{top.Variant}/{bottom.Variant}: time {F2(top.MedianMs / bottom.MedianMs)}x, alloc {allocRatio}";
        }
    }

    private static string F0(double value) => value.ToString("0", CultureInfo.InvariantCulture);

    private static string F2(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    private static string F3(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);

    private static string Bytes(long value) => value >= 10_000_000
        ? (value / 1_048_576.0).ToString("0.0", CultureInfo.InvariantCulture) + " MiB"
        : value >= 10_000 ? (value / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " KiB" : value.ToString(CultureInfo.InvariantCulture) + " B";
}
