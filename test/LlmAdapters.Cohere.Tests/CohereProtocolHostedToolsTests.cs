using LlmAdapters.Testing;
using Microsoft.Extensions.AI;
using static LlmAdapters.Cohere.Tests.TestSupport.CohereTestSupport;

namespace LlmAdapters.Cohere.Tests;

/// <summary>Cohere's chat runs no tools on the server: every hosted tool is refused before any I/O.</summary>
public sealed class CohereProtocolHostedToolsTests
{
    [Theory]
    [InlineData("web_search")]
    [InlineData("code_interpreter")]
    [InlineData("file_search")]
    [InlineData("mcp")]
    public async Task GetResponseAsync_HostedTool_ThrowsNotSupportedNamingProviderAndToolBeforeSending(string kind)
    {
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        using var client = Client(emulator);
        AITool tool = kind switch
        {
            "web_search" => new HostedWebSearchTool(),
            "code_interpreter" => new HostedCodeInterpreterTool(),
            "file_search" => new HostedFileSearchTool(),
            _ => new HostedMcpServerTool("docs", "https://mcp.example.com/sse"),
        };

        var ex = await Assert.ThrowsAsync<NotSupportedException>(() => client.GetResponseAsync("Hi", new ChatOptions { Tools = [tool] }, Ct));

        Assert.Contains("cohere", ex.Message, StringComparison.Ordinal);
        Assert.Contains(tool.GetType().Name, ex.Message, StringComparison.Ordinal);
        Assert.Empty(emulator.Requests);
    }
}
