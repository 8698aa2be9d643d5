using System.Text;
using LlmAdapters.Core.Tests.Hostile;
using LlmAdapters.Http;
using LlmAdapters.Hostile;
using static LlmAdapters.Core.Tests.Hostile.HostileTransport;
using LlmAdapters.Tests.Shared;

namespace LlmAdapters.Core.Tests.Http;

/// <summary>Runs alone: allocation is measured process-wide, so no other test may allocate meanwhile.</summary>
[CollectionDefinition(nameof(AllocationCollection), DisableParallelization = true)]
public sealed class AllocationCollection;

/// <summary>
/// Bounded memory against a server that lies about sizes or never stops: the cap applies before anything is buffered,
/// and what a call allocates stays within a small multiple of the cap (never a multiple of what the server sends).
/// </summary>
[Collection(nameof(AllocationCollection))]
public sealed class TransportMemoryTests
{
    // Bounds are in units of the cap (plus room for a few hundred KiB of background allocation on a shared machine):
    // what matters is that nothing scales with the gigabyte the server sends.
    private const int Cap = 1024 * 1024;
    private const long OneGiB = 1024L * 1024 * 1024;

    private static readonly byte[] Filler = Encoding.ASCII.GetBytes(new string('a', 16 * 1024));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SendAsync_ContentLengthOfOneGiB_IsRefusedBeforeReadingAndAllocatesLittle()
    {
        await using var server = HostileServer.Start(async c =>
        {
            await c.WriteHeadAsync(200, ("Content-Type", "application/json"), ("Content-Length", OneGiB.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            await c.WriteForeverAsync(Filler, chunked: false);
        });
        using var transport = Create(maxResponseBytes: Cap);
        await WarmUpAsync(transport);

        var (ex, allocated) = await MeasureAsync(() => PostAsync(transport, server.Url("v1/chat"), Ct));

        var refused = Assert.IsType<ProviderResponseException>(ex);
        Assert.Equal(
            "The testprov response announced 1073741824 bytes, more than the maximum size of 1048576 bytes, and was refused before reading. " +
            "Raise the adapter's MaxResponseBytes if this is expected.",
            refused.Message);
        Assert.InRange(allocated, 0, Cap / 2);
    }

    [Fact]
    public async Task ReadJsonAsync_EndlessChunkedBody_StopsAtTheCapWithinASmallMultipleOfIt()
    {
        await using var server = HostileServer.Start(async c =>
        {
            await c.WriteHeadAsync(200, ("Content-Type", "application/json"), ("Transfer-Encoding", "chunked"));
            await c.WriteAsync("9\r\n{\"text\":\"\r\n");
            await c.WriteForeverAsync(Filler, chunked: true);
        });
        using var transport = Create(maxResponseBytes: Cap);
        await WarmUpAsync(transport);

        var (ex, allocated) = await MeasureAsync(() => PostAsync(transport, server.Url("v1/chat"), Ct));

        var cut = Assert.IsType<ProviderResponseException>(ex);
        Assert.Equal(
            "The testprov response exceeded the maximum size of 1048576 bytes and was cut off. Raise the adapter's MaxResponseBytes if this is expected.",
            cut.Message);
        Assert.InRange(allocated, 0, 3L * Cap);
    }

    [Fact]
    public async Task ReadAsync_EndlessChunkedBody_StopsAtTheCapWithinASmallMultipleOfIt()
    {
        await using var server = HostileServer.Start(async c =>
        {
            await c.WriteHeadAsync(200, ("Content-Type", "application/octet-stream"), ("Transfer-Encoding", "chunked"));
            await c.WriteForeverAsync(Filler, chunked: true);
        });
        using var transport = Create(maxResponseBytes: Cap);
        await WarmUpAsync(transport);

        var (ex, allocated) = await MeasureAsync(async () =>
        {
            using var response = await transport.SendAsync(HttpMethod.Get, server.Url("v1/file"), null, streaming: false, Ct);
            return await response.ReadAsync(static body => body.Length, "bytes", Ct);
        });

        var cut = Assert.IsType<ProviderResponseException>(ex);
        Assert.StartsWith("The testprov response exceeded the maximum size of 1048576 bytes and was cut off.", cut.Message, StringComparison.Ordinal);
        Assert.InRange(allocated, 0, 3L * Cap);
    }

    [Fact]
    public async Task StreamAsync_EndlessEvents_RaisesStreamInterruptedAtTheCapWithinASmallMultipleOfIt()
    {
        var frame = Encoding.ASCII.GetBytes(Event(new string('x', 1000)));
        await using var server = HostileServer.Start(async c =>
        {
            await c.WriteHeadAsync(200, ("Content-Type", "text/event-stream"), ("Transfer-Encoding", "chunked"));
            await c.WriteForeverAsync(frame, chunked: true);
        });
        using var transport = Create(maxResponseBytes: Cap);
        await WarmUpAsync(transport);
        var events = 0;

        var (ex, allocated) = await MeasureAsync(async () =>
        {
            using var response = await transport.SendAsync(HttpMethod.Post, server.Url("v1/stream"), null, streaming: true, Ct);
            await using var body = await response.OpenBodyAsync(Ct);
            await foreach (var _ in StreamEvents.ReadSseAsync(body, (_, _) => 0, Provider, response.RequestId, Ct))
            {
                events++;
            }

            return events;
        });

        var interrupted = Assert.IsType<StreamInterruptedException>(ex);
        Assert.False(interrupted.IsRetryable);
        Assert.InRange(events, 1000, Cap / frame.Length);
        Assert.InRange(allocated, 0, Cap / 2);
    }

    [Fact]
    public async Task SendAsync_OneGiBHtmlErrorPage_ReadsAt64KiBAndStillMapsTheStatus()
    {
        await using var server = HostileServer.Start(async c =>
        {
            await c.WriteHeadAsync(502, ("Content-Type", "text/html"), ("Content-Length", OneGiB.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            await c.WriteForeverAsync(Filler, chunked: false);
        });
        using var transport = Create(maxResponseBytes: Cap);
        await WarmUpAsync(transport);

        var (ex, allocated) = await MeasureAsync(() => PostAsync(transport, server.Url("v1/chat"), Ct));

        var error = Assert.IsType<ProviderServerException>(ex);
        Assert.StartsWith(
            "testprov returned HTTP 502 (BadGateway): the response body was not a testprov error object (text/html, 65536 bytes)",
            error.Message,
            StringComparison.Ordinal);
        // The error body is read up to 64 KiB: a few times that, nothing near the 1 GiB sent.
        Assert.InRange(allocated, 0, Cap);
    }

    /// <summary>Runs <paramref name="call"/> once and returns what it threw and the bytes the process allocated meanwhile.</summary>
    private static async Task<(Exception? Error, long Allocated)> MeasureAsync<T>(Func<Task<T>> call)
    {
        var before = GC.GetTotalAllocatedBytes(precise: true);
        Exception? error = null;
        try
        {
            await call();
        }
        catch (Exception ex)
        {
            error = ex;
        }

        return (error, GC.GetTotalAllocatedBytes(precise: true) - before);
    }

    /// <summary>One ordinary call first, so connection setup and JIT are not counted against the body.</summary>
    private static async Task WarmUpAsync(ProviderTransport transport)
    {
        await using var warm = HostileServer.Start(c => c.WriteResponseAsync(200, """{"text":"warm"}"""));
        Assert.Equal("warm", await PostAsync(transport, warm.Url("v1/chat"), Ct));
    }
}
