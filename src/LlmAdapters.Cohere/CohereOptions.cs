namespace LlmAdapters.Cohere;

/// <summary>Settings of a <see cref="CohereChatClient"/> or <see cref="CohereEmbeddingGenerator"/>.</summary>
public sealed class CohereOptions
{
    /// <summary>Gets or sets the base address of the API (the part before <c>v2/chat</c>).</summary>
    /// <value>The default is <c>https://api.cohere.com/</c>.</value>
    public Uri Endpoint { get; set; } = new(CohereConstants.DefaultEndpoint);

    /// <summary>Gets or sets the API key sent as <c>Authorization: Bearer</c>. When <see langword="null"/>, the
    /// <c>COHERE_API_KEY</c> environment variable is read, then <c>CO_API_KEY</c>.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Gets or sets the model used when a call names none: a chat model such as <c>command-a-03-2025</c> for
    /// <see cref="CohereChatClient"/>, an embedding model such as <c>embed-v4.0</c> for <see cref="CohereEmbeddingGenerator"/>.</summary>
    public string? DefaultModelId { get; set; }

    /// <summary>Gets or sets a caller-owned <see cref="System.Net.Http.HttpClient"/>; when <see langword="null"/> the client
    /// creates (and disposes) its own.</summary>
    public HttpClient? HttpClient { get; set; }

    /// <summary>Gets extra headers sent with every request (gateway keys, <c>X-Client-Name</c>).</summary>
    public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets or sets the largest response (or whole stream) accepted, in bytes.</summary>
    /// <value>The default is 64 MiB.</value>
    public long MaxResponseBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Gets or sets how long to wait for the response headers; <see langword="null"/> uses the transport's default.</summary>
    public TimeSpan? ResponseHeadersTimeout { get; set; }

    /// <summary>Gets or sets how long a response body may go without a byte; <see langword="null"/> uses the transport's default.</summary>
    public TimeSpan? StreamIdleTimeout { get; set; }

    /// <summary>Gets or sets the clock used for <c>retry-after</c> dates.</summary>
    /// <value>The default is <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
