using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using static LlmAdapters.Testing.Tests.EmulatorTestSupport;

namespace LlmAdapters.Testing.Tests;

/// <summary>Faults scripted on a reply are applied by the template, the same way for every dialect.</summary>
public sealed class ProviderDialectFaultTests
{
    private static ScriptedReply FourPieces() => ScriptedReply.Text("one two three four").InChunks(4);

    [Theory]
    [MemberData(nameof(DialectCall.Names), MemberType = typeof(DialectCall))]
    public async Task DisconnectAfter_Stream_SendsExactlyThatManyFramesThenBreaksTheBody(string dialect)
    {
        var call = DialectCall.All[dialect];
        await using var emulator = await StartEmulatorAsync();
        emulator.Enqueue(FourPieces().DisconnectAfter(2));
        using var http = new HttpClient();

        using var response = await SendAsync(http, emulator, call, stream: true);
        var (received, error) = await ReadUntilBrokenAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.IsType<IOException>(error);
        Assert.Equal(2, call.CountFrames(received));
    }

    [Theory]
    [MemberData(nameof(DialectCall.Names), MemberType = typeof(DialectCall))]
    public async Task GarbleChunk_Stream_ReplacesThatFrameOnlyAndKeepsTheRest(string dialect)
    {
        var call = DialectCall.All[dialect];
        await using var emulator = await StartEmulatorAsync();
        emulator.Enqueue(FourPieces(), FourPieces().GarbleChunk(1));
        using var http = new HttpClient();

        using var clean = await SendAsync(http, emulator, call, stream: true);
        var cleanBody = await clean.Content.ReadAsStringAsync(Ct);
        using var garbled = await SendAsync(http, emulator, call, stream: true);
        var garbledBody = await garbled.Content.ReadAsStringAsync(Ct);

        var marker = garbledBody.IndexOf("<<not json>>", StringComparison.Ordinal);
        Assert.True(marker > 0, garbledBody);
        Assert.Equal(marker, garbledBody.LastIndexOf("<<not json>>", StringComparison.Ordinal));
        Assert.Equal(call.CountFrames(cleanBody), call.CountFrames(garbledBody));
        Assert.DoesNotContain("<<not json>>", cleanBody, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(DialectCall.Names), MemberType = typeof(DialectCall))]
    public async Task StallAfter_Stream_SendsThatManyFramesThenHoldsTheConnectionOpen(string dialect)
    {
        var call = DialectCall.All[dialect];
        var emulator = await StartEmulatorAsync();
        emulator.Enqueue(FourPieces().StallAfter(1));
        using var http = new HttpClient();

        using var response = await SendAsync(http, emulator, call, stream: true);
        await using var body = await response.Content.ReadAsStreamAsync(Ct);
        var received = new StringBuilder();
        var buffer = new byte[4096];
        while (call.CountFrames(received.ToString()) < 1 || !received.ToString().EndsWith('\n'))
        {
            var n = await body.ReadAsync(buffer, Ct);
            Assert.NotEqual(0, n);
            received.Append(Encoding.UTF8.GetString(buffer, 0, n));
        }

        var next = body.ReadAsync(buffer, Ct).AsTask();
        var winner = await Task.WhenAny(next, Task.Delay(TimeSpan.FromMilliseconds(400), Ct));

        Assert.NotSame(next, winner);
        Assert.Equal(1, call.CountFrames(received.ToString()));

        // A stalled response does not hold the emulator's shutdown.
        var stopping = Stopwatch.StartNew();
        await emulator.DisposeAsync();
        Assert.InRange(stopping.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        await Assert.ThrowsAnyAsync<IOException>(() => next);
    }

    [Theory]
    [MemberData(nameof(DialectCall.Names), MemberType = typeof(DialectCall))]
    public async Task DelayBeforeHeaders_Whole_HoldsTheHeadersBack(string dialect)
    {
        await using var emulator = await StartEmulatorAsync();
        emulator.Enqueue(new ScriptedReply { DelayBeforeHeaders = TimeSpan.FromMilliseconds(300) }.WithText("late"));
        using var http = new HttpClient();

        var clock = Stopwatch.StartNew();
        using var response = await SendAsync(http, emulator, DialectCall.All[dialect], stream: false);

        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(290), clock.Elapsed.ToString());
        Assert.Contains("late", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("openai")]
    [InlineData("openai-responses")]
    [InlineData("anthropic")]
    [InlineData("cohere")]
    [InlineData("ollama")]
    public async Task Error429WithRetryAfter_SendsTheWaitAsRetryAfterSeconds(string dialect)
    {
        await using var emulator = await StartEmulatorAsync();
        emulator.Enqueue(ScriptedReply.Error(429, retryAfter: TimeSpan.FromSeconds(6.2)).WithHeader("x-scripted", "yes"));
        using var http = new HttpClient();

        using var response = await SendAsync(http, emulator, DialectCall.All[dialect], stream: true);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("7", Assert.Single(response.Headers.GetValues("retry-after")));
        Assert.Equal("yes", Assert.Single(response.Headers.GetValues("x-scripted")));
    }

    [Fact]
    public async Task Error429WithRetryAfter_Gemini_ReportsTheWaitInRetryInfoNotInAHeader()
    {
        await using var emulator = await StartEmulatorAsync();
        emulator.Enqueue(ScriptedReply.Error(429, retryAfter: TimeSpan.FromSeconds(6.5)));
        using var http = new HttpClient();

        using var response = await SendAsync(http, emulator, DialectCall.All["gemini"], stream: true);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.False(response.Headers.Contains("retry-after"));
        Assert.Equal("RESOURCE_EXHAUSTED", body["error"]!["status"]!.GetValue<string>());
        Assert.Equal("6.5s", body["error"]!["details"]![0]!["retryDelay"]!.GetValue<string>());
    }

    [Fact]
    public async Task RetryAfterAsDate_SendsAnHttpDateFromTheEmulatorsClock()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        await using var emulator = await StartEmulatorAsync(o => o.TimeProvider = clock);
        emulator.Enqueue(new ScriptedReply { ErrorStatus = 503, RetryAfter = TimeSpan.FromSeconds(30), RetryAfterAsDate = true });
        using var http = new HttpClient();

        using var response = await SendAsync(http, emulator, DialectCall.All["openai"], stream: false);

        Assert.Equal("Sun, 01 Mar 2026 12:00:30 GMT", Assert.Single(response.Headers.GetValues("retry-after")));
    }

    [Fact]
    public async Task RetryAfterAsMilliseconds_SendsRetryAfterMs()
    {
        await using var emulator = await StartEmulatorAsync();
        emulator.Enqueue(new ScriptedReply { ErrorStatus = 429, RetryAfter = TimeSpan.FromMilliseconds(1500), RetryAfterAsMilliseconds = true });
        using var http = new HttpClient();

        using var response = await SendAsync(http, emulator, DialectCall.All["anthropic"], stream: false);

        Assert.Equal("1500", Assert.Single(response.Headers.GetValues("retry-after-ms")));
        Assert.False(response.Headers.Contains("retry-after"));
    }

    [Theory]
    [MemberData(nameof(DialectCall.Names), MemberType = typeof(DialectCall))]
    public async Task Html_AnyRequest_AnswersWithTheGatewayPageInsteadOfProviderJson(string dialect)
    {
        await using var emulator = await StartEmulatorAsync();
        emulator.Enqueue(ScriptedReply.Html(503));
        using var http = new HttpClient();

        using var response = await SendAsync(http, emulator, DialectCall.All[dialect], stream: true);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("<html>", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(DialectCall.Names), MemberType = typeof(DialectCall))]
    public async Task RawStream_AnyDialect_WritesTheFramesVerbatim(string dialect)
    {
        await using var emulator = await StartEmulatorAsync();
        emulator.Enqueue(ScriptedReply.RawStream("text/event-stream", "data: a\n\n", "data: b\n\n"));
        using var http = new HttpClient();

        using var response = await SendAsync(http, emulator, DialectCall.All[dialect], stream: true);

        Assert.Equal("data: a\n\ndata: b\n\n", await response.Content.ReadAsStringAsync(Ct));
    }

    private static async Task<(string Received, Exception? Error)> ReadUntilBrokenAsync(HttpResponseMessage response)
    {
        await using var body = await response.Content.ReadAsStreamAsync(Ct);
        var received = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            int n;
            while ((n = await body.ReadAsync(buffer, Ct)) > 0)
            {
                received.Write(buffer, 0, n);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return (Encoding.UTF8.GetString(received.ToArray()), ex);
        }

        return (Encoding.UTF8.GetString(received.ToArray()), null);
    }
}
