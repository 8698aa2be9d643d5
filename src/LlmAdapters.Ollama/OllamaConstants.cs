namespace LlmAdapters.Ollama;

/// <summary>Facts about the Ollama API that the adapter and the <c>provider:model</c> factory share.</summary>
public static class OllamaConstants
{
    /// <summary>The OpenTelemetry GenAI provider name.</summary>
    public const string ProviderName = "ollama";

    /// <summary>The environment variable naming the server: <c>host</c>, <c>host:port</c> or <c>scheme://host[:port][/path]</c>,
    /// as the <c>ollama</c> command reads it.</summary>
    public const string HostEnvironmentVariable = "OLLAMA_HOST";

    /// <summary>The environment variable read for a key (hosted Ollama; a local server needs none).</summary>
    public const string ApiKeyEnvironmentVariable = "OLLAMA_API_KEY";

    /// <summary>The address of a local server.</summary>
    public const string DefaultEndpoint = "http://localhost:11434/";

    /// <summary>The port a server listens on when <c>OLLAMA_HOST</c> names a host without a port or scheme.</summary>
    public const int DefaultPort = 11434;
}
