using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;

namespace LlmAdapters;

/// <summary>
/// The settings every provider adapter shares: where requests go, how they authenticate, the default model, the HTTP client,
/// extra headers, response limits, timeouts and the clock. Each provider's options (<c>OpenAIOptions</c>,
/// <c>AnthropicOptions</c>, <c>GeminiOptions</c> …) derive from it and add what only that provider has.
/// </summary>
public abstract class ProviderOptions
{
    private Dictionary<string, string> _headers = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Initializes a new instance.</summary>
    /// <param name="defaultEndpoint">The provider's public endpoint, or <see langword="null"/> when the provider chooses it
    /// per back end (Gemini API or Vertex AI).</param>
    protected ProviderOptions(Uri? defaultEndpoint) => Endpoint = defaultEndpoint;

    /// <summary>Gets or sets the API base address; the adapter appends its request paths to it. <see langword="null"/> uses the
    /// provider's public endpoint.</summary>
    /// <value>The default is the provider's public endpoint (each provider's options say which).</value>
    public Uri? Endpoint { get; set; }

    /// <summary>Gets or sets the API key. When empty, the provider's usual environment variable is read (each provider's
    /// options say which).</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? ApiKey { get; set; }

    /// <summary>Gets or sets a credential source that authenticates every request instead of a key (for example a stored
    /// OAuth sign-in that refreshes itself). When set, the adapter resolves no key and sends this source's headers; Anthropic
    /// sends them with its OAuth beta flag.</summary>
    /// <value>The default is <see langword="null"/>: the adapter's own key or token.</value>
    public CredentialSource? Credential { get; set; }

    /// <summary>Gets or sets the model used when a call does not name one (<c>ChatOptions.ModelId</c>).</summary>
    /// <value>The default is <see langword="null"/>: every call must name its model.</value>
    public string? DefaultModelId { get; set; }

    /// <summary>Gets or sets a caller-owned <see cref="System.Net.Http.HttpClient"/>. The adapter never disposes it; when
    /// <see langword="null"/>, each client creates (and disposes) its own.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public HttpClient? HttpClient { get; set; }

    /// <summary>Gets extra headers sent with every request (gateway keys, attribution headers), after the adapter's own.
    /// Names are case-insensitive; headers with blank values are not sent.</summary>
    public IDictionary<string, string> Headers => _headers;

    /// <summary>Gets or sets the largest response body (or whole stream) accepted, in bytes; a larger one fails with a
    /// <see cref="ProviderException"/> instead of exhausting memory.</summary>
    /// <value>The default is 64 MiB.</value>
    public long MaxResponseBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Gets or sets how long to wait for a response's headers after sending the request; exceeding it fails the call
    /// with a retryable timeout. <see cref="Timeout.InfiniteTimeSpan"/> waits without limit.</summary>
    /// <value>The default (<see langword="null"/>) is 100 seconds for streaming calls (headers come before generation starts)
    /// and 10 minutes otherwise (a whole response's headers come only once the answer is complete).</value>
    public TimeSpan? ResponseHeadersTimeout { get; set; }

    /// <summary>Gets or sets how long a stream may send nothing before it is treated as stalled; exceeding it fails the stream
    /// with a retryable timeout, keeping what was already received. <see cref="Timeout.InfiniteTimeSpan"/> waits without limit.</summary>
    /// <value>The default (<see langword="null"/>) is 5 minutes: a reasoning model may think silently for minutes at high
    /// effort. It bounds silence, not length; bound a whole call with a cancellation token.</value>
    public TimeSpan? StreamIdleTimeout { get; set; }

    /// <summary>Gets or sets the clock used for token expiry, <c>Retry-After</c> dates and timeouts.</summary>
    /// <value>The default is <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Gives a memberwise copy its own header dictionary (a derived <c>Clone</c> calls it).</summary>
    private protected void CopyHeadersFrom(ProviderOptions source) =>
        _headers = new Dictionary<string, string>(source._headers, StringComparer.OrdinalIgnoreCase);
}
