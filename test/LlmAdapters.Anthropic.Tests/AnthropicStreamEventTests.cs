using System.Text;
using LlmAdapters.Http;
using Microsoft.Extensions.AI;
using LlmAdapters.Tests.Shared;

namespace LlmAdapters.Anthropic.Tests;

public sealed class AnthropicStreamEventTests
{
    private const string Stream =
        "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-x\",\"content\":[],\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}}\n\n" +
        ": a comment line\n\n" +
        "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n" +
        "event: ping\ndata: {\"type\": \"ping\"}\n\n" +
        "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Héllo \\\"w\\\"\"}}\n\n" +
        "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"orld\"}}\n\n" +
        "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n" +
        "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":9}}\n\n" +
        "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";

    public static TheoryData<string, bool> Deliveries() => new()
    {
        { "\n", false }, { "\r", false }, { "\r\n", false },
        { "\n", true }, { "\r", true }, { "\r\n", true },
    };

    [Theory]
    [MemberData(nameof(Deliveries))]
    public async Task Parse_LineEndingsAndTrickledDelivery_DecodeTheSameUpdates(string newline, bool trickle)
    {
        var bytes = Encoding.UTF8.GetBytes(Stream.Replace("\n", newline, StringComparison.Ordinal));
        using var stream = trickle ? new TrickleStream(bytes) : (Stream)new MemoryStream(bytes);
        var mapper = new AnthropicStreamMapper(null);
        var updates = new List<ChatResponseUpdate>();
        await foreach (var item in StreamEvents.ReadSseAsync(stream, AnthropicStreamEvent.Parse, "anthropic", null, CancellationToken.None))
        {
            if (mapper.FromStreamEvent(item) is { } update)
            {
                updates.Add(update);
            }
        }

        Assert.True(mapper.IsComplete);
        updates.Add(mapper.Complete()!);
        var response = updates.ToChatResponse();
        Assert.Equal("Héllo \"w\"orld", response.Text);
        Assert.Equal("msg_1", response.ResponseId);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal((5L, 9L), (response.Usage!.InputTokenCount!.Value, response.Usage.OutputTokenCount!.Value));
    }

    [Fact]
    public void Parse_EventWithoutEventLine_UsesPayloadType()
    {
        var evt = AnthropicStreamEvent.Parse("message"u8, """{"type":"content_block_delta","index":3,"delta":{"type":"thinking_delta","thinking":"x"}}"""u8);
        Assert.Equal((AnthropicStreamEvent.ContentBlockDelta, 3, AnthropicStreamEvent.ThinkingDelta, "x"), (evt.Type, evt.Index, evt.DeltaType, evt.Value));
    }

    [Fact]
    public void Parse_DeltaWithUnknownFields_SkipsThem()
    {
        var evt = AnthropicStreamEvent.Parse(
            "content_block_delta"u8,
            """{"extra":{"a":[1,2]},"type":"content_block_delta","delta":{"future":{"x":1},"type":"input_json_delta","partial_json":"{\"a\""},"index":1}"""u8);
        Assert.Equal((1, AnthropicStreamEvent.InputJsonDelta, "{\"a\""), (evt.Index, evt.DeltaType, evt.Value));
    }

    [Fact]
    public void FromStreamEvent_ServerToolUseAndUnknownDelta_KeptAsRawContent()
    {
        var mapper = new AnthropicStreamMapper(null);
        ChatResponseUpdate? Feed(string type, string json) => mapper.FromStreamEvent(AnthropicStreamEvent.Parse(Encoding.UTF8.GetBytes(type), Encoding.UTF8.GetBytes(json)));

        Assert.Null(Feed("content_block_start", """{"type":"content_block_start","index":1,"content_block":{"type":"server_tool_use","id":"srvtoolu_1","name":"web_search","input":{}}}"""));
        Assert.Null(Feed("content_block_delta", """{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\"query\":"}}"""));
        Assert.Null(Feed("content_block_delta", """{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"\"tides\"}"}}"""));
        var stop = Feed("content_block_stop", """{"type":"content_block_stop","index":1}""");
        var future = Feed("content_block_delta", """{"type":"content_block_delta","index":2,"delta":{"type":"future_delta","x":1}}""");

        var raw = Assert.IsType<Wire.ResponseBlock>(Assert.Single(stop!.Contents).RawRepresentation);
        Assert.Equal(("server_tool_use", "tides"), (raw.Type, raw.Input!.Value.GetProperty("query").GetString()));
        var unknown = Assert.Single(future!.Contents);
        Assert.Equal(typeof(AIContent), unknown.GetType());
        Assert.Equal("future_delta", Assert.IsType<AnthropicStreamEvent>(unknown.RawRepresentation).DeltaType);
    }

    [Fact]
    public void Parse_UnknownDeltaType_KeepsWholeDelta()
    {
        var evt = AnthropicStreamEvent.Parse(
            "content_block_delta"u8,
            """{"type":"content_block_delta","index":2,"delta":{"type":"future_delta","x":{"y":[1,2]},"text":"t"}}"""u8);

        Assert.Equal("future_delta", evt.DeltaType);
        Assert.Null(evt.Citation);
        var delta = evt.UnknownDelta!.Value;
        Assert.Equal("""{"type":"future_delta","x":{"y":[1,2]},"text":"t"}""", delta.GetRawText());
    }

    [Fact]
    public void Parse_KnownDeltaTypes_KeepNoWholeDelta()
    {
        var text = AnthropicStreamEvent.Parse("content_block_delta"u8, """{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"a"}}"""u8);
        var cited = AnthropicStreamEvent.Parse(
            "content_block_delta"u8,
            """{"type":"content_block_delta","index":0,"delta":{"type":"citations_delta","citation":{"type":"char_location","cited_text":"c"}}}"""u8);

        Assert.Null(text.UnknownDelta);
        Assert.Null(cited.UnknownDelta);
        Assert.Equal("c", cited.Citation!.Value.GetProperty("cited_text").GetString());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(300)]
    public void Parse_TextDeltaAtAnyIndex_KeepsTypeIndexAndText(int index)
    {
        var evt = AnthropicStreamEvent.Parse(
            "content_block_delta"u8,
            Encoding.UTF8.GetBytes($$$"""{"type":"content_block_delta","index":{{{index}}},"delta":{"type":"text_delta","text":"hi"}}"""));

        Assert.Same(AnthropicStreamEvent.ContentBlockDelta, evt.Type);
        Assert.Same(AnthropicStreamEvent.TextDelta, evt.DeltaType);
        Assert.Equal((index, "hi"), (evt.Index, evt.Value));
    }

    [Fact]
    public void FromStreamEvent_ToolInputNotJson_ReturnsCallWithException()
    {
        var mapper = new AnthropicStreamMapper(null);
        ChatResponseUpdate? Feed(string type, string json) => mapper.FromStreamEvent(AnthropicStreamEvent.Parse(Encoding.UTF8.GetBytes(type), Encoding.UTF8.GetBytes(json)));

        Feed("content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"toolu_1","name":"f","input":{}}}""");
        Feed("content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{\"a\":"}}""");
        var stop = Feed("content_block_stop", """{"type":"content_block_stop","index":0}""");

        var call = Assert.IsType<FunctionCallContent>(Assert.Single(stop!.Contents));
        Assert.Equal("toolu_1", call.CallId);
        Assert.IsType<InvalidOperationException>(call.Exception);
    }
}
