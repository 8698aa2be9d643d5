namespace LlmAdapters.Ollama.Tests;

public sealed class OllamaProtocolTests
{
    [Theory]
    [InlineData(null, "http://localhost:11434/")]
    [InlineData("", "http://localhost:11434/")]
    [InlineData("gpu-box", "http://gpu-box:11434/")]
    [InlineData("gpu-box:8080", "http://gpu-box:8080/")]
    [InlineData("0.0.0.0", "http://127.0.0.1:11434/")]
    [InlineData("0.0.0.0:11435", "http://127.0.0.1:11435/")]
    [InlineData(":11500", "http://127.0.0.1:11500/")]
    [InlineData("::", "http://[::1]:11434/")]
    [InlineData("[::1]:9000", "http://[::1]:9000/")]
    [InlineData("http://gpu-box", "http://gpu-box/")]
    [InlineData("https://ollama.example.com", "https://ollama.example.com/")]
    [InlineData("https://proxy.example.com:8443/ollama", "https://proxy.example.com:8443/ollama/")]
    [InlineData("ollama.com", "https://ollama.com/")]
    [InlineData("  \"127.0.0.1:11434\" ", "http://127.0.0.1:11434/")]
    public void ResolveEndpoint_OllamaHost_ReadAsTheOllamaCommandReadsIt(string? ollamaHost, string expected)
    {
        Assert.Equal(new Uri(expected), OllamaProtocol.ResolveEndpoint(null, ollamaHost));
    }

    [Theory]
    [InlineData("http://gpu-box:11434", "http://gpu-box:11434/")]
    [InlineData("http://gpu-box:11434/v1/", "http://gpu-box:11434/")]
    [InlineData("http://gpu-box:11434/v1", "http://gpu-box:11434/")]
    [InlineData("https://proxy.example.com/ollama", "https://proxy.example.com/ollama/")]
    public void ResolveEndpoint_ConfiguredEndpoint_WinsOverOllamaHost(string configured, string expected)
    {
        Assert.Equal(new Uri(expected), OllamaProtocol.ResolveEndpoint(new Uri(configured), "other-box:1234"));
    }

    [Theory]
    [InlineData("gpu-box:port")]
    [InlineData("gpu-box:70000")]
    [InlineData("ftp://gpu-box")]
    [InlineData("bad host name")]
    public void ResolveEndpoint_UnusableOllamaHost_ThrowsConfigurationErrorNamingTheVariable(string ollamaHost)
    {
        var ex = Assert.Throws<ProviderConfigurationException>(() => OllamaProtocol.ResolveEndpoint(null, ollamaHost));

        Assert.StartsWith($"OLLAMA_HOST '{ollamaHost}'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ResolveEndpoint_RelativeEndpoint_ThrowsConfigurationError()
    {
        Assert.Throws<ProviderConfigurationException>(() => OllamaProtocol.ResolveEndpoint(new Uri("api", UriKind.Relative), null));
    }
}
