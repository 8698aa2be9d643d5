using System.Text;
using System.Text.Json;
using LlmAdapters.OpenAI.Responses;
using LlmAdapters.OpenAI.Responses.Wire;
using LlmAdapters.Testing;
using Microsoft.Extensions.AI;
using static LlmAdapters.OpenAI.Tests.Responses.OpenAIResponsesTestData;
using static LlmAdapters.OpenAI.Tests.OpenAITestSupport;

namespace LlmAdapters.OpenAI.Tests.Responses;

public sealed class OpenAIResponsesStreamDecoderTests
{
    public static TheoryData<string, bool> Framings => new()
    {
        { "\n", false }, { "\r\n", false }, { "\r", false },
        { "\n", true }, { "\r\n", true }, { "\r", true },
    };

    [Theory]
    [MemberData(nameof(Framings))]
    public async Task GetStreamingResponseAsync_AnyLineEndingWholeOrTrickled_DecodesTheSameStream(string newline, bool trickled)
    {
        await using var emulator = await StartEmulatorAsync();
        using var client = ResponsesClient(emulator);
        var body = Read("text-reasoning-encrypted.txt").ReplaceLineEndings(newline);
        emulator.Enqueue(trickled
            ? ScriptedReply.RawStream("text/event-stream", [.. body.Select(c => c.ToString())])
            : ScriptedReply.RawStream("text/event-stream", body));

        var response = (await CollectAsync(client.GetStreamingResponseAsync("Hi", cancellationToken: Ct))).ToChatResponse();

        Assert.Equal("Paris is sunny été.", response.Text);
        Assert.Equal(1623L, response.Usage!.OutputTokenCount);
        Assert.Equal("gAAAAABo-encrypted+/=", Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<TextReasoningContent>(), r => r.ProtectedData is not null).ProtectedData);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_NoEventNames_DecodesEveryEventFromItsType()
    {
        await using var emulator = await StartEmulatorAsync();
        using var client = ResponsesClient(emulator);
        var body = string.Join("\n", Read("text-reasoning-encrypted.txt").ReplaceLineEndings("\n").Split('\n').Where(line => !line.StartsWith("event:", StringComparison.Ordinal)));
        emulator.Enqueue(ScriptedReply.RawStream("text/event-stream", body));

        var response = (await CollectAsync(client.GetStreamingResponseAsync("Hi", cancellationToken: Ct))).ToChatResponse();

        Assert.Equal("Paris is sunny été.", response.Text);
        Assert.Equal("**Checking** the sources.", string.Concat(response.Messages.SelectMany(m => m.Contents).OfType<TextReasoningContent>().Select(r => r.Text)));
        Assert.Equal(7670L, response.Usage!.TotalTokenCount);
    }

    [Fact]
    public void Parse_TextDelta_ReadsTheFieldsAndReusesTheItemId()
    {
        var decoder = new OpenAIResponsesStreamDecoder();
        var first = decoder.Parse("response.output_text.delta"u8, """{"type":"response.output_text.delta","sequence_number":7,"item_id":"msg_1","output_index":2,"content_index":1,"delta":"H\u00e9","logprobs":[],"obfuscation":"zz"}"""u8);
        var second = decoder.Parse("response.output_text.delta"u8, """{"type":"response.output_text.delta","item_id":"msg_1","delta":"!"}"""u8);

        Assert.Equal((OpenAIResponsesStreamDecoder.OutputTextDelta, 7L, "msg_1", 2, 1, "Hé"), (first.Type, first.SequenceNumber, first.ItemId, first.OutputIndex, first.ContentIndex, first.Delta));
        Assert.Same(first.ItemId, second.ItemId);
        Assert.Null(first.Extra);
    }

    [Fact]
    public void Parse_DeltasOfOnePart_ShareOnePositionUntilItChanges()
    {
        var decoder = new OpenAIResponsesStreamDecoder();
        OpenAIResponsesStreamEvent Delta(string item, int content, long sequence) => decoder.Parse(
            "response.output_text.delta"u8,
            Encoding.UTF8.GetBytes($$"""{"type":"response.output_text.delta","item_id":"{{item}}","output_index":0,"content_index":{{content}},"sequence_number":{{sequence}},"delta":"x"}"""));

        var a = Delta("msg_1", 0, 4);
        var b = Delta("msg_1", 0, 5);
        var c = Delta("msg_1", 1, 6);
        var d = Delta("msg_2", 1, 7);

        Assert.Same(a.Position, b.Position);
        Assert.Equal((4L, 5L), (a.SequenceNumber!.Value, b.SequenceNumber!.Value));
        Assert.NotSame(b.Position, c.Position);
        Assert.Equal(("msg_1", 0, 1, (int?)null), (c.ItemId, c.OutputIndex!.Value, c.ContentIndex!.Value, c.SummaryIndex));
        Assert.Equal(("msg_2", 1), (d.ItemId, d.ContentIndex!.Value));
        Assert.Null(a.Body);
    }

    [Fact]
    public void Parse_DeltaWithoutSequenceNumber_HasNone()
    {
        var evt = new OpenAIResponsesStreamDecoder().Parse("response.output_text.delta"u8, """{"item_id":"m","delta":"x","sequence_number":"7"}"""u8);

        Assert.Null(evt.SequenceNumber);
        Assert.Equal(("m", "x"), (evt.ItemId, evt.Delta));
    }

    [Theory]
    [InlineData("response.output_text.done")]
    [InlineData("response.content_part.done")]
    [InlineData("response.content_part.added")]
    [InlineData("response.output_item.added")]
    [InlineData("response.reasoning_summary_text.done")]
    [InlineData("response.reasoning_summary_part.added")]
    [InlineData("response.reasoning_summary_part.done")]
    [InlineData("response.reasoning_text.done")]
    public void Parse_ProgressEventRepeatingTheDeltas_NotDecodedAndPassedOverLikeItsWholeForm(string type)
    {
        var decoder = new OpenAIResponsesStreamDecoder();
        var mapper = new OpenAIResponsesStreamMapper(storeRequested: false);

        // Not decoded: even a body that is not JSON reads as the bare event.
        var named = decoder.Parse(Encoding.UTF8.GetBytes(type), "{not json"u8);
        var whole = decoder.Parse("message"u8, Encoding.UTF8.GetBytes($$$"""{"type":"{{{type}}}","item_id":"msg_1","output_index":0,"content_index":0,"text":"Hello","part":{"type":"output_text","text":"Hello"},"item":{"id":"msg_1","type":"message","content":[]}}"""));

        Assert.Equal((type, null), (named.Type, named.Body));
        Assert.Equal(type, whole.Type);
        Assert.NotNull(whole.Body);
        Assert.Null(mapper.FromStreamEvent(named));
        Assert.Null(mapper.FromStreamEvent(whole));
        Assert.False(mapper.TryGetError(named, out _));
    }

    [Fact]
    public void Parse_DoneSentinel_ReturnsTheDoneEvent()
    {
        Assert.Same(LlmAdapters.OpenAI.Responses.Wire.OpenAIResponsesStreamEvent.Done, new OpenAIResponsesStreamDecoder().Parse("message"u8, "[DONE]"u8));
    }

    [Fact]
    public void Parse_NotJson_ThrowsJsonException()
    {
        var decoder = new OpenAIResponsesStreamDecoder();

        Assert.ThrowsAny<JsonException>(() => decoder.Parse("response.output_text.delta"u8, "[1]"u8));
        Assert.ThrowsAny<JsonException>(() => decoder.Parse("response.completed"u8, "{\"type\":"u8));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_GarbledEvent_ThrowsStreamInterruptedKeepingEarlierUpdates()
    {
        await using var emulator = await StartEmulatorAsync();
        using var client = ResponsesClient(emulator);
        emulator.Enqueue(ScriptedReply.Text("Hello there").InChunks(4).GarbleChunk(6));
        var updates = new List<ChatResponseUpdate>();

        await Assert.ThrowsAsync<StreamInterruptedException>(() => CollectAsync(client.GetStreamingResponseAsync("Hi", cancellationToken: Ct), updates));

        // created, in_progress, output_item.added, content_part.added, two deltas, then the garbled seventh event.
        Assert.Equal("Hello ", string.Concat(updates.Select(u => u.Text)));
    }
}
