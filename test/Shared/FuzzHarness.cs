using System.Diagnostics;
using LlmAdapters.Hostile;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Fuzzing;

/// <summary>What a fuzz run saw: cases, how many ended untyped or hung, the worst allocation, and the first failures.</summary>
internal sealed record FuzzReport(int Cases, int Succeeded, int Typed, int Untyped, int Hangs, long MaxAllocatedBytes, TimeSpan Elapsed, IReadOnlyList<string> Failures)
{
    public override string ToString() =>
        $"cases={Cases} ok={Succeeded} typed={Typed} untyped={Untyped} hangs={Hangs} maxAlloc={MaxAllocatedBytes / 1024 / 1024} MB time={Elapsed.TotalSeconds:0.0} s" +
        (Failures.Count == 0 ? string.Empty : "\n" + string.Join('\n', Failures));
}

/// <summary>
/// Serves mutated bodies from a raw socket server (so invalid UTF-8 reaches the client byte for byte) and drives one
/// adapter over them, streaming or not. A case passes when the call succeeds or throws a <see cref="ProviderException"/>;
/// any other exception is untyped; a call still running after <see cref="CaseTimeout"/> is a hang.
/// </summary>
internal static class FuzzHarness
{
    public static readonly TimeSpan CaseTimeout = TimeSpan.FromSeconds(5);

    public static async Task<FuzzReport> RunAsync(
        Func<Uri, IChatClient> clientFor, byte[] body, string contentType, bool streaming, int seed, int cases, CancellationToken cancellationToken)
    {
        byte[] current = [];
        var status = 200;
        await using var server = HostileServer.Start(c => c.WriteBytesResponseAsync(Volatile.Read(ref status), Volatile.Read(ref current), contentType));
        using var client = clientFor(server.BaseAddress);
        int ok = 0, typed = 0, untyped = 0, hangs = 0;
        long maxAllocated = 0;
        var failures = new List<string>();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < cases; i++)
        {
            var mutated = FuzzMutator.Mutate(body, seed, i, out var kind);
            Volatile.Write(ref current, mutated);
            Volatile.Write(ref status, i % 10 == 9 ? 429 : i % 10 == 8 ? 503 : 200);
            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            bounded.CancelAfter(CaseTimeout);
            var before = GC.GetTotalAllocatedBytes(precise: false);
            try
            {
                if (streaming)
                {
                    await foreach (var update in client.GetStreamingResponseAsync("x", cancellationToken: bounded.Token))
                    {
                        _ = update;
                    }
                }
                else
                {
                    _ = await client.GetResponseAsync("x", cancellationToken: bounded.Token);
                }

                ok++;
            }
            catch (ProviderException)
            {
                typed++;
            }
            catch (OperationCanceledException) when (bounded.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                hangs++;
                Note(failures, $"case {i} ({kind}): no answer within {CaseTimeout.TotalSeconds} s");
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                untyped++;
                Note(failures, $"case {i} ({kind}): {ex.GetType().FullName}: {ex.Message}\n{ex.StackTrace}");
            }

            maxAllocated = Math.Max(maxAllocated, GC.GetTotalAllocatedBytes(precise: false) - before - mutated.Length);
        }

        return new FuzzReport(cases, ok, typed, untyped, hangs, maxAllocated, clock.Elapsed, failures);
    }

    /// <summary>The allocation a case may cost: a small multiple of the largest body (the 10 MB line) plus slack for
    /// whatever else the process allocates meanwhile (other tests run in parallel).</summary>
    public static long AllocationBound(byte[] body) => (32L * ((10 * 1024 * 1024) + body.Length)) + (256L * 1024 * 1024);

    private static void Note(List<string> failures, string text)
    {
        if (failures.Count < 5)
        {
            failures.Add(text);
        }
    }
}
