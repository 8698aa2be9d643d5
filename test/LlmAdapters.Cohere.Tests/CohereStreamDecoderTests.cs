using System.Text;
using System.Text.Json;
using LlmAdapters.Cohere.Tests.TestSupport;
using LlmAdapters.Cohere.Wire;
using LlmAdapters.Http;
using Microsoft.Extensions.AI;
using LlmAdapters.Tests.Shared;

namespace LlmAdapters.Cohere.Tests;

public sealed class CohereStreamDecoderTests
{
    // Every event family once: thinking and text blocks, a citation after its block ended (as recorded), a tool plan,
    // a call with streamed arguments, a parameterless call, a debug event, a comment line and message-end with usage.
    private const string Stream =
        "event: message-start\ndata: {\"id\":\"68475c80\",\"type\":\"message-start\",\"delta\":{\"message\":{\"role\":\"assistant\",\"content\":[],\"tool_plan\":\"\",\"tool_calls\":[],\"citations\":[]}}}\n\n" +
        ": keep-alive\n\n" +
        "event: content-start\ndata: {\"type\":\"content-start\",\"index\":0,\"delta\":{\"message\":{\"content\":{\"type\":\"thinking\",\"thinking\":\"\"}}}}\n\n" +
        "event: content-delta\ndata: {\"type\":\"content-delta\",\"index\":0,\"delta\":{\"message\":{\"content\":{\"thinking\":\"Let me check.\"}}}}\n\n" +
        "event: content-end\ndata: {\"type\":\"content-end\",\"index\":0}\n\n" +
        "event: content-start\ndata: {\"type\":\"content-start\",\"index\":1,\"delta\":{\"message\":{\"content\":{\"type\":\"text\",\"text\":\"\"}}}}\n\n" +
        "event: content-delta\ndata: {\"type\":\"content-delta\",\"index\":1,\"delta\":{\"message\":{\"content\":{\"text\":\"Héllo \\\"w\\\"\"}}}}\n\n" +
        "event: content-delta\ndata: {\"type\":\"content-delta\",\"index\":1,\"delta\":{\"message\":{\"content\":{\"text\":\"orld\"}}}}\n\n" +
        "event: content-end\ndata: {\"type\":\"content-end\",\"index\":1}\n\n" +
        "event: citation-start\ndata: {\"type\":\"citation-start\",\"index\":0,\"delta\":{\"message\":{\"citations\":{\"start\":0,\"end\":5,\"text\":\"Héllo\",\"sources\":[{\"type\":\"document\",\"id\":\"doc:0\",\"document\":{\"id\":\"doc:0\",\"text\":\"Héllo there\",\"title\":\"greeting.txt\"}}],\"type\":\"TEXT_CONTENT\"}}}}\n\n" +
        "event: citation-end\ndata: {\"type\":\"citation-end\",\"index\":0}\n\n" +
        "event: tool-plan-delta\ndata: {\"type\":\"tool-plan-delta\",\"delta\":{\"message\":{\"tool_plan\":\"I will use\"}}}\n\n" +
        "event: tool-plan-delta\ndata: {\"type\":\"tool-plan-delta\",\"delta\":{\"message\":{\"tool_plan\":\" the weather tool.\"}}}\n\n" +
        "event: tool-call-start\ndata: {\"type\":\"tool-call-start\",\"index\":0,\"delta\":{\"message\":{\"tool_calls\":{\"id\":\"weather_e8p4\",\"type\":\"function\",\"function\":{\"name\":\"weather\",\"arguments\":\"\"}}}}}\n\n" +
        "event: tool-call-delta\ndata: {\"type\":\"tool-call-delta\",\"index\":0,\"delta\":{\"message\":{\"tool_calls\":{\"function\":{\"arguments\":\"{\\\"location\\\":\"}}}}}\n\n" +
        "event: tool-call-delta\ndata: {\"type\":\"tool-call-delta\",\"index\":0,\"delta\":{\"message\":{\"tool_calls\":{\"function\":{\"arguments\":\" \\\"San Francisco\\\"}\"}}}}}\n\n" +
        "event: tool-call-end\ndata: {\"type\":\"tool-call-end\",\"index\":0}\n\n" +
        "event: tool-call-start\ndata: {\"type\":\"tool-call-start\",\"index\":1,\"delta\":{\"message\":{\"tool_calls\":{\"id\":\"time_1\",\"type\":\"function\",\"function\":{\"name\":\"time\",\"arguments\":\"\"}}}}}\n\n" +
        "event: tool-call-end\ndata: {\"type\":\"tool-call-end\",\"index\":1}\n\n" +
        "event: debug\ndata: {\"type\":\"debug\",\"prompt\":\"<rendered>\"}\n\n" +
        "event: message-end\ndata: {\"type\":\"message-end\",\"delta\":{\"finish_reason\":\"TOOL_CALL\",\"usage\":{\"billed_units\":{\"input_tokens\":119,\"output_tokens\":44},\"tokens\":{\"input_tokens\":1549,\"output_tokens\":95},\"cached_tokens\":1504}}}\n\n";

    public static TheoryData<string, bool> Deliveries() => new()
    {
        { "\n", false }, { "\r", false }, { "\r\n", false },
        { "\n", true }, { "\r", true }, { "\r\n", true },
    };

    [Theory]
    [MemberData(nameof(Deliveries))]
    public async Task Decode_LineEndingsAndTrickledDelivery_DecodeTheSameResponse(string newline, bool trickle)
    {
        var bytes = Encoding.UTF8.GetBytes(Stream.Replace("\n", newline, StringComparison.Ordinal));
        using var stream = trickle ? new TrickleStream(bytes) : (Stream)new MemoryStream(bytes);
        var mapper = new CohereStreamMapper();
        var updates = new List<ChatResponseUpdate>();
        await foreach (var item in StreamEvents.ReadSseAsync(stream, CohereStreamDecoder.Decode, "cohere", null, CancellationToken.None))
        {
            if (mapper.FromStreamEvent(item) is { } update)
            {
                updates.Add(update);
            }
        }

        Assert.True(mapper.IsComplete);
        updates.Add(mapper.Complete()!);
        var response = updates.ToChatResponse();
        var contents = response.Messages.SelectMany(m => m.Contents).ToList();

        Assert.Equal("68475c80", response.ResponseId);
        Assert.Equal("Héllo \"w\"orld", response.Text);
        var reasoning = contents.OfType<TextReasoningContent>().ToList();
        Assert.Equal("Let me check.", reasoning.Single(r => !IsPlan(r)).Text);
        Assert.Equal("I will use the weather tool.", string.Concat(reasoning.Where(IsPlan).Select(r => r.Text)));
        var citation = Assert.IsType<CitationAnnotation>(Assert.Single(contents.SelectMany(c => c.Annotations ?? [])));
        Assert.Equal(("Héllo", "greeting.txt"), (citation.Snippet, citation.Title));
        var calls = contents.OfType<FunctionCallContent>().ToList();
        Assert.Equal([("weather_e8p4", "weather"), ("time_1", "time")], calls.Select(c => (c.CallId, c.Name)));
        Assert.Equal("San Francisco", ((JsonElement)calls[0].Arguments!["location"]!).GetString());
        Assert.Empty(calls[1].Arguments!);
        var debug = Assert.IsType<CohereStreamChunk>(Assert.Single(contents, c => c.GetType() == typeof(AIContent)).RawRepresentation);
        Assert.Equal("<rendered>", debug.Unknown!.Value.GetProperty("prompt").GetString());
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        Assert.Equal((1549L, 95L, 1504L), (response.Usage!.InputTokenCount!.Value, response.Usage.OutputTokenCount!.Value, response.Usage.CachedInputTokenCount!.Value));
        Assert.Equal(119L, response.Usage.AdditionalCounts![AdditionalPropertyKeys.BilledInputTokens]);
    }

    [Fact]
    public void Decode_ContentDelta_TakesTheFastPathWithoutDetails()
    {
        var chunk = CohereStreamDecoder.Decode("content-delta"u8, """{"type":"content-delta","index":2,"delta":{"message":{"content":{"text":"a"}}}}"""u8);

        Assert.Same(CohereStreamChunk.ContentDelta, chunk.Type);
        Assert.Equal((2, "a", false), (chunk.Index, chunk.Text, chunk.IsThinking));
        Assert.Null(chunk.Details);
    }

    [Fact]
    public void Decode_WithoutEventLine_UsesThePayloadType()
    {
        var chunk = CohereStreamDecoder.Decode("message"u8, """{"type":"tool-call-delta","index":1,"delta":{"message":{"tool_calls":{"function":{"arguments":"{\"a\""}}}}}"""u8);

        Assert.Equal((CohereStreamChunk.ToolCallDelta, 1, "{\"a\""), (chunk.Type, chunk.Index, chunk.Text));
    }

    [Fact]
    public void Decode_DeltaWithLogprobs_TakesTheFullPathAndKeepsTheText()
    {
        var chunk = CohereStreamDecoder.Decode(
            "content-delta"u8,
            """{"type":"content-delta","index":0,"delta":{"message":{"content":{"text":"Hi"}}},"logprobs":{"token_ids":[5],"logprobs":[-0.1]}}"""u8);

        Assert.Equal((CohereStreamChunk.ContentDelta, "Hi"), (chunk.Type, chunk.Text));
    }

    [Fact]
    public void Decode_MessageEndWithError_CarriesTheError()
    {
        var chunk = CohereStreamDecoder.Decode("message-end"u8, """{"type":"message-end","delta":{"finish_reason":"ERROR","error":"model overloaded"}}"""u8);

        Assert.Equal(("ERROR", "model overloaded"), (chunk.Details!.FinishReason, chunk.Details.Error));
    }

    [Fact]
    public void Decode_DoneLine_IsTheDoneMarker()
    {
        Assert.Same(CohereStreamChunk.Done, CohereStreamDecoder.Decode("message"u8, " [DONE]\n"u8));
    }

    [Fact]
    public void Decode_UnknownEvent_KeepsTheWholePayload()
    {
        var chunk = CohereStreamDecoder.Decode("message"u8, """{"type":"search-results","documents":[{"id":"d"}]}"""u8);

        Assert.Equal("search-results", chunk.Type);
        Assert.Equal("d", chunk.Unknown!.Value.GetProperty("documents")[0].GetProperty("id").GetString());
    }

    [Fact]
    public void Decode_NotJson_ThrowsJsonException()
    {
        Assert.ThrowsAny<JsonException>(() => CohereStreamDecoder.Decode("content-delta"u8, "{\"type\":\"content-delta\",<<"u8));
    }

    private static bool IsPlan(TextReasoningContent content) =>
        content.AdditionalProperties?.TryGetValue(CoherePropertyKeys.ToolPlan, out var marker) == true && marker is true;
}
