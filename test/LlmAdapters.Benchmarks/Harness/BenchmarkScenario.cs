namespace LlmAdapters.Benchmarks.Harness;

/// <summary>One thing measured (<c>openai.stream.2000</c>), with the variants that do it in different ways.</summary>
/// <param name="Name">The scenario name, <c>provider.kind.size</c>.</param>
/// <param name="OperationsPerSample">How many operations one timed sample runs (more for sub-millisecond calls); results are per operation.</param>
/// <param name="DeltasPerOperation">Stream deltas per operation, for bytes-per-delta; null for non-streaming scenarios.</param>
/// <param name="ExpectedChars">The answer length every variant must return, so a variant that skips work fails loudly.</param>
/// <param name="Variants">The variants (<c>floor</c>, <c>adapter</c>, <c>openai-sdk</c>, later <c>pipeline</c>).</param>
/// <param name="Probe">Counts what timings cannot show (Redis commands per call), in a pass of its own after the timed
/// repetitions; null when the scenario has nothing to count.</param>
internal sealed record BenchmarkScenario(
    string Name,
    int OperationsPerSample,
    int? DeltasPerOperation,
    long ExpectedChars,
    IReadOnlyList<BenchmarkVariant> Variants,
    Func<CancellationToken, Task<IReadOnlyList<ScenarioMetric>>>? Probe = null);

/// <summary>A count a scenario reports beside its timings, such as Redis commands per call.</summary>
/// <param name="Name">What was counted (<c>redis commands/call, rate limiting</c>).</param>
/// <param name="Value">The count.</param>
/// <param name="Detail">How it breaks down, or null.</param>
internal sealed record ScenarioMetric(string Name, double Value, string? Detail = null);

/// <summary>One way of doing a scenario's operation. <see cref="RunAsync"/> returns the answer length in characters.</summary>
/// <param name="Name">The variant name.</param>
/// <param name="RunAsync">Runs one operation.</param>
internal sealed record BenchmarkVariant(string Name, Func<CancellationToken, ValueTask<long>> RunAsync);

/// <summary>
/// A provider's benchmarks: the replies the separate emulator process serves (<see cref="Respond"/>, called in that process)
/// and the scenarios measured against it (<see cref="CreateScenarios"/>, called in the benchmark process).
/// One file per provider under <c>Scenarios/</c>, listed once in <see cref="Scenarios.ScenarioSets"/>.
/// </summary>
internal interface IScenarioSet
{
    /// <summary>The reply for a benchmark request, or null when the request is not this set's.</summary>
    LlmAdapters.Testing.ScriptedReply? Respond(LlmAdapters.Testing.CapturedRequest request);

    /// <summary>Creates the scenarios, each variant's clients pointed at the emulator; the returned disposables are released at the end.</summary>
    IReadOnlyList<BenchmarkScenario> CreateScenarios(Uri emulator, ICollection<IDisposable> resources);
}
