using Microsoft.Extensions.AI;

namespace LlmAdapters.Ollama.Tests;

/// <summary>Ollama runs no tools on the server: every hosted tool is refused before any I/O.</summary>
public sealed class OllamaProtocolHostedToolsTests
{
    [Theory]
    [InlineData("web_search")]
    [InlineData("code_interpreter")]
    [InlineData("file_search")]
    [InlineData("mcp")]
    public async Task GetResponseAsync_HostedTool_ThrowsNotSupportedNamingProviderAndToolBeforeSending(string kind)
    {
        await using var h = await OllamaHarness.StartAsync();
        using var client = h.Client();
        AITool tool = kind switch
        {
            "web_search" => new HostedWebSearchTool(),
            "code_interpreter" => new HostedCodeInterpreterTool(),
            "file_search" => new HostedFileSearchTool(),
            _ => new HostedMcpServerTool("docs", "https://mcp.example.com/sse"),
        };

        var ex = await Assert.ThrowsAsync<NotSupportedException>(
            () => client.GetResponseAsync("Hi", new ChatOptions { Tools = [tool] }, TestContext.Current.CancellationToken));

        Assert.Contains("ollama", ex.Message, StringComparison.Ordinal);
        Assert.Contains(tool.GetType().Name, ex.Message, StringComparison.Ordinal);
        Assert.Empty(h.Emulator.Requests);
    }
}
