namespace LlmAdapters.Ollama;

/// <summary>Settings of an <see cref="OllamaChatClient"/> or <see cref="OllamaEmbeddingGenerator"/>.</summary>
/// <remarks>
/// <see cref="ProviderOptions.Endpoint"/> is the server's address (the part before <c>api/chat</c>). When it is
/// <see langword="null"/> (the default), the <c>OLLAMA_HOST</c> environment variable is read as the <c>ollama</c> command
/// reads it (<c>host</c>, <c>host:port</c> or <c>scheme://host[:port]</c>; <c>0.0.0.0</c> means this machine), then
/// <c>http://localhost:11434/</c>; an address ending in <c>/v1/</c> (the OpenAI-compatible API's) means the server above it.
/// <see cref="ProviderOptions.ApiKey"/> is sent as <c>Authorization: Bearer</c>, for hosted Ollama or a server behind an
/// authenticating proxy; when unset <c>OLLAMA_API_KEY</c> is read, and without either no key is sent (a local server needs
/// none). A local server that must first load a large model can take a while before its headers: raise
/// <see cref="ProviderOptions.ResponseHeadersTimeout"/> for very large models.
/// </remarks>
public sealed class OllamaOptions : ProviderOptions
{
    /// <summary>Initializes a new instance; the endpoint is chosen from <c>OLLAMA_HOST</c> or the local default when used.</summary>
    public OllamaOptions()
        : base(null)
    {
    }
}
