using System.Text;
using System.Text.Json;
using LlmAdapters.Testing;
using Microsoft.Extensions.AI;
using static LlmAdapters.Anthropic.Tests.AnthropicTestSupport;

namespace LlmAdapters.Anthropic.Tests;

/// <summary>Server-tool and MCP blocks from recorded-shape replies (TestData/Anthropic) → Microsoft.Extensions.AI contents on
/// both paths, and back into history unchanged.</summary>
public sealed class AnthropicResponseMapperServerToolsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetStreamingResponseAsync_WebSearchWithCitations_YieldsSearchCallResultAndCitedText()
    {
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        emulator.Enqueue(ScriptedReply.RecordedSse(Recording("web-search-citations.sse")));
        using var client = Client(emulator);

        var updates = await CollectAsync(client.GetStreamingResponseAsync("Who was Claude Shannon?", new ChatOptions { Tools = [new HostedWebSearchTool()] }, Ct));

        var contents = updates.SelectMany(u => u.Contents).ToList();
        var call = Assert.Single(contents.OfType<WebSearchToolCallContent>());
        Assert.Equal("srvtoolu_014hJH82Qum7Td6UV8gDXThB", call.CallId);
        Assert.Equal(["claude shannon"], call.Queries!);
        var result = Assert.Single(contents.OfType<WebSearchToolResultContent>());
        Assert.Equal("srvtoolu_014hJH82Qum7Td6UV8gDXThB", result.CallId);
        Assert.Equal(
            ["https://en.wikipedia.org/wiki/Claude_Shannon", "https://www.britannica.com/biography/Claude-Shannon"],
            result.Outputs!.Cast<UriContent>().Select(u => u.Uri.AbsoluteUri));
        Assert.Equal("Claude Shannon - Wikipedia", result.Outputs![0].AdditionalProperties!["title"]);
        var citation = Assert.Single(contents.OfType<TextContent>().SelectMany(t => t.Annotations ?? []).OfType<CitationAnnotation>());
        Assert.Equal(new Uri("https://en.wikipedia.org/wiki/Claude_Shannon"), citation.Url);
        Assert.Equal("Claude Shannon - Wikipedia", citation.Title);
        Assert.Equal("Claude Shannon was an American mathematician, electrical engineer and cryptographer", citation.Snippet);
        var response = updates.ToChatResponse();
        Assert.EndsWith("known as the father of information theory.", response.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_WebSearchTurnInHistory_SendsServerBlocksBackUnchanged()
    {
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        emulator.Enqueue(ScriptedReply.RecordedSse(Recording("web-search-citations.sse")));
        emulator.Enqueue(ScriptedReply.Text("He died in 2001."));
        using var client = Client(emulator);
        var options = new ChatOptions { Tools = [new HostedWebSearchTool()] };
        List<ChatMessage> history = [new(ChatRole.User, "Who was Claude Shannon?")];
        history.AddRange((await CollectAsync(client.GetStreamingResponseAsync(history, options, Ct))).ToChatResponse().Messages);
        history.Add(new ChatMessage(ChatRole.User, "When did he die?"));

        await client.GetResponseAsync(history, options, Ct);

        var assistant = emulator.Requests[1].Json!["messages"]![1]!["content"]!.AsArray();
        AssertJson("""{"type":"server_tool_use","id":"srvtoolu_014hJH82Qum7Td6UV8gDXThB","name":"web_search","input":{"query":"claude shannon"}}""", assistant[1]);
        AssertJson(
            """
            {"type":"web_search_tool_result","tool_use_id":"srvtoolu_014hJH82Qum7Td6UV8gDXThB","content":[
              {"type":"web_search_result","title":"Claude Shannon - Wikipedia","url":"https://en.wikipedia.org/wiki/Claude_Shannon","encrypted_content":"EqgfCioIARgBIiQ3YTAwMjY1Mi1mZjM5","page_age":"April 30, 2025"},
              {"type":"web_search_result","title":"Claude Shannon | Britannica","url":"https://www.britannica.com/biography/Claude-Shannon","encrypted_content":"EpQKCioIARgBIiQ1ZjM2MzRmZS0xY2Ew","page_age":null}]}
            """,
            assistant[2]);
    }

    [Fact]
    public async Task GetResponseAsync_CodeExecution_YieldsCodeInterpreterCallsAndResults()
    {
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        emulator.Enqueue(ScriptedReply.Raw(200, Recording("code-execution.json")));
        using var client = Client(emulator);

        var response = await client.GetResponseAsync("Mean of 1..4?", new ChatOptions { Tools = [new HostedCodeInterpreterTool()] }, Ct);

        var contents = response.Messages[0].Contents;
        Assert.Equal(6, contents.Count);
        var python = Assert.IsType<CodeInterpreterToolCallContent>(contents[1]);
        Assert.Equal("srvtoolu_01A2B3C4D5E6F7G8H9", python.CallId);
        var code = Assert.IsType<DataContent>(Assert.Single(python.Inputs!));
        Assert.Equal(("text/x-python", "import statistics\nprint(statistics.mean([1, 2, 3, 4]))"), (code.MediaType, Encoding.UTF8.GetString(code.Data.Span)));
        var output = Assert.IsType<CodeInterpreterToolResultContent>(contents[2]);
        Assert.Equal("srvtoolu_01A2B3C4D5E6F7G8H9", output.CallId);
        Assert.Equal("2.5\n", Assert.IsType<TextContent>(Assert.Single(output.Outputs!)).Text);
        var bash = Assert.IsType<CodeInterpreterToolCallContent>(contents[3]);
        Assert.Equal("ls /missing", Encoding.UTF8.GetString(Assert.IsType<DataContent>(Assert.Single(bash.Inputs!)).Data.Span));
        var failed = Assert.IsType<CodeInterpreterToolResultContent>(contents[4]);
        Assert.Collection(
            failed.Outputs!,
            c => Assert.Equal(("stderr", "return_code 2"), (Assert.IsType<ErrorContent>(c).ErrorCode, ((ErrorContent)c).Details)),
            c => Assert.Equal("file_011CNha8iCJcU1wXNR6q4V8w", Assert.IsType<HostedFileContent>(c).FileId));
        Assert.Equal("The mean is 2.5.", Assert.IsType<TextContent>(contents[5]).Text);
    }

    [Fact]
    public async Task GetResponseAsync_CodeExecutionTurnInHistory_SendsBlocksBackUnchanged()
    {
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        emulator.Enqueue(ScriptedReply.Raw(200, Recording("code-execution.json")));
        emulator.Enqueue(ScriptedReply.Text("Done."));
        using var client = Client(emulator);
        List<ChatMessage> history = [new(ChatRole.User, "Mean of 1..4?")];
        history.AddRange((await client.GetResponseAsync(history, cancellationToken: Ct)).Messages);
        history.Add(new ChatMessage(ChatRole.User, "Thanks"));

        await client.GetResponseAsync(history, cancellationToken: Ct);

        var sent = emulator.Requests[1].Json!["messages"]![1]!["content"];
        var recorded = System.Text.Json.Nodes.JsonNode.Parse(Recording("code-execution.json"))!["content"];
        AssertJson(recorded!.ToJsonString(), sent);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_McpConnector_YieldsMcpCallAndResult()
    {
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        emulator.Enqueue(ScriptedReply.RecordedSse(Recording("mcp-tool.sse")));
        using var client = Client(emulator);
        var mcp = new HostedMcpServerTool("echo-server", "https://mcp.example.com/sse");

        var updates = await CollectAsync(client.GetStreamingResponseAsync("Echo hello", new ChatOptions { Tools = [mcp] }, Ct));

        var contents = updates.SelectMany(u => u.Contents).ToList();
        var call = Assert.Single(contents.OfType<McpServerToolCallContent>());
        Assert.Equal(("mcptoolu_01Nq2ZkTc1X7qT9w", "echo", "echo-server"), (call.CallId, call.Name, call.ServerName));
        Assert.Equal("hello", ((JsonElement)call.Arguments!["message"]!).GetString());
        var result = Assert.Single(contents.OfType<McpServerToolResultContent>());
        Assert.Equal("mcptoolu_01Nq2ZkTc1X7qT9w", result.CallId);
        Assert.Equal("Tool echo: hello", Assert.IsType<TextContent>(Assert.Single(result.Outputs!)).Text);
        Assert.Equal("The server said hello.", updates.ToChatResponse().Text);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponseAsync_EmulatorProviderBlocks_YieldSearchCallAndResultOnBothPaths(bool streaming)
    {
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        emulator.Enqueue(new ScriptedReply()
            .WithProviderBlock("""{"type":"server_tool_use","id":"srvtoolu_9","name":"web_search","input":{"query":"rates"}}""")
            .WithProviderBlock("""{"type":"web_search_tool_result","tool_use_id":"srvtoolu_9","content":[{"type":"web_search_result","url":"https://www.ecb.europa.eu/","title":"ECB","encrypted_content":"enc-1"}]}""")
            .WithText("Rates held."));
        using var client = Client(emulator);
        var options = new ChatOptions { Tools = [new HostedWebSearchTool()] };

        var response = streaming
            ? (await CollectAsync(client.GetStreamingResponseAsync("Rates?", options, Ct))).ToChatResponse()
            : await client.GetResponseAsync("Rates?", options, Ct);

        var contents = response.Messages.SelectMany(m => m.Contents).ToList();
        Assert.Equal(["rates"], Assert.Single(contents.OfType<WebSearchToolCallContent>()).Queries!);
        Assert.Equal("https://www.ecb.europa.eu/", Assert.IsType<UriContent>(Assert.Single(Assert.Single(contents.OfType<WebSearchToolResultContent>()).Outputs!)).Uri.AbsoluteUri);
        Assert.Equal("Rates held.", response.Text);
    }

    [Fact]
    public void FromBlock_McpResultWithError_YieldsErrorContent()
    {
        var block = JsonSerializer.Deserialize(
            """{"type":"mcp_tool_result","tool_use_id":"mcptoolu_1","is_error":true,"content":"server unreachable"}""",
            Wire.AnthropicJsonContext.Default.ResponseBlock)!;

        var result = Assert.IsType<McpServerToolResultContent>(AnthropicResponseMapper.FromBlock(block, null));

        var error = Assert.IsType<ErrorContent>(Assert.Single(result.Outputs!));
        Assert.Equal(("server unreachable", "mcp_tool_error"), (error.Message, error.ErrorCode));
        Assert.Same(block, result.RawRepresentation);
    }

    [Fact]
    public void FromBlock_WebSearchResultError_YieldsErrorContentWithCode()
    {
        var block = JsonSerializer.Deserialize(
            """{"type":"web_search_tool_result","tool_use_id":"srvtoolu_1","content":{"type":"web_search_tool_result_error","error_code":"max_uses_exceeded"}}""",
            Wire.AnthropicJsonContext.Default.ResponseBlock)!;

        var result = Assert.IsType<WebSearchToolResultContent>(AnthropicResponseMapper.FromBlock(block, null));

        Assert.Equal("max_uses_exceeded", Assert.IsType<ErrorContent>(Assert.Single(result.Outputs!)).ErrorCode);
    }

    [Fact]
    public void FromBlock_WebFetchResult_IsKeptRaw()
    {
        var block = JsonSerializer.Deserialize(
            """{"type":"web_fetch_tool_result","tool_use_id":"srvtoolu_2","content":{"type":"web_fetch_tool_result_error","error_code":"url_not_accessible"}}""",
            Wire.AnthropicJsonContext.Default.ResponseBlock)!;

        var content = AnthropicResponseMapper.FromBlock(block, null);

        Assert.Equal(typeof(AIContent), content.GetType());
        Assert.Same(block, content.RawRepresentation);
    }
}
