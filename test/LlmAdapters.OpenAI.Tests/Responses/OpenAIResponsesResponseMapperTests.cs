using System.Text;
using LlmAdapters.OpenAI.Responses.Wire;
using LlmAdapters.Testing;
using Microsoft.Extensions.AI;
using static LlmAdapters.OpenAI.Tests.Responses.OpenAIResponsesTestData;
using static LlmAdapters.OpenAI.Tests.OpenAITestSupport;

namespace LlmAdapters.OpenAI.Tests.Responses;

public sealed class OpenAIResponsesResponseMapperTests
{
    /// <summary>What the recorded hosted-tool response says, whichever path delivered it.</summary>
    internal static void AssertHostedTools(ChatResponse response, bool streamed)
    {
        var contents = response.Messages.SelectMany(m => m.Contents).ToList();
        var search = Assert.Single(contents.OfType<WebSearchToolCallContent>());
        Assert.Equal("ws_01", search.CallId);
        Assert.Equal(["python release date"], search.Queries!);
        var code = Assert.Single(contents.OfType<CodeInterpreterToolCallContent>());
        Assert.Equal("ci_01", code.CallId);
        var source = Assert.IsType<DataContent>(Assert.Single(code.Inputs!));
        Assert.Equal(("print(6*7)", "text/x-python"), (Encoding.UTF8.GetString(source.Data.Span), source.MediaType));
        var result = Assert.Single(contents.OfType<CodeInterpreterToolResultContent>());
        Assert.Equal("42\n", Assert.IsType<TextContent>(Assert.Single(result.Outputs!)).Text);
        var mcp = Assert.Single(contents.OfType<McpServerToolCallContent>());
        Assert.Equal(("mcp_01", "ask_question", "deepwiki"), (mcp.CallId, mcp.Name, mcp.ServerName));
        Assert.Equal("What is MEAI?", mcp.Arguments!["question"]!.ToString());
        var mcpResult = Assert.Single(contents.OfType<McpServerToolResultContent>());
        Assert.Equal("A set of AI abstractions.", Assert.IsType<TextContent>(Assert.Single(mcpResult.Outputs!)).Text);
        var raw = contents.Where(c => c.GetType() == typeof(AIContent)).Select(c => c.RawRepresentation switch
        {
            OpenAIResponsesItem item => item.Type,
            OpenAIResponsesStreamEvent e => e.Item!.Type,
            _ => null,
        });
        Assert.Equal(["mcp_list_tools", "file_search_call"], raw);
        Assert.Equal("Python 3.14 shipped.", response.Text);
        var citations = contents.OfType<TextContent>().SelectMany(t => t.Annotations ?? []).Cast<CitationAnnotation>().ToList();
        Assert.Equal(2, citations.Count);
        Assert.Equal((new Uri("https://www.python.org/downloads/"), "Python.org"), (citations[0].Url, citations[0].Title));
        Assert.Equal(("file-rn", "notes.md"), (citations[1].FileId, citations[1].Title));
        var usage = response.Usage!;
        Assert.Equal((900L, 120L, 1020L, 100L, 64L), (usage.InputTokenCount, usage.OutputTokenCount, usage.TotalTokenCount, usage.CachedInputTokenCount, usage.ReasoningTokenCount));
        Assert.Equal(50L, usage.AdditionalCounts![AdditionalPropertyKeys.CacheWriteInputTokens]);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal("resp_tools", response.ConversationId);
        Assert.All(contents, c => Assert.True(c.RawRepresentation is not null || (streamed && c is UsageContent), c.GetType().Name));
    }

    [Fact]
    public async Task GetResponseAsync_HostedTools_MapsCallsResultsCitationsAndRawItems()
    {
        await using var emulator = await StartEmulatorAsync();
        using var client = ResponsesClient(emulator);
        emulator.Enqueue(Whole("hosted-tools-response.json"));

        var response = await client.GetResponseAsync("Research", cancellationToken: Ct);

        AssertHostedTools(response, streamed: false);
        Assert.Equal("default", response.AdditionalProperties![OpenAIPropertyKeys.ServiceTier]);
    }

    [Fact]
    public async Task GetResponseAsync_FailedMcpCall_MapsTheErrorAsTheResult()
    {
        await using var emulator = await StartEmulatorAsync();
        using var client = ResponsesClient(emulator);
        emulator.Enqueue(Whole("mcp-error-response.json"));

        var response = await client.GetResponseAsync("Ask", cancellationToken: Ct);

        var result = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<McpServerToolResultContent>());
        var error = Assert.IsType<ErrorContent>(Assert.Single(result.Outputs!));
        Assert.Contains("mcp_tool_execution_error", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_FailedResponse_ThrowsTypedErrorWithTheCode()
    {
        await using var emulator = await StartEmulatorAsync();
        using var client = ResponsesClient(emulator);
        emulator.Enqueue(Whole("failed-response.json"));

        var ex = await Assert.ThrowsAsync<ProviderServerException>(() => client.GetResponseAsync("Search", cancellationToken: Ct));

        Assert.Equal("vector_store_timeout", ex.ProviderErrorCode);
        Assert.Equal("openai", ex.Provider);
        Assert.True(ex.IsRetryable);
        Assert.StartsWith("openai answered with a failed response", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("stream", ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("length", "length")]
    [InlineData("content_filter", "content_filter")]
    public async Task GetResponseAsync_IncompleteReason_MapsToTheFinishReason(string scripted, string expected)
    {
        await using var emulator = await StartEmulatorAsync();
        using var client = ResponsesClient(emulator);
        emulator.Enqueue(ScriptedReply.Text("cut").WithFinishReason(scripted).WithUsage(3, 4));

        var response = await client.GetResponseAsync("Hi", cancellationToken: Ct);

        Assert.Equal(new ChatFinishReason(expected), response.FinishReason);
        Assert.Equal("incomplete", Assert.IsType<OpenAIResponsesResponse>(response.RawRepresentation).Status);
    }

    [Fact]
    public async Task GetResponseAsync_ReasoningWithEncryptedContent_SetsProtectedDataAndKeepsTheItem()
    {
        await using var emulator = await StartEmulatorAsync();
        using var client = ResponsesClient(emulator);
        emulator.Enqueue(ScriptedReply.Text("Answer.").WithReasoning("Plan.", signature: "enc-1").WithUsage(10, 20, cachedInput: 4, reasoning: 15));

        var response = await client.GetResponseAsync("Hi", cancellationToken: Ct);

        var reasoning = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<TextReasoningContent>());
        Assert.Equal(("Plan.", "enc-1"), (reasoning.Text, reasoning.ProtectedData));
        Assert.Equal("reasoning", Assert.IsType<OpenAIResponsesItem>(reasoning.RawRepresentation).Type);
        Assert.Equal((10L, 20L, 30L, 4L, 15L), (response.Usage!.InputTokenCount, response.Usage.OutputTokenCount, response.Usage.TotalTokenCount, response.Usage.CachedInputTokenCount, response.Usage.ReasoningTokenCount));
    }
}
