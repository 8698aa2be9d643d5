using System.Text;
using LlmAdapters.Testing;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Gemini.Tests;

/// <summary>Code execution parts and Google Search grounding from recorded-shape replies (TestData/Gemini) on both paths.</summary>
public sealed class GeminiResponseMapperHostedToolsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<List<ChatResponseUpdate>> StreamAsync(GeminiHarness h, string recording, ChatOptions options)
    {
        h.Emulator.Enqueue(ScriptedReply.RecordedSse(GeminiHarness.Recording(recording)));
        using var client = h.Client();
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync("Go", options, Ct))
        {
            updates.Add(update);
        }

        return updates;
    }

    [Fact]
    public async Task GetResponseAsync_GroundingMetadata_PutsCitationsWithCharacterSpansOnTheText()
    {
        await using var h = await GeminiHarness.StartAsync();
        h.Emulator.Enqueue(ScriptedReply.Raw(200, GeminiHarness.Recording("grounding-google-search.json")));
        using var client = h.Client();

        var response = await client.GetResponseAsync("Who won Euro 2024?", new ChatOptions { Tools = [new HostedWebSearchTool()] }, Ct);

        var text = Assert.IsType<TextContent>(Assert.Single(response.Messages[0].Contents));
        var citations = text.Annotations!.Cast<CitationAnnotation>().ToList();
        Assert.Equal(3, citations.Count);
        Assert.Equal(
            ["uefa.com", "uefa.com", "aljazeera.com"],
            citations.Select(c => c.Title));
        Assert.Equal(new Uri("https://vertexaisearch.cloud.google.com/grounding-api-redirect/AQXblrw2"), citations[2].Url);
        Assert.All(citations, c => Assert.Equal("googleSearch", c.ToolName));
        var first = Assert.IsType<TextSpanAnnotatedRegion>(Assert.Single(citations[0].AnnotatedRegions!));
        Assert.Equal("Spain won Euro 2024", text.Text[first.StartIndex!.Value..first.EndIndex!.Value]);
        var second = Assert.IsType<TextSpanAnnotatedRegion>(Assert.Single(citations[1].AnnotatedRegions!));
        Assert.Equal("defeating England 2–1 in the final", text.Text[second.StartIndex!.Value..second.EndIndex!.Value]);
        Assert.Equal("defeating England 2–1 in the final", citations[1].Snippet);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_GroundingMetadataOnLastChunk_YieldsCitationsOnAnEmptyText()
    {
        await using var h = await GeminiHarness.StartAsync();

        var updates = await StreamAsync(h, "grounding-google-search.sse", new ChatOptions { Tools = [new HostedWebSearchTool()] });

        Assert.Equal("Spain won Euro 2024, defeating England 2–1 in the final.", string.Concat(updates.Select(u => u.Text)));
        var cited = Assert.Single(updates.SelectMany(u => u.Contents).OfType<TextContent>(), t => t.Annotations is { Count: > 0 });
        Assert.Equal("", cited.Text);
        Assert.Equal(
            ["Spain won Euro 2024", "defeating England 2–1 in the final", "defeating England 2–1 in the final"],
            cited.Annotations!.Cast<CitationAnnotation>().Select(c => c.Snippet));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_CodeExecution_YieldsPairedCodeInterpreterCallsAndResults()
    {
        await using var h = await GeminiHarness.StartAsync();

        var updates = await StreamAsync(h, "code-execution.sse", new ChatOptions { Tools = [new HostedCodeInterpreterTool()] });

        var contents = updates.SelectMany(u => u.Contents).ToList();
        var calls = contents.OfType<CodeInterpreterToolCallContent>().ToList();
        var results = contents.OfType<CodeInterpreterToolResultContent>().ToList();
        Assert.Equal(["gcode_c0deExec_0", "gcode_c0deExec_1"], calls.Select(c => c.CallId));
        Assert.Equal(["gcode_c0deExec_0", "gcode_c0deExec_1"], results.Select(c => c.CallId));
        var code = Assert.IsType<DataContent>(Assert.Single(calls[0].Inputs!));
        Assert.Equal(("text/x-python", "import sympy\nprint(sum(sympy.prime(i) for i in range(1, 51)))\n"), (code.MediaType, Encoding.UTF8.GetString(code.Data.Span)));
        Assert.Equal("5117\n", Assert.IsType<TextContent>(Assert.Single(results[0].Outputs!)).Text);
        var failure = Assert.IsType<ErrorContent>(Assert.Single(results[1].Outputs!));
        Assert.Equal(("OUTCOME_FAILED", "ZeroDivisionError: division by zero\n"), (failure.ErrorCode, failure.Message));
        Assert.Equal(ChatFinishReason.Stop, Assert.Single(updates, u => u.FinishReason is not null).FinishReason);
    }

    [Fact]
    public async Task GetResponseAsync_CodeExecutionTurnInHistory_SendsPartsBackAsReceived()
    {
        await using var h = await GeminiHarness.StartAsync();
        var options = new ChatOptions { Tools = [new HostedCodeInterpreterTool()] };
        var turn = (await StreamAsync(h, "code-execution.sse", options)).ToChatResponse();
        List<ChatMessage> history = [new(ChatRole.User, "Sum the first 50 primes"), .. turn.Messages, new(ChatRole.User, "Thanks")];
        h.Emulator.Enqueue(ScriptedReply.Text("You're welcome."));
        using var client = h.Client();

        await client.GetResponseAsync(history, options, Ct);

        Json.Equal(
            """
            {"role":"model","parts":[
              {"text":"I'll compute the sum of the first 50 primes."},
              {"executableCode":{"language":"PYTHON","code":"import sympy\nprint(sum(sympy.prime(i) for i in range(1, 51)))\n"}},
              {"codeExecutionResult":{"outcome":"OUTCOME_OK","output":"5117\n"}},
              {"executableCode":{"language":"PYTHON","code":"print(1/0)\n"}},
              {"codeExecutionResult":{"outcome":"OUTCOME_FAILED","output":"ZeroDivisionError: division by zero\n"}},
              {"text":"The sum is 5117."}]}
            """,
            h.Emulator.Requests[^1].Json!["contents"]![1]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponseAsync_EmulatorCodeExecutionParts_YieldCallAndResultOnBothPaths(bool streaming)
    {
        await using var h = await GeminiHarness.StartAsync();
        h.Emulator.Enqueue(new ScriptedReply { ResponseId = "emu1" }
            .WithProviderBlock("""{"executableCode":{"language":"PYTHON","code":"print(6*7)"}}""")
            .WithProviderBlock("""{"codeExecutionResult":{"outcome":"OUTCOME_OK","output":"42\n"}}""")
            .WithText("It is 42."));
        using var client = h.Client();
        var options = new ChatOptions { Tools = [new HostedCodeInterpreterTool()] };

        var response = streaming
            ? await client.GetStreamingResponseAsync("6*7?", options, Ct).ToChatResponseAsync(Ct)
            : await client.GetResponseAsync("6*7?", options, Ct);

        var contents = response.Messages.SelectMany(m => m.Contents).ToList();
        Assert.Equal("gcode_emu1_0", Assert.Single(contents.OfType<CodeInterpreterToolCallContent>()).CallId);
        var result = Assert.Single(contents.OfType<CodeInterpreterToolResultContent>());
        Assert.Equal(("gcode_emu1_0", "42\n"), (result.CallId, Assert.IsType<TextContent>(Assert.Single(result.Outputs!)).Text));
        Assert.Equal("It is 42.", response.Text);
    }

    [Theory]
    [InlineData("abc", 2, 2)]
    [InlineData("a–b", 4, 2)]
    [InlineData("a–b", 1, 1)]
    [InlineData("😀x", 4, 2)]
    [InlineData("ab", 99, 2)]
    public void CharIndex_Utf8ByteOffset_ConvertsToCharacters(string text, int bytes, int expected) =>
        Assert.Equal(expected, GeminiResponseMapper.CharIndex(text, bytes));
}
