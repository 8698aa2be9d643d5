using System.Text.Json;
using System.Text.Json.Nodes;
using LlmAdapters.Anthropic.Wire;
using LlmAdapters.Testing;
using LlmAdapters.Testing.Dialects.Anthropic;
using Microsoft.Extensions.AI;
using static LlmAdapters.Anthropic.Tests.AnthropicTestSupport;

namespace LlmAdapters.Anthropic.Tests;

/// <summary>Streamed cited answers: what Microsoft.Extensions.AI's coalescing keeps of the stream mapper's contents, and
/// how the coalesced answer goes back in history (compared with the non-streamed answer of the same recording).</summary>
public sealed class AnthropicStreamMapperTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ChatResponseUpdate Piece(AIContent content) => new(ChatRole.Assistant, [content]) { MessageId = "msg_1" };

    [Fact]
    public void ToChatResponse_PlainTextPieces_MergeKeepingFirstPropertiesAndNoRawRepresentation()
    {
        // The premise of the stream mapper's design, checked on the Microsoft.Extensions.AI version under test.
        List<ChatResponseUpdate> updates =
        [
            Piece(new TextContent("Hel") { RawRepresentation = "first", AdditionalProperties = new() { ["k"] = "first" } }),
            Piece(new TextContent("lo") { RawRepresentation = "second", AdditionalProperties = new() { ["k"] = "second" } }),
        ];

        var text = Assert.IsType<TextContent>(Assert.Single(updates.ToChatResponse().Messages.Single().Contents));

        Assert.Equal("Hello", text.Text);
        Assert.Null(text.RawRepresentation);
        Assert.Null(text.Annotations);
        Assert.Equal("first", text.AdditionalProperties!["k"]);
    }

    [Fact]
    public void ToChatResponse_AnnotatedPiece_StaysApartWithItsAnnotationsAndRawRepresentation()
    {
        var citation = new CitationAnnotation { Title = "Atlas" };
        List<ChatResponseUpdate> updates =
        [
            Piece(new TextContent("Par")),
            Piece(new TextContent("is")),
            Piece(new TextContent(string.Empty) { Annotations = [citation], RawRepresentation = "block" }),
            Piece(new TextContent(" is big.")),
        ];

        var contents = updates.ToChatResponse().Messages.Single().Contents;

        Assert.Equal(["Paris", string.Empty, " is big."], contents.Cast<TextContent>().Select(t => t.Text));
        Assert.Same(citation, Assert.Single(contents[1].Annotations!));
        Assert.Equal("block", contents[1].RawRepresentation);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_CitedBlocks_EndEachCitedBlockWithItsCitations()
    {
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        emulator.Enqueue(ScriptedReply.RecordedSse(Recording("web-search-cited-blocks.sse")));
        using var client = Client(emulator);

        var updates = await CollectAsync(client.GetStreamingResponseAsync("Who was Claude Shannon?", new ChatOptions { Tools = [new HostedWebSearchTool()] }, Ct));
        var contents = updates.ToChatResponse().Messages.Single().Contents;

        Assert.Equal(
            [typeof(TextContent), typeof(WebSearchToolCallContent), typeof(WebSearchToolResultContent), typeof(TextContent), typeof(TextContent), typeof(TextContent), typeof(TextContent)],
            contents.Select(c => c.GetType()));
        Assert.Equal("Claude Shannon was an American mathematician known as the father of information theory.", ((TextContent)contents[3]).Text);
        var firstEnd = (TextContent)contents[4];
        Assert.Equal(string.Empty, firstEnd.Text);
        Assert.Equal("Claude Shannon - Wikipedia", Assert.IsType<CitationAnnotation>(Assert.Single(firstEnd.Annotations!)).Title);
        Assert.Equal(" He worked at Bell Labs and later taught at MIT.", ((TextContent)contents[5]).Text);
        var secondEnd = (TextContent)contents[6];
        Assert.Equal(
            [new Uri("https://www.britannica.com/biography/Claude-Shannon"), new Uri("https://en.wikipedia.org/wiki/Claude_Shannon")],
            secondEnd.Annotations!.Cast<CitationAnnotation>().Select(c => c.Url));
        var block = Assert.IsType<ResponseBlock>(secondEnd.RawRepresentation);
        Assert.Equal((" and later taught at MIT.", 2), (block.Text, block.Citations!.Count));
        Assert.Equal(
            "Let me search.Claude Shannon was an American mathematician known as the father of information theory. He worked at Bell Labs and later taught at MIT.",
            updates.ToChatResponse().Text);
    }

    [Fact]
    public async Task GetResponseAsync_StreamedCitedAnswerInHistory_SendsTheBlocksTheNonStreamedAnswerSends()
    {
        var streamed = await SecondTurnMessagesAsync(streaming: true);
        var whole = await SecondTurnMessagesAsync(streaming: false);

        Assert.True(JsonNode.DeepEquals(whole, streamed), $"Non-streamed:\n{whole}\nStreamed:\n{streamed}");
        var recorded = JsonNode.Parse(Recording("web-search-cited-blocks.json"))!["content"];
        AssertJson(recorded!.ToJsonString(), streamed![1]!["content"]);
    }

    [Fact]
    public async Task GetResponseAsync_StreamedEmulatorCitedAnswerInHistory_SendsTheBlocksTheNonStreamedAnswerSends()
    {
        static ScriptedReply Reply(bool _)
        {
            var reply = new ScriptedReply().WithText("The sky").WithText(" is blue.");
            reply.Parts[1].Properties[AnthropicDialect.CitationsProperty] = new[] { """{"type":"char_location","cited_text":"sky is blue","document_index":0,"document_title":"Facts","start_char_index":4,"end_char_index":15}""" };
            return reply;
        }

        var streamed = await SecondTurnMessagesAsync(streaming: true, Reply);
        var whole = await SecondTurnMessagesAsync(streaming: false, Reply);

        Assert.True(JsonNode.DeepEquals(whole, streamed), $"Non-streamed:\n{whole}\nStreamed:\n{streamed}");
        AssertJson(
            """
            [{"type":"text","text":"The sky"},
             {"type":"text","text":" is blue.","citations":[{"type":"char_location","cited_text":"sky is blue","document_index":0,"document_title":"Facts","start_char_index":4,"end_char_index":15}]}]
            """,
            streamed![1]!["content"]);
    }

    [Fact]
    public void ToWireRequest_CitedEndWhoseTextWasEdited_SendsTheTextWithoutCitations()
    {
        var cited = JsonSerializer.Deserialize(
            """{"type":"text","text":"Paris.","citations":[{"type":"char_location","cited_text":"Paris","document_index":0}]}""",
            AnthropicJsonContext.Default.ResponseBlock)!;
        ChatMessage assistant = new(ChatRole.Assistant, [new TextContent("It is Lyon."), new TextContent(string.Empty) { RawRepresentation = cited }]);

        var request = Map([new ChatMessage(ChatRole.User, "Capital?"), assistant, new ChatMessage(ChatRole.User, "Sure?")]);

        AssertJson("""[{"type":"text","text":"It is Lyon."}]""", ToNode(request)["messages"]![1]!["content"]);
    }

    [Fact]
    public void ToWireRequest_CitedEndAfterMergedText_SplitsTheTextAndMovesTheBreakpointToTheCitedBlock()
    {
        var cited = JsonSerializer.Deserialize(
            """{"type":"text","text":" Paris.","citations":[{"type":"char_location","cited_text":"Paris","document_index":0}]}""",
            AnthropicJsonContext.Default.ResponseBlock)!;
        ChatMessage assistant = new(ChatRole.Assistant, [new TextContent("It is Paris.").WithCacheBreakpoint(), new TextContent(string.Empty) { RawRepresentation = cited }]);

        var request = Map([new ChatMessage(ChatRole.User, "Capital?"), assistant, new ChatMessage(ChatRole.User, "Sure?")]);

        AssertJson(
            """
            [{"type":"text","text":"It is"},
             {"type":"text","text":" Paris.","citations":[{"type":"char_location","cited_text":"Paris","document_index":0}],"cache_control":{"type":"ephemeral"}}]
            """,
            ToNode(request)["messages"]![1]!["content"]);
    }

    private static ScriptedReply WebSearchRecording(bool streaming) => streaming
        ? ScriptedReply.RecordedSse(Recording("web-search-cited-blocks.sse"))
        : ScriptedReply.Raw(200, Recording("web-search-cited-blocks.json"));

    private static async Task<JsonNode?> SecondTurnMessagesAsync(bool streaming, Func<bool, ScriptedReply>? reply = null)
    {
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        emulator.Enqueue((reply ?? WebSearchRecording)(streaming));
        emulator.Enqueue(ScriptedReply.Text("In 2001."));
        using var client = Client(emulator);
        var options = new ChatOptions { Tools = [new HostedWebSearchTool()] };
        List<ChatMessage> history = [new(ChatRole.User, "Who was Claude Shannon?")];
        var first = streaming
            ? (await CollectAsync(client.GetStreamingResponseAsync(history, options, Ct))).ToChatResponse()
            : await client.GetResponseAsync(history, options, Ct);
        history.AddRange(first.Messages);
        history.Add(new ChatMessage(ChatRole.User, "When did he die?"));

        await client.GetResponseAsync(history, options, Ct);

        return emulator.Requests[1].Json!["messages"];
    }
}
