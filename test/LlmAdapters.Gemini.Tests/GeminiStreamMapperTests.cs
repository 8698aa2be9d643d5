using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LlmAdapters.Testing;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Gemini.Tests;

/// <summary>Streamed Google Search grounding: the citations of the last chunk get spans into the answer streamed before it.</summary>
public sealed class GeminiStreamMapperTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetStreamingResponseAsync_GroundingOnLastChunk_SpansIndexTheCoalescedMessageText()
    {
        await using var h = await GeminiHarness.StartAsync();
        h.Emulator.Enqueue(ScriptedReply.RecordedSse(GeminiHarness.Recording("grounding-google-search.sse")));
        using var client = h.Client();
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync("Who won Euro 2024?", new ChatOptions { Tools = [new HostedWebSearchTool()] }, Ct))
        {
            updates.Add(update);
        }

        var message = Assert.Single(updates.ToChatResponse().Messages);

        Assert.Equal(["Spain won Euro 2024, defeating England 2–1 in the final.", ""], message.Contents.OfType<TextContent>().Select(t => t.Text));
        var citations = message.Contents.OfType<TextContent>().Last().Annotations!.Cast<CitationAnnotation>().ToList();
        Assert.Equal(
            [("uefa.com", "Spain won Euro 2024"), ("uefa.com", "defeating England 2–1 in the final"), ("aljazeera.com", "defeating England 2–1 in the final")],
            citations.Select(c => (c.Title!, message.Text[Span(c)])));
        Assert.Equal([(0, 19), (21, 55), (21, 55)], citations.Select(c => (Span(c).Start.Value, Span(c).End.Value)));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_GroundingRepeatedOnTwoChunks_SendsEachCitationOnce()
    {
        await using var h = await GeminiHarness.StartAsync();
        var events = Regex.Split(GeminiHarness.Recording("grounding-google-search.sse").TrimEnd(), "\r?\n\r?\n");
        var groundedBeforeTheEnd = events[^1].Replace("\"finishReason\":\"STOP\",", string.Empty, StringComparison.Ordinal);
        Assert.NotEqual(events[^1], groundedBeforeTheEnd);
        h.Emulator.Enqueue(ScriptedReply.RecordedSse(string.Join("\n\n", [.. events[..^1], groundedBeforeTheEnd, events[^1]]) + "\n\n"));
        using var client = h.Client();
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync("Who won Euro 2024?", new ChatOptions { Tools = [new HostedWebSearchTool()] }, Ct))
        {
            updates.Add(update);
        }

        var message = Assert.Single(updates.ToChatResponse().Messages);

        // The second grounded chunk repeats every citation, so it adds none: three in all, on the first grounded chunk's text.
        Assert.Equal("Spain won Euro 2024, defeating England 2–1 in the final.", message.Text);
        Assert.Equal([0, 3, 0], message.Contents.OfType<TextContent>().Select(t => t.Annotations?.Count ?? 0));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_GroundingWithoutSupports_AddsNoCitationText()
    {
        await using var h = await GeminiHarness.StartAsync();
        var recording = GeminiHarness.Recording("grounding-google-search.sse");
        var unsupported = Regex.Replace(recording, @",""groundingChunks"".*?(?=\}\}\],""usageMetadata"")", string.Empty);
        Assert.NotEqual(recording, unsupported);
        h.Emulator.Enqueue(ScriptedReply.RecordedSse(unsupported));
        using var client = h.Client();
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync("Who won Euro 2024?", new ChatOptions { Tools = [new HostedWebSearchTool()] }, Ct))
        {
            updates.Add(update);
        }

        // Search queries alone cite nothing: no empty text with an empty annotation list is added.
        Assert.DoesNotContain(updates.SelectMany(u => u.Contents), c => c is TextContent { Annotations: not null });
        Assert.Equal("Spain won Euro 2024, defeating England 2–1 in the final.", updates.ToChatResponse().Text);
    }

    [Fact]
    public async Task GetResponseAsync_StreamedGroundedAnswerInHistory_SendsTheModelTurnTheNonStreamedAnswerSends()
    {
        var streamed = await SecondTurnContentsAsync(streaming: true);
        var whole = await SecondTurnContentsAsync(streaming: false);

        Assert.True(JsonNode.DeepEquals(whole, streamed), $"Non-streamed:\n{whole}\nStreamed:\n{streamed}");
        Assert.True(
            JsonNode.DeepEquals(JsonNode.Parse("""{"role":"model","parts":[{"text":"Spain won Euro 2024, defeating England 2–1 in the final."}]}"""), streamed![1]),
            streamed[1]!.ToJsonString());
    }

    [Theory]
    [InlineData(21, 57, 21, 55)]     // byte offsets into the whole answer ("–" is three bytes)
    [InlineData(0, 36, 21, 55)]      // byte offsets into the chunk's own part: found by the segment's text instead
    [InlineData(null, null, 21, 55)] // no offsets at all
    public void SpanOf_SegmentOfTheAnswer_YieldsCharacterIndicesOfItsText(int? startByte, int? endByte, int start, int end)
    {
        var region = GeminiResponseMapper.SpanOf("Spain won Euro 2024, defeating England 2–1 in the final.", startByte, endByte, "defeating England 2–1 in the final");

        Assert.Equal((start, end), (region!.StartIndex, region.EndIndex));
    }

    [Fact]
    public void SpanOf_SegmentTextNotInTheAnswer_YieldsNoRegion()
    {
        Assert.Null(GeminiResponseMapper.SpanOf("Spain won.", 0, 5, "England lost"));
    }

    private static async Task<JsonNode?> SecondTurnContentsAsync(bool streaming)
    {
        await using var h = await GeminiHarness.StartAsync();
        h.Emulator.Enqueue(streaming ? ScriptedReply.RecordedSse(GeminiHarness.Recording("grounding-google-search.sse")) : ScriptedReply.Raw(200, GeminiHarness.Recording("grounding-google-search.json")));
        h.Emulator.Enqueue(ScriptedReply.Text("In Berlin."));
        using var client = h.Client();
        var options = new ChatOptions { Tools = [new HostedWebSearchTool()] };
        List<ChatMessage> history = [new(ChatRole.User, "Who won Euro 2024?")];
        ChatResponse first;
        if (streaming)
        {
            var updates = new List<ChatResponseUpdate>();
            await foreach (var update in client.GetStreamingResponseAsync(history, options, Ct))
            {
                updates.Add(update);
            }

            first = updates.ToChatResponse();
        }
        else
        {
            first = await client.GetResponseAsync(history, options, Ct);
        }

        history.AddRange(first.Messages);
        history.Add(new ChatMessage(ChatRole.User, "Where was the final?"));
        await client.GetResponseAsync(history, options, Ct);
        return h.Emulator.Requests[1].Json!["contents"];
    }

    private static Range Span(CitationAnnotation citation)
    {
        var region = Assert.IsType<TextSpanAnnotatedRegion>(Assert.Single(citation.AnnotatedRegions!));
        return region.StartIndex!.Value..region.EndIndex!.Value;
    }
}
