using System.Diagnostics;
using System.Net;
using LlmAdapters.Hostile;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Testing;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace LlmAdapters.Conformance;

/// <summary>
/// What every adapter owes a hostile server (a raw socket server, not the emulator): a redirect to another host is never
/// followed — a typed error names the target host, without its path or query, and no request reaches it — and a key the
/// server echoes back (as sent, upper case, lower case, percent-encoded) into an error's fields, a request-id header, a
/// rate-limit header or an in-stream error appears in none of the exception's Message, ToString() and properties, its
/// rate-limit headers, the log records of a logging pipeline, or the spans of an OpenTelemetry pipeline. A provider
/// subclasses this in a few lines: how to build its client, where its credential goes, and its error shapes.
/// </summary>
public abstract class AdapterHostileServerConformanceTests
{
    /// <summary>Every redirect status a server may send.</summary>
    public static TheoryData<int> RedirectStatuses => [301, 302, 307, 308];

    /// <summary>The forms in which a server echoes the key.</summary>
    public static TheoryData<string> EchoForms => ["exact", "upper", "lower", "url-encoded", "url-encoded-upper"];

    /// <summary>Gets the provider's key. It holds characters that percent-encoding changes, so the encoded echo differs.</summary>
    protected abstract string Key { get; }

    /// <summary>Gets the provider name the adapter reports in its exceptions.</summary>
    protected abstract string Provider { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Creates the adapter, pointed at <paramref name="endpoint"/>, holding <see cref="Key"/>.</summary>
    protected abstract IChatClient CreateClient(Uri endpoint);

    /// <summary>The key as the provider carries it in a request with these headers.</summary>
    protected abstract string? CredentialOf(IReadOnlyDictionary<string, string> headers);

    /// <summary>An error body in the provider's shape with <paramref name="echo"/> in every field it has (type, code,
    /// param, message, id).</summary>
    protected abstract string ErrorBody(string echo);

    /// <summary>A stream whose start is valid and which then reports an error with <paramref name="echo"/> in every field
    /// the provider's in-stream error has.</summary>
    protected abstract (string ContentType, string Body) StreamWithError(string echo);

    [Theory]
    [MemberData(nameof(RedirectStatuses))]
    public async Task GetResponseAsync_RedirectToAnotherHost_TypedErrorNamingOnlyTheHostAndNothingSentThere(int status)
    {
        await using var elsewhere = HostileServer.Start(c => c.WriteResponseAsync(200, "{}"));
        var location = elsewhere.Url("collect/path-part?token=query-part").AbsoluteUri;
        await using var origin = HostileServer.Start(c => c.WriteHeadAsync(status, ("Location", location), ("Content-Length", "0")));
        using var client = CreateClient(origin.BaseAddress);

        var ex = await Assert.ThrowsAnyAsync<ProviderException>(() => client.GetResponseAsync("Hello", cancellationToken: Ct));

        Assert.Equal((HttpStatusCode)status, ex.StatusCode);
        Assert.False(ex.IsRetryable);
        Assert.Contains($"a redirect to 127.0.0.1:{elsewhere.BaseAddress.Port}.", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("path-part", ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("query-part", ex.ToString(), StringComparison.Ordinal);
        Assert.Empty(elsewhere.Requests);
        Assert.Equal(Key, CredentialOf(Assert.Single(origin.Requests).Headers));
    }

    [Theory]
    [MemberData(nameof(RedirectStatuses))]
    public async Task GetStreamingResponseAsync_RedirectToAnotherHost_NotFollowed(int status)
    {
        await using var elsewhere = HostileServer.Start(c => c.WriteResponseAsync(200, string.Empty, "text/event-stream"));
        await using var origin = HostileServer.Start(c => c.WriteHeadAsync(status, ("Location", elsewhere.Url("s?sig=query-part").AbsoluteUri), ("Content-Length", "0")));
        using var client = CreateClient(origin.BaseAddress);

        var ex = await Assert.ThrowsAnyAsync<ProviderException>(async () =>
        {
            await foreach (var _ in client.GetStreamingResponseAsync("Hello", cancellationToken: Ct))
            {
            }
        });

        Assert.Equal((HttpStatusCode)status, ex.StatusCode);
        Assert.Contains($"127.0.0.1:{elsewhere.BaseAddress.Port}", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("query-part", ex.ToString(), StringComparison.Ordinal);
        Assert.Empty(elsewhere.Requests);
        Assert.Single(origin.Requests);
    }

    [Theory]
    [MemberData(nameof(EchoForms))]
    public async Task GetResponseAsync_ErrorEchoingTheKey_KeyInNoSurface(string form)
    {
        var echo = Echo(form);
        await using var server = HostileServer.Start(c => c.WriteResponseAsync(429, ErrorBody(echo), "application/json", EchoHeaders(echo)));

        var (error, surfaces) = await RunAsync(server, streaming: false);

        Assert.Equal(HttpStatusCode.TooManyRequests, error.StatusCode);
        AssertNoKey(surfaces, form);
    }

    [Theory]
    [MemberData(nameof(EchoForms))]
    public async Task GetStreamingResponseAsync_InStreamErrorEchoingTheKey_KeyInNoSurface(string form)
    {
        var echo = Echo(form);
        var (contentType, body) = StreamWithError(echo);
        await using var server = HostileServer.Start(c => c.WriteResponseAsync(200, body, contentType, EchoHeaders(echo)));

        var (error, surfaces) = await RunAsync(server, streaming: true);

        Assert.Null(error.StatusCode);
        AssertNoKey(surfaces, form);
    }

    [Theory]
    [MemberData(nameof(EchoForms))]
    public async Task GetStreamingResponseAsync_HttpErrorEchoingTheKey_KeyInNoSurface(string form)
    {
        var echo = Echo(form);
        await using var server = HostileServer.Start(c => c.WriteResponseAsync(400, ErrorBody(echo), "application/json", EchoHeaders(echo)));

        var (error, surfaces) = await RunAsync(server, streaming: true);

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        AssertNoKey(surfaces, form);
    }

    /// <summary>The key as a hostile server may write it back.</summary>
    private string Echo(string form) => form switch
    {
        "exact" => Key,
        "upper" => Key.ToUpperInvariant(),
        "lower" => Key.ToLowerInvariant(),
        "url-encoded" => Uri.EscapeDataString(Key),
        "url-encoded-upper" => Uri.EscapeDataString(Key).ToUpperInvariant(),
        _ => throw new ArgumentOutOfRangeException(nameof(form)),
    };

    /// <summary>The echo in the request-id and rate-limit headers every provider reads; also in a rate-limit header's
    /// name when the echo is a valid header name (the percent-encoded forms: a key's '/' or '=' is not allowed there).</summary>
    private static (string Name, string Value)[] EchoHeaders(string echo)
    {
        List<(string, string)> headers =
        [
            ("x-request-id", echo),
            ("request-id", echo),
            ("x-goog-request-id", echo),
            ("x-ratelimit-remaining-requests", echo),
            ("x-ratelimit-reset-requests", echo),
            ("anthropic-ratelimit-requests-remaining", echo),
        ];
        if (echo.All(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal)))
        {
            headers.Add(($"x-ratelimit-{echo}", "5"));
        }

        return [.. headers];
    }

    private async Task<(ProviderException Error, List<(string Name, string? Text)> Surfaces)> RunAsync(HostileServer server, bool streaming)
    {
        var source = $"LlmAdapters.Conformance.{GetType().Name}.{Guid.NewGuid():N}";
        var spans = new List<Activity>();
        var logger = new FakeLogger();
        using (var tracing = Sdk.CreateTracerProviderBuilder().AddSource(source).AddInMemoryExporter(spans).Build())
        {
            using var adapter = CreateClient(server.BaseAddress);
            using var client = adapter.AsBuilder()
                .Use(inner => new LoggingChatClient(inner, logger))
                .UseOpenTelemetry(sourceName: source, configure: c => c.EnableSensitiveData = true)
                .Build();

            var error = await Assert.ThrowsAnyAsync<ProviderException>(async () =>
            {
                if (!streaming)
                {
                    await client.GetResponseAsync("Hello", cancellationToken: Ct);
                    return;
                }

                await foreach (var _ in client.GetStreamingResponseAsync("Hello", cancellationToken: Ct))
                {
                }
            });

            tracing.ForceFlush();
            var surfaces = new List<(string, string?)>
            {
                ("Message", error.Message),
                ("ToString()", error.ToString()),
                ("ProviderErrorType", error.ProviderErrorType),
                ("ProviderErrorCode", error.ProviderErrorCode),
                ("RequestId", error.RequestId),
                ("Provider", error.Provider),
            };
            foreach (var (name, value) in error.RateLimits?.Headers ?? new Dictionary<string, string>())
            {
                surfaces.Add(("RateLimits.Headers key", name));
                surfaces.Add(($"RateLimits.Headers[{name}]", value));
            }

            surfaces.Add(("RateLimits.RequestsReset", error.RateLimits?.RequestsReset));
            foreach (var record in logger.Collector.GetSnapshot())
            {
                surfaces.Add(("log message", record.Message));
                surfaces.Add(("log exception", record.Exception?.ToString()));
                surfaces.Add(("log state", string.Join(";", record.StructuredState?.Select(p => $"{p.Key}={p.Value}") ?? [])));
            }

            Assert.NotEmpty(spans);
            foreach (var span in spans)
            {
                surfaces.Add(("span name", span.DisplayName));
                surfaces.Add(("span status", span.StatusDescription));
                surfaces.AddRange(span.TagObjects.Select(t => ($"span tag {t.Key}", (string?)$"{t.Value}")));
                surfaces.AddRange(span.Events.SelectMany(e => e.Tags.Select(t => ($"span event {e.Name} {t.Key}", (string?)$"{t.Value}"))));
            }

            return (error, surfaces);
        }
    }

    private void AssertNoKey(List<(string Name, string? Text)> surfaces, string form)
    {
        // The echo arrived and was masked (so the test looked at a surface that carried it).
        Assert.Contains("[REDACTED]", surfaces[0].Text, StringComparison.Ordinal);
        string[] forbidden = [Key, Uri.EscapeDataString(Key)];
        foreach (var (name, text) in surfaces)
        {
            foreach (var secret in forbidden)
            {
                Assert.False(text?.Contains(secret, StringComparison.OrdinalIgnoreCase) ?? false, $"{Provider}: the {form} echo of the key survived in {name}: {text}");
            }
        }
    }
}
