using Microsoft.Extensions.AI;

namespace LlmAdapters.Fuzzing;

/// <summary>
/// Seeded mutations of one provider's recorded-shape bodies, whole and streamed: only typed exceptions, no hang, bounded
/// allocation. A provider subclasses it with its two recordings, its seeds and a client factory.
/// <c>LLMADAPTERS_FUZZ_CASES=10000</c> runs the long mode.
/// </summary>
public abstract class ChatClientFuzzTests
{
    /// <summary>Gets the provider name written in the run's report line.</summary>
    protected abstract string Provider { get; }

    /// <summary>Gets a recorded-shape non-streamed response body (JSON).</summary>
    protected abstract byte[] WholeBody { get; }

    /// <summary>Gets a recorded-shape streamed response body (SSE).</summary>
    protected abstract byte[] StreamBody { get; }

    /// <summary>Gets the media type the stream is served with (SSE unless the provider streams NDJSON).</summary>
    protected virtual string StreamContentType => "text/event-stream";

    /// <summary>Gets the seed of the whole-body run.</summary>
    protected abstract int WholeSeed { get; }

    /// <summary>Gets the seed of the stream run.</summary>
    protected abstract int StreamSeed { get; }

    [Fact]
    public Task GetResponseAsync_MutatedBodies_OnlyTypedExceptionsNoHangBoundedAllocation() =>
        RunAsync(WholeBody, "application/json", streaming: false, WholeSeed);

    [Fact]
    public Task GetStreamingResponseAsync_MutatedStreams_OnlyTypedExceptionsNoHangBoundedAllocation() =>
        RunAsync(StreamBody, StreamContentType, streaming: true, StreamSeed);

    /// <summary>Creates the provider's client pointed at the hostile server.</summary>
    /// <param name="address">The server's base address.</param>
    /// <returns>The client.</returns>
    protected abstract IChatClient CreateClient(Uri address);

    private async Task RunAsync(byte[] body, string contentType, bool streaming, int seed)
    {
        var report = await FuzzHarness.RunAsync(
            CreateClient,
            body,
            contentType,
            streaming,
            seed,
            FuzzMutator.Cases,
            TestContext.Current.CancellationToken);

        TestContext.Current.TestOutputHelper?.WriteLine($"{Provider} {(streaming ? "stream" : "whole")}: {report}");
        Assert.True(report.Untyped == 0 && report.Hangs == 0, report.ToString());
        Assert.InRange(report.MaxAllocatedBytes, 0, FuzzHarness.AllocationBound(body));
    }
}
