namespace LlmAdapters.Ollama;

/// <summary>Settings of an <see cref="OllamaChatClient"/> or <see cref="OllamaEmbeddingGenerator"/>.</summary>
public sealed class OllamaOptions
{
    /// <summary>Gets or sets the server's address (the part before <c>api/chat</c>). When <see langword="null"/>, the
    /// <c>OLLAMA_HOST</c> environment variable is read as the <c>ollama</c> command reads it (<c>host</c>, <c>host:port</c> or
    /// <c>scheme://host[:port]</c>; <c>0.0.0.0</c> means this machine), then <c>http://localhost:11434/</c>. An address
    /// ending in <c>/v1/</c> (the OpenAI-compatible API's) is taken to mean the server above it.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>Gets or sets a key sent as <c>Authorization: Bearer</c>, for hosted Ollama (ollama.com) or a server behind an
    /// authenticating proxy. When <see langword="null"/>, <c>OLLAMA_API_KEY</c> is read; without either, no key is sent (a local
    /// server needs none).</summary>
    public string? ApiKey { get; set; }

    /// <summary>Gets or sets the model used when <c>ChatOptions.ModelId</c> (or <c>EmbeddingGenerationOptions.ModelId</c>) is not
    /// set, for example <c>llama3.2</c>, <c>qwen3:8b</c> or <c>nomic-embed-text</c>.</summary>
    public string? DefaultModelId { get; set; }

    /// <summary>Gets or sets a caller-owned <see cref="System.Net.Http.HttpClient"/>; when <see langword="null"/> the client creates
    /// (and disposes) its own.</summary>
    public HttpClient? HttpClient { get; set; }

    /// <summary>Gets extra headers sent with every request (a proxy's key, attribution headers).</summary>
    public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets or sets the largest response body, or whole stream, accepted, in bytes.</summary>
    /// <value>The default is 64 MiB.</value>
    public long MaxResponseBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Gets or sets how long to wait for a response's headers. A local server that must first load a large model can
    /// take a while; <see langword="null"/> uses the library's default.</summary>
    public TimeSpan? ResponseHeadersTimeout { get; set; }

    /// <summary>Gets or sets how long a stream may go without a byte before it is given up; <see langword="null"/> uses the
    /// library's default.</summary>
    public TimeSpan? StreamIdleTimeout { get; set; }

    /// <summary>Gets or sets the clock used for <c>retry-after</c> dates.</summary>
    /// <value>The default is <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
