using System.Text.Json;
using System.Text.Json.Nodes;
using LlmAdapters.Testing;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Gemini.Tests;

/// <summary>Function calls whose arguments stream across chunks (<c>partialArgs</c>), from recorded-shape Vertex streams in TestData/Gemini.</summary>
public sealed class GeminiStreamedCallAssemblerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(List<ChatResponseUpdate> Updates, GeminiHarness Harness)> StreamAsync(string recording)
    {
        var h = await GeminiHarness.StartAsync();
        h.Emulator.Enqueue(ScriptedReply.RecordedSse(GeminiHarness.Recording(recording)));
        using var client = h.Client("gemini-3-pro-preview");
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync("Weather and shopping", cancellationToken: Ct))
        {
            updates.Add(update);
        }

        return (updates, h);
    }

    private static JsonNode? ArgumentsJson(FunctionCallContent call) =>
        JsonSerializer.SerializeToNode(call.Arguments, AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(IDictionary<string, object?>)));

    [Fact]
    public async Task GetStreamingResponseAsync_TwoCallsStreamedAsPartialArgs_YieldsTwoWholeCalls()
    {
        var (updates, h) = await StreamAsync("vertex-streamed-function-call-arguments.sse");
        await using var _ = h;

        var calls = updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>().ToList();
        Assert.Equal(2, calls.Count);
        Assert.Equal(("getWeather", "addItems"), (calls[0].Name, calls[1].Name));
        Assert.Equal(["gcall_k2RnaeSbH8ao2fMPqa2pqAk_0", "gcall_k2RnaeSbH8ao2fMPqa2pqAk_1"], calls.Select(c => c.CallId));
        Json.Equal("""{"location":"Boston, MA","options":{"units":"celsius","days":3}}""", ArgumentsJson(calls[0]));
        Json.Equal("""{"items":[{"name":"tea bags","price":0.5},{"name":"milk","organic":true}],"note":null}""", ArgumentsJson(calls[1]));
        Assert.Equal("CiQBcsjafJ2sig==", calls[0].AdditionalProperties![AdditionalPropertyKeys.ThoughtSignature]);
        Assert.Equal(ChatFinishReason.ToolCalls, Assert.Single(updates, u => u.FinishReason is not null).FinishReason);
        var usage = Assert.Single(updates.SelectMany(u => u.Contents).OfType<UsageContent>()).Details;
        Assert.Equal((58L, 129L, 88L), (usage.InputTokenCount, usage.OutputTokenCount, usage.ReasoningTokenCount));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_MissingTerminalPartThenWholeCall_CompletesAtPartWithoutWillContinue()
    {
        var (updates, h) = await StreamAsync("vertex-streamed-arguments-missing-terminal.sse");
        await using var _ = h;

        var calls = updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>().ToList();
        Assert.Equal(["setTheme", "readTheme"], calls.Select(c => c.Name));
        Json.Equal("""{"colors":["red","blue"]}""", ArgumentsJson(calls[0]));
        Assert.Null(calls[1].Arguments);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_CallStillOpenAtFinishReason_CompletesItInTheFinishingUpdate()
    {
        var (updates, h) = await StreamAsync("vertex-streamed-arguments-open-at-finish.sse");
        await using var _ = h;

        var finishing = Assert.Single(updates, u => u.FinishReason is not null);
        var call = Assert.Single(finishing.Contents.OfType<FunctionCallContent>());
        Assert.Equal("lookup", call.Name);
        Json.Equal("""{"query text":"what is 2+2"}""", ArgumentsJson(call));
        Assert.Equal(ChatFinishReason.ToolCalls, finishing.FinishReason);
        Assert.Single(updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>());
    }

    [Fact]
    public async Task GetResponseAsync_AssembledCallInHistory_GoesBackWholeWithItsSignature()
    {
        var (updates, h) = await StreamAsync("vertex-streamed-function-call-arguments.sse");
        await using var _ = h;
        var turn = updates.ToChatResponse();
        var calls = turn.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ToList();
        List<ChatMessage> history =
        [
            new(ChatRole.User, "Weather and shopping"),
            .. turn.Messages,
            new(ChatRole.Tool, [new FunctionResultContent(calls[0].CallId, "sunny"), new FunctionResultContent(calls[1].CallId, "added")]),
        ];
        h.Emulator.Enqueue(ScriptedReply.Text("Done."));
        using var client = h.Client("gemini-3-pro-preview");

        await client.GetResponseAsync(history, cancellationToken: Ct);

        var model = h.Emulator.Requests[^1].Json!["contents"]![1]!;
        Json.Equal("""
            {"role":"model","parts":[
              {"functionCall":{"name":"getWeather","args":{"location":"Boston, MA","options":{"units":"celsius","days":3}}},"thoughtSignature":"CiQBcsjafJ2sig=="},
              {"functionCall":{"name":"addItems","args":{"items":[{"name":"tea bags","price":0.5},{"name":"milk","organic":true}],"note":null}}}]}
            """, model);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_StreamFunctionCallArgumentsKey_SendsTheFlagWithTheToolMode()
    {
        await using var h = await GeminiHarness.StartAsync();
        h.Emulator.Enqueue(ScriptedReply.RecordedSse(GeminiHarness.Recording("vertex-streamed-arguments-open-at-finish.sse")));
        using var client = h.Client("gemini-3-pro-preview");
        var options = new ChatOptions
        {
            Tools = [AIFunctionFactory.Create((string query) => query, "lookup")],
            ToolMode = ChatToolMode.Auto,
            AdditionalProperties = new() { [GeminiPropertyKeys.StreamFunctionCallArguments] = true },
        };

        await foreach (var _ in client.GetStreamingResponseAsync("Look", options, Ct))
        {
        }

        Json.Equal("""{"functionCallingConfig":{"mode":"AUTO","streamFunctionCallArguments":true}}""", h.Emulator.Requests[^1].Json!["toolConfig"]);
    }

    [Theory]
    [InlineData("$.a", "a")]
    [InlineData("$.a.b[2].c", "a|b|[2]|c")]
    [InlineData("$['key with space'].x", "key with space|x")]
    [InlineData("$[\"q\"][0]", "q|[0]")]
    public void TryParsePath_SupportedForms_YieldSegments(string path, string expected)
    {
        Assert.True(GeminiStreamedCallAssembler.TryParsePath(path, out var segments));
        Assert.Equal(expected, string.Join('|', segments.Select(s => s.Key ?? $"[{s.Index}]")));
    }

    [Theory]
    [InlineData("a.b")]
    [InlineData("$..a")]
    [InlineData("$[99999999]")]
    [InlineData("$[x]")]
    [InlineData("$['open")]
    public void TryParsePath_UnsupportedOrHostile_ReturnsFalse(string path) =>
        Assert.False(GeminiStreamedCallAssembler.TryParsePath(path, out _));
}
