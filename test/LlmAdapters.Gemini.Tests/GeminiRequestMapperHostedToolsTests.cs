using LlmAdapters.Testing;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Gemini.Tests;

/// <summary>Hosted tools → Gemini's built-in tools: the golden <c>tools</c> array per tool, and the ones Gemini cannot serve.</summary>
public sealed class GeminiRequestMapperHostedToolsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<System.Text.Json.Nodes.JsonNode?> ToolsSentAsync(ChatOptions options)
    {
        await using var h = await GeminiHarness.StartAsync();
        h.Emulator.Enqueue(ScriptedReply.Text("ok"));
        using var client = h.Client();
        await client.GetResponseAsync("Look it up", options, Ct);
        return Assert.Single(h.Emulator.Requests).Json!["tools"];
    }

    [Fact]
    public async Task GetResponseAsync_HostedWebSearchTool_SendsGoogleSearch()
    {
        Json.Equal("""[{"googleSearch":{}}]""", await ToolsSentAsync(new ChatOptions { Tools = [new HostedWebSearchTool()] }));
    }

    [Fact]
    public async Task GetResponseAsync_HostedWebSearchToolWithFields_SendsThemInGoogleSearch()
    {
        var search = new HostedWebSearchTool(new Dictionary<string, object?>
        {
            ["timeRangeFilter"] = new Dictionary<string, object?> { ["startTime"] = "2026-01-01T00:00:00Z", ["endTime"] = "2026-02-01T00:00:00Z" },
        });

        Json.Equal(
            """[{"googleSearch":{"timeRangeFilter":{"startTime":"2026-01-01T00:00:00Z","endTime":"2026-02-01T00:00:00Z"}}}]""",
            await ToolsSentAsync(new ChatOptions { Tools = [search] }));
    }

    [Fact]
    public async Task GetResponseAsync_HostedCodeInterpreterToolWithFunction_SendsFunctionsThenCodeExecution()
    {
        var tools = await ToolsSentAsync(new ChatOptions { Tools = [new HostedCodeInterpreterTool(), AIFunctionFactory.Create(() => 1, "one")] });

        Json.Equal("""[{"functionDeclarations":[{"name":"one","parametersJsonSchema":{"type":"object","properties":{}}}]},{"codeExecution":{}}]""", tools);
    }

    [Fact]
    public async Task GetResponseAsync_UrlContextProperty_SendsUrlContext()
    {
        var options = new ChatOptions { AdditionalProperties = new() { [GeminiPropertyKeys.UrlContext] = true } };

        Json.Equal("""[{"urlContext":{}}]""", await ToolsSentAsync(options));
    }

    [Theory]
    [InlineData("file_search")]
    [InlineData("mcp")]
    public async Task GetResponseAsync_HostedToolGeminiCannotServe_ThrowsNotSupportedBeforeSending(string kind)
    {
        await using var h = await GeminiHarness.StartAsync();
        using var client = h.Client();
        AITool tool = kind == "mcp" ? new HostedMcpServerTool("docs", "https://mcp.example.com/sse") : new HostedFileSearchTool();

        var ex = await Assert.ThrowsAsync<NotSupportedException>(() => client.GetResponseAsync("Hi", new ChatOptions { Tools = [tool] }, Ct));

        Assert.Contains(tool.GetType().Name, ex.Message, StringComparison.Ordinal);
        Assert.Contains("gemini", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(h.Emulator.Requests);
    }
}
