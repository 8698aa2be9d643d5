using System.Diagnostics;
using System.Runtime.InteropServices;
using LlmAdapters.Benchmarks.Scenarios;

namespace LlmAdapters.Benchmarks.Harness;

/// <summary>
/// Runs every selected scenario: warm-up, then interleaved repetitions (each repetition runs every variant once,
/// starting from a different variant each time), measuring wall time and bytes allocated per operation.
/// </summary>
internal static class BenchmarkRunner
{
    public static async Task<int> RunAsync(BenchmarkArguments arguments)
    {
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        Console.WriteLine($"LlmAdapters benchmarks: {(arguments.Quick ? "quick" : "full")} run, {arguments.Warmups} warm-up + {arguments.Repetitions} interleaved repetitions per variant");
        Console.WriteLine($"{RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}, {Environment.ProcessorCount} CPUs, server GC {System.Runtime.GCSettings.IsServerGC}");
        await using var server = await EmulatorProcess.StartAsync(cancel.Token);
        Console.WriteLine($"emulator: separate process {server.ProcessId} at {server.BaseAddress}");

        var resources = new List<IDisposable>();
        var results = new List<ScenarioResult>();
        try
        {
            var scenarios = ScenarioSets.All
                .SelectMany(set => set.CreateScenarios(server.BaseAddress, resources))
                .Where(s => arguments.Filter is null || s.Name.Contains(arguments.Filter, StringComparison.OrdinalIgnoreCase))
                .ToList();
            if (scenarios.Count == 0)
            {
                Console.Error.WriteLine($"error: no scenario matches '{arguments.Filter}'.");
                return 2;
            }

            foreach (var scenario in scenarios)
            {
                var operations = arguments.Quick ? Math.Max(1, scenario.OperationsPerSample / 5) : scenario.OperationsPerSample;
                Console.WriteLine($"running {scenario.Name} ({operations} operation(s) per sample) …");
                results.Add(await MeasureScenarioAsync(scenario, operations, arguments, cancel.Token));
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            Console.Error.WriteLine("cancelled.");
            return 130;
        }
        finally
        {
            foreach (var resource in resources)
            {
                resource.Dispose();
            }
        }

        ResultsReport.WriteTable(Console.Out, results);
        ResultsReport.WriteJson(arguments.OutputPath, results, arguments);
        Console.WriteLine($"results written to {Path.GetFullPath(arguments.OutputPath)}");
        return 0;
    }

    private static async Task<ScenarioResult> MeasureScenarioAsync(BenchmarkScenario scenario, int operations, BenchmarkArguments arguments, CancellationToken cancellationToken)
    {
        var variants = scenario.Variants;
        var samples = variants.ToDictionary(v => v.Name, _ => new List<Sample>());
        for (var i = 0; i < arguments.Warmups; i++)
        {
            foreach (var variant in variants)
            {
                await MeasureAsync(scenario, variant, operations, cancellationToken);
            }
        }

        for (var rep = 0; rep < arguments.Repetitions; rep++)
        {
            // Round-robin with a rotating start, so no variant always runs first (warmest caches) or last.
            for (var k = 0; k < variants.Count; k++)
            {
                var variant = variants[(rep + k) % variants.Count];
                samples[variant.Name].Add(await MeasureAsync(scenario, variant, operations, cancellationToken));
            }
        }

        IReadOnlyList<ScenarioMetric> metrics = scenario.Probe is { } probe ? await probe(cancellationToken) : [];
        return new ScenarioResult(
            scenario,
            [.. variants.Select(v => VariantResult.From(v.Name, samples[v.Name]))],
            metrics);
    }

    private static async Task<Sample> MeasureAsync(BenchmarkScenario scenario, BenchmarkVariant variant, int operations, CancellationToken cancellationToken)
    {
        // Start every sample from the same heap state, so one variant's garbage is not collected on another's clock.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        // GetTotalAllocatedBytes counts every thread: async continuations hop threads, so the per-thread counter would miss them.
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < operations; i++)
        {
            var chars = await variant.RunAsync(cancellationToken);
            if (chars != scenario.ExpectedChars)
            {
                throw new InvalidOperationException($"{scenario.Name}/{variant.Name} returned {chars} characters instead of {scenario.ExpectedChars}.");
            }
        }

        var elapsed = Stopwatch.GetElapsedTime(start);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        return new Sample(elapsed.TotalMilliseconds / operations, allocated / operations);
    }
}

/// <summary>One timed sample, per operation.</summary>
internal readonly record struct Sample(double Milliseconds, long AllocatedBytes);

/// <summary>The summary of one variant's samples.</summary>
internal sealed record VariantResult(string Variant, double MedianMs, double MinMs, double MaxMs, long AllocatedBytes, int Samples)
{
    public static VariantResult From(string variant, List<Sample> samples)
    {
        var times = samples.Select(s => s.Milliseconds).Order().ToArray();
        var bytes = samples.Select(s => s.AllocatedBytes).Order().ToArray();
        return new VariantResult(variant, Median(times), times[0], times[^1], (long)Median([.. bytes.Select(b => (double)b)]), samples.Count);
    }

    private static double Median(double[] sorted) =>
        sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
}

/// <summary>A scenario's results, one per variant, and what its probe counted.</summary>
internal sealed record ScenarioResult(BenchmarkScenario Scenario, IReadOnlyList<VariantResult> Variants, IReadOnlyList<ScenarioMetric> Metrics)
{
    public VariantResult? this[string variant] => Variants.FirstOrDefault(v => v.Variant == variant);
}
