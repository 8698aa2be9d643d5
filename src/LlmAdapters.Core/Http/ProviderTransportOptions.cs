using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;

namespace LlmAdapters.Http;

/// <summary>How an adapter's <see cref="ProviderTransport"/> talks to its provider.</summary>
internal sealed class ProviderTransportOptions
{
    /// <summary>The provider name used in errors (OpenTelemetry GenAI provider name: <c>openai</c>, <c>anthropic</c> …).</summary>
    public required string Provider { get; init; }

    /// <summary>Parses the provider's error bodies.</summary>
    public required ProviderErrorParser ErrorParser { get; init; }

    /// <summary>A caller-owned client; when null the transport creates and owns one.</summary>
    public HttpClient? HttpClient { get; init; }

    /// <summary>Produces auth headers per request; null sends none.</summary>
    public CredentialSource? Credential { get; init; }

    /// <summary>The response header carrying the provider's request id.</summary>
    public string RequestIdHeader { get; init; } = "x-request-id";

    /// <summary>Headers added to every request (version headers, attribution headers).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> DefaultHeaders { get; init; } = [];

    /// <summary>The largest response body (or stream) accepted, in bytes.</summary>
    public long MaxResponseBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>The clock used for Retry-After dates and for the timeouts below.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// How long to wait for the response headers, from sending the request (connecting included). Exceeding it raises a
    /// retryable <see cref="ProviderTimeoutException"/>; <see cref="Timeout.InfiniteTimeSpan"/> waits without limit.
    /// </summary>
    /// <value>
    /// The default (<see langword="null"/>) is <see cref="DefaultStreamingHeadersTimeout"/> (100 s) for streaming requests
    /// and <see cref="DefaultResponseHeadersTimeout"/> (10 minutes) otherwise: a stream's headers come before the model
    /// starts generating, a whole response's only once the model has finished.
    /// </value>
    public TimeSpan? ResponseHeadersTimeout { get; init; }

    /// <summary>
    /// How long a response body may send nothing while the adapter waits for its next byte, for streams and whole bodies
    /// alike. Exceeding it raises a retryable <see cref="ProviderTimeoutException"/> (what a stream already yielded is kept);
    /// <see cref="Timeout.InfiniteTimeSpan"/> waits without limit.
    /// </summary>
    /// <value>
    /// The default (<see langword="null"/>) is <see cref="DefaultStreamIdleTimeout"/> (5 minutes): a reasoning model whose
    /// thinking is not streamed can be silent for minutes on a healthy stream, so a tighter default would cut off real answers.
    /// </value>
    public TimeSpan? StreamIdleTimeout { get; init; }

    /// <summary>The headers timeout for a whole (non-streaming) response: generation happens before the headers are sent.</summary>
    public static TimeSpan DefaultResponseHeadersTimeout { get; } = TimeSpan.FromMinutes(10);

    /// <summary>The headers timeout for a streaming response: the headers come before generation starts.</summary>
    public static TimeSpan DefaultStreamingHeadersTimeout { get; } = TimeSpan.FromSeconds(100);

    /// <summary>The idle timeout of a response body.</summary>
    public static TimeSpan DefaultStreamIdleTimeout { get; } = TimeSpan.FromMinutes(5);
}
