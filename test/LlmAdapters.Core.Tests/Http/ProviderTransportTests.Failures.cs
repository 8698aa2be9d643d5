using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using LlmAdapters.Core.Tests.TestSupport;
using LlmAdapters.Http;
using LlmAdapters.Testing;
using Microsoft.Extensions.Time.Testing;
using LlmAdapters.Tests.Shared;

namespace LlmAdapters.Core.Tests.Http;

/// <summary>Cancellation, unreachable hosts, client timeouts, disposal, streams, error parsing and whole-body reads.</summary>
public sealed partial class ProviderTransportTests
{
    [Fact]
    public async Task SendAsync_AlreadyCancelled_ThrowsOperationCanceledWithoutSending()
    {
        await using var emulator = await StartAsync();
        using var transport = Transport(emulator);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => transport.SendAsync(HttpMethod.Post, emulator.Url("test/echo"), null, streaming: false, new CancellationToken(canceled: true)));

        Assert.Empty(emulator.Requests);
    }

    [Fact]
    public async Task SendAsync_ClosedPort_ThrowsProviderNetworkExceptionNamingTheHost()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var transport = new ProviderTransport(new ProviderTransportOptions
        {
            Provider = Provider,
            ErrorParser = TestErrorParser.Parse,
            Credential = new ApiKeyCredential(Key),
        });

        var ex = await Assert.ThrowsAsync<ProviderNetworkException>(
            () => transport.SendAsync(HttpMethod.Post, new Uri($"http://127.0.0.1:{port}/test/echo"), null, streaming: false, Ct));

        Assert.StartsWith($"Could not reach testprov at http://127.0.0.1:{port}: ", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("..", ex.Message, StringComparison.Ordinal);
        Assert.EndsWith("Check the endpoint, the network and any proxy, then retry.", ex.Message, StringComparison.Ordinal);
        Assert.True(ex.IsRetryable);
        Assert.Null(ex.StatusCode);
        Assert.IsType<HttpRequestException>(ex.InnerException);
        Assert.DoesNotContain(Key, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_ClientTimeout_ThrowsProviderTimeoutException()
    {
        await using var emulator = await StartAsync();
        emulator.Enqueue(new ScriptedReply { DelayBeforeHeaders = TimeSpan.FromMinutes(5) }.WithText("late"));
        using var http = new HttpClient { Timeout = TimeSpan.FromMilliseconds(300) };
        using var transport = Transport(emulator, httpClient: http);

        var ex = await Assert.ThrowsAsync<ProviderTimeoutException>(() => SendEchoAsync(transport, emulator));

        Assert.StartsWith($"The request to testprov at {emulator.BaseAddress.GetLeftPart(UriPartial.Authority)} timed out", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispose_CallerOwnedHttpClient_IsLeftUsable()
    {
        await using var emulator = await StartAsync();
        using var http = new HttpClient();
        var transport = Transport(emulator, httpClient: http);

        transport.Dispose();

        using var response = await http.GetAsync(emulator.Url("nowhere"), Ct);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Stream_Complete_YieldsEveryFrameThenTheTerminator()
    {
        await using var emulator = await StartAsync();
        emulator.Enqueue(ScriptedReply.Text("abcdef").InChunks(3));
        using var transport = Transport(emulator);

        var frames = new List<string>();
        await foreach (var frame in StreamAsync(transport, emulator, Ct))
        {
            frames.Add(frame);
        }

        Assert.Equal(["""{"text":"ab"}""", """{"text":"cd"}""", """{"text":"ef"}""", "[DONE]"], frames);
    }

    [Fact]
    public async Task Stream_ConnectionDropped_KeepsYieldedFramesThenThrowsTypedException()
    {
        await using var emulator = await StartAsync();
        emulator.Enqueue(ScriptedReply.Text("abcdef").InChunks(3).DisconnectAfter(2).WithHeader("x-request-id", "req_s"));
        using var transport = Transport(emulator);
        var frames = new List<string>();

        var ex = await Assert.ThrowsAnyAsync<ProviderException>(async () =>
        {
            await foreach (var frame in StreamAsync(transport, emulator, Ct))
            {
                frames.Add(frame);
            }
        });

        // The emulator flushes every frame to the socket before it drops the connection, so the client gets
        // exactly the frames sent and then a typed, retryable interruption — never a raw IOException.
        Assert.Equal(["""{"text":"ab"}""", """{"text":"cd"}"""], frames);
        var interrupted = Assert.IsType<StreamInterruptedException>(ex);
        Assert.True(interrupted.IsRetryable);
        Assert.Equal("req_s", interrupted.RequestId);
    }

    [Fact]
    public async Task Stream_CancelledMidStream_ThrowsOperationCanceled()
    {
        await using var emulator = await StartAsync();
        emulator.Enqueue(ScriptedReply.Text("abcdefghij").InChunks(10));
        using var transport = Transport(emulator);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var frames = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in StreamAsync(transport, emulator, cts.Token))
            {
                frames++;
                await cts.CancelAsync();
            }
        });

        Assert.Equal(1, frames);
    }

    [Fact]
    public void ParseError_ParserThrowsJsonException_ReturnsEmptyInfoSoTheStatusDecides()
    {
        using var transport = new ProviderTransport(new ProviderTransportOptions
        {
            Provider = Provider,
            ErrorParser = (_, _) => throw new System.Text.Json.JsonException("bad"),
        });

        Assert.Equal(default, transport.ParseError(500, "{"u8));
    }

    [Theory]
    [InlineData(typeof(InvalidOperationException))]
    [InlineData(typeof(ArgumentException))]
    [InlineData(typeof(FormatException))]
    [InlineData(typeof(NullReferenceException))]
    public void ParseError_ParserThrowsAnythingElse_ReturnsEmptyInfoSoTheStatusDecides(Type thrown)
    {
        using var transport = new ProviderTransport(new ProviderTransportOptions
        {
            Provider = Provider,
            ErrorParser = (_, _) => throw (Exception)Activator.CreateInstance(thrown)!,
        });

        Assert.Equal(default, transport.ParseError(429, "{"u8));
    }

    [Fact]
    public void ParseError_ParserCancelled_Propagates()
    {
        using var transport = new ProviderTransport(new ProviderTransportOptions
        {
            Provider = Provider,
            ErrorParser = (_, _) => throw new OperationCanceledException(),
        });

        Assert.Throws<OperationCanceledException>(() => transport.ParseError(429, "{"u8));
    }

    [Fact]
    public void StreamError_ErrorEventInsideStream_IsTypedAndRedacted()
    {
        using var transport = new ProviderTransport(new ProviderTransportOptions
        {
            Provider = Provider,
            ErrorParser = TestErrorParser.Parse,
            Credential = new ApiKeyCredential(Key),
        });

        var ex = transport.StreamError(new ProviderErrorInfo(Type: "server_error", Message: $"failed for {Key}"), "req_x");

        Assert.IsType<StreamInterruptedException>(ex);
        Assert.Equal("req_x", ex.RequestId);
        Assert.DoesNotContain(Key, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_Success_HandsTheWholeBodyToTheParser()
    {
        await using var emulator = await StartAsync();
        emulator.Enqueue(ScriptedReply.Raw(200, "plain bytes", "text/plain"));
        using var transport = Transport(emulator);

        using var response = await transport.SendAsync(HttpMethod.Post, emulator.Url("test/echo"), null, streaming: false, Ct);
        var bytes = await response.ReadAsync(static body => body.ToArray(), "bytes", Ct);

        Assert.Equal("plain bytes"u8.ToArray(), bytes);
    }
}
