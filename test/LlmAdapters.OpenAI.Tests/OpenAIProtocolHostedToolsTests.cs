using LlmAdapters.Testing;
using Microsoft.Extensions.AI;
using static LlmAdapters.OpenAI.Tests.OpenAITestSupport;

namespace LlmAdapters.OpenAI.Tests;

/// <summary>Chat Completions runs no tools on the server: every hosted tool is refused before any I/O, on both paths.</summary>
public sealed class OpenAIProtocolHostedToolsTests
{
    public static TheoryData<string> HostedTools => ["web_search", "code_interpreter", "file_search", "mcp"];

    internal static AITool Tool(string kind) => kind switch
    {
        "web_search" => new HostedWebSearchTool(),
        "code_interpreter" => new HostedCodeInterpreterTool(),
        "file_search" => new HostedFileSearchTool(),
        _ => new HostedMcpServerTool("docs", "https://mcp.example.com/sse"),
    };

    [Theory]
    [MemberData(nameof(HostedTools))]
    public async Task GetResponseAsync_HostedTool_ThrowsNotSupportedNamingProviderAndToolBeforeSending(string kind)
    {
        await using var emulator = await StartEmulatorAsync();
        using var client = Client(emulator);
        var tool = Tool(kind);

        var ex = await Assert.ThrowsAsync<NotSupportedException>(
            () => client.GetResponseAsync("Hi", new ChatOptions { Tools = [AIFunctionFactory.Create(() => 1, "one"), tool] }, Ct));

        Assert.Contains("openai", ex.Message, StringComparison.Ordinal);
        Assert.Contains(tool.GetType().Name, ex.Message, StringComparison.Ordinal);
        Assert.Empty(emulator.Requests);
    }

    [Theory]
    [MemberData(nameof(HostedTools))]
    public async Task GetStreamingResponseAsync_HostedTool_ThrowsNotSupportedBeforeSending(string kind)
    {
        await using var emulator = await StartEmulatorAsync();
        using var client = Client(emulator);

        await Assert.ThrowsAsync<NotSupportedException>(async () =>
        {
            await foreach (var _ in client.GetStreamingResponseAsync("Hi", new ChatOptions { Tools = [Tool(kind)] }, Ct))
            {
            }
        });

        Assert.Empty(emulator.Requests);
    }
}
