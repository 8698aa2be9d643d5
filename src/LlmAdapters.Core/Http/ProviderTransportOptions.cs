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

    /// <summary>The clock used for Retry-After dates.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
