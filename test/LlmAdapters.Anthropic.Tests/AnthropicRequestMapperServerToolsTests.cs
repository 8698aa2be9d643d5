using LlmAdapters.Testing;
using Microsoft.Extensions.AI;
using static LlmAdapters.Anthropic.Tests.AnthropicTestSupport;

namespace LlmAdapters.Anthropic.Tests;

/// <summary>Hosted tools → Anthropic server tools and the MCP connector: the golden request and its beta header, per tool.</summary>
public sealed class AnthropicRequestMapperServerToolsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<CapturedRequest> SendAsync(ChatOptions options, Action<AnthropicOptions>? configure = null)
    {
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        emulator.Enqueue(ScriptedReply.Text("ok"));
        using var client = Client(emulator, configure);
        await client.GetResponseAsync("Look it up", options, Ct);
        return Assert.Single(emulator.Requests);
    }

    [Fact]
    public async Task GetResponseAsync_HostedWebSearchTool_SendsWebSearchWithItsFieldsAndNoBeta()
    {
        var search = new HostedWebSearchTool(new Dictionary<string, object?>
        {
            ["max_uses"] = 5,
            ["allowed_domains"] = new[] { "example.com" },
            ["user_location"] = new Dictionary<string, object?> { ["type"] = "approximate", ["city"] = "Boston", ["country"] = "US" },
        });

        var request = await SendAsync(new ChatOptions { Tools = [search] });

        AssertJson(
            """
            [{"type":"web_search_20250305","name":"web_search","max_uses":5,"allowed_domains":["example.com"],
              "user_location":{"type":"approximate","city":"Boston","country":"US"}}]
            """,
            request.Json!["tools"]);
        Assert.Null(request.Header("anthropic-beta"));
    }

    [Fact]
    public async Task GetResponseAsync_HostedWebSearchToolWithVersionOverride_SendsThatType()
    {
        var search = new HostedWebSearchTool(new Dictionary<string, object?> { [AnthropicPropertyKeys.ServerToolType] = "web_search_20260209" });

        var request = await SendAsync(new ChatOptions { Tools = [search] });

        AssertJson("""[{"type":"web_search_20260209","name":"web_search"}]""", request.Json!["tools"]);
    }

    [Fact]
    public async Task GetResponseAsync_WebFetchProperty_SendsWebFetchToolWithItsBeta()
    {
        var options = new ChatOptions
        {
            AdditionalProperties = new()
            {
                [AnthropicPropertyKeys.WebFetch] = new Dictionary<string, object?>
                {
                    ["max_uses"] = 3,
                    ["citations"] = new Dictionary<string, object?> { ["enabled"] = true },
                    ["max_content_tokens"] = 50000,
                },
            },
        };

        var request = await SendAsync(options);

        AssertJson(
            """[{"type":"web_fetch_20250910","name":"web_fetch","max_uses":3,"citations":{"enabled":true},"max_content_tokens":50000}]""",
            request.Json!["tools"]);
        Assert.Equal("web-fetch-2025-09-10", request.Header("anthropic-beta"));
    }

    [Fact]
    public async Task GetResponseAsync_WebFetchPropertyNotBoolOrDictionary_ThrowsArgumentExceptionBeforeSending()
    {
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        using var client = Client(emulator);
        var options = new ChatOptions { AdditionalProperties = new() { [AnthropicPropertyKeys.WebFetch] = "yes" } };

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => client.GetResponseAsync("Hi", options, Ct));

        Assert.Equal("options", ex.ParamName);
        Assert.Empty(emulator.Requests);
    }

    [Fact]
    public async Task GetResponseAsync_HostedCodeInterpreterTool_SendsCodeExecutionWithItsBetaAfterConfiguredOnes()
    {
        var request = await SendAsync(
            new ChatOptions { Tools = [new HostedCodeInterpreterTool(), AIFunctionFactory.Create((int x) => x, "twice")] },
            o => o.BetaFeatures.Add("context-1m-2025-08-07"));

        AssertJson(
            """
            [{"type":"code_execution_20250825","name":"code_execution"},
             {"name":"twice","input_schema":{"type":"object","properties":{"x":{"type":"integer"}},"required":["x"]}}]
            """,
            request.Json!["tools"]);
        Assert.Equal("context-1m-2025-08-07,code-execution-2025-08-25", request.Header("anthropic-beta"));
    }

    [Fact]
    public async Task GetResponseAsync_HostedMcpServerTool_SendsServerToolsetAndConnectorBeta()
    {
        var mcp = new HostedMcpServerTool("echo-server", "https://mcp.example.com/sse")
        {
            AllowedTools = ["echo"],
            Headers = new Dictionary<string, string> { ["Authorization"] = "Bearer mcp-token-123" },
        };

        var request = await SendAsync(new ChatOptions { Tools = [mcp] });

        AssertJson(
            """[{"type":"url","url":"https://mcp.example.com/sse","name":"echo-server","authorization_token":"mcp-token-123"}]""",
            request.Json!["mcp_servers"]);
        AssertJson(
            """[{"type":"mcp_toolset","mcp_server_name":"echo-server","default_config":{"enabled":false},"configs":{"echo":{"enabled":true}}}]""",
            request.Json!["tools"]);
        Assert.Equal("mcp-client-2025-11-20", request.Header("anthropic-beta"));
    }

    [Fact]
    public async Task GetResponseAsync_HostedMcpServerToolRequiringApproval_ThrowsNotSupportedBeforeSending()
    {
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        using var client = Client(emulator);
        var mcp = new HostedMcpServerTool("echo-server", "https://mcp.example.com/sse") { ApprovalMode = HostedMcpServerToolApprovalMode.AlwaysRequire };

        await Assert.ThrowsAsync<NotSupportedException>(() => client.GetResponseAsync("Hi", new ChatOptions { Tools = [mcp] }, Ct));

        Assert.Empty(emulator.Requests);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_HostedFileSearchTool_ThrowsNotSupportedNamingProviderAndToolBeforeSending()
    {
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        using var client = Client(emulator);

        var ex = await Assert.ThrowsAsync<NotSupportedException>(async () =>
        {
            await foreach (var _ in client.GetStreamingResponseAsync("Hi", new ChatOptions { Tools = [new HostedFileSearchTool()] }, Ct))
            {
            }
        });

        Assert.Contains("anthropic", ex.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(HostedFileSearchTool), ex.Message, StringComparison.Ordinal);
        Assert.Empty(emulator.Requests);
    }
}
