using System.Text;
using LlmAdapters.Cohere.Wire;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Cohere.Tests;

public sealed class CohereStreamMapperTests
{
    private readonly CohereStreamMapper _mapper = new();

    private ChatResponseUpdate? Feed(string json) =>
        _mapper.FromStreamEvent(CohereStreamDecoder.Decode("message"u8, Encoding.UTF8.GetBytes(json)));

    [Fact]
    public void FromStreamEvent_MessageStart_YieldsRoleAndIdsForLaterUpdates()
    {
        var start = Feed("""{"id":"m1","type":"message-start","delta":{"message":{"role":"assistant"}}}""");
        var text = Feed("""{"type":"content-delta","index":0,"delta":{"message":{"content":{"text":"a"}}}}""");

        Assert.Equal((ChatRole.Assistant, "m1", "m1"), (start!.Role!.Value, start.ResponseId, start.MessageId));
        Assert.Equal(("m1", "m1"), (text!.ResponseId, text.MessageId));
    }

    [Fact]
    public void TryGetError_MessageEndWithError_ReportsTheErrorMessage()
    {
        var chunk = CohereStreamDecoder.Decode("message-end"u8, """{"type":"message-end","delta":{"finish_reason":"ERROR","error":"generation failed"}}"""u8);

        Assert.True(_mapper.TryGetError(chunk, out var error));
        Assert.Equal(("generation_error", "generation failed"), (error.Type, error.Message));
    }

    [Fact]
    public void TryGetError_OrdinaryMessageEnd_IsNoError()
    {
        var chunk = CohereStreamDecoder.Decode("message-end"u8, """{"type":"message-end","delta":{"finish_reason":"COMPLETE"}}"""u8);

        Assert.False(_mapper.TryGetError(chunk, out _));
    }

    [Fact]
    public void Complete_CallWithoutEnd_IsEmittedWithFinishAndUsage()
    {
        Feed("""{"type":"tool-call-start","index":0,"delta":{"message":{"tool_calls":{"id":"c1","type":"function","function":{"name":"f","arguments":"{\"a\":"}}}}}""");
        Feed("""{"type":"tool-call-delta","index":0,"delta":{"message":{"tool_calls":{"function":{"arguments":"1}"}}}}}""");
        Assert.Null(Feed("""{"type":"message-end","delta":{"finish_reason":"TOOL_CALL","usage":{"tokens":{"input_tokens":3,"output_tokens":4}}}}"""));

        Assert.True(_mapper.IsComplete);
        Assert.True(_mapper.StopReading);
        var last = _mapper.Complete()!;
        var call = Assert.IsType<FunctionCallContent>(last.Contents[0]);
        Assert.Equal(("c1", "f"), (call.CallId, call.Name));
        Assert.Equal(1, ((System.Text.Json.JsonElement)call.Arguments!["a"]!).GetInt32());
        Assert.Equal(7L, Assert.IsType<UsageContent>(last.Contents[1]).Details.TotalTokenCount);
        Assert.Equal(ChatFinishReason.ToolCalls, last.FinishReason);
    }

    [Fact]
    public void FromStreamEvent_DoneWithoutMessageEnd_CompletesWithoutFinish()
    {
        Assert.Null(_mapper.FromStreamEvent(CohereStreamChunk.Done));

        Assert.True(_mapper.IsComplete);
        var last = _mapper.Complete()!;
        Assert.Null(last.FinishReason);
        Assert.Empty(last.Contents);
    }

    [Fact]
    public void Complete_BeforeTheEnd_ReturnsNull()
    {
        Feed("""{"type":"content-delta","index":0,"delta":{"message":{"content":{"text":"a"}}}}""");

        Assert.False(_mapper.IsComplete);
        Assert.Null(_mapper.Complete());
    }

    [Fact]
    public void FromStreamEvent_ContentStartWithText_IsNotDropped()
    {
        var update = Feed("""{"type":"content-start","index":0,"delta":{"message":{"content":{"type":"text","text":"Hi"}}}}""");

        Assert.Equal("Hi", update!.Text);
    }

    [Fact]
    public void FromStreamEvent_EmptyStartsAndEnds_YieldNothing()
    {
        Assert.Null(Feed("""{"type":"content-start","index":0,"delta":{"message":{"content":{"type":"text","text":""}}}}"""));
        Assert.Null(Feed("""{"type":"content-end","index":0}"""));
        Assert.Null(Feed("""{"type":"citation-end","index":0}"""));
        Assert.Null(Feed("""{"type":"tool-call-end","index":9}"""));
    }

    [Fact]
    public void FromStreamEvent_PlanCitation_RidesOnAnEmptyToolPlanReasoning()
    {
        var update = Feed("""{"type":"citation-start","index":0,"delta":{"message":{"citations":{"start":0,"end":3,"text":"Use","type":"PLAN","sources":[]}}}}""");

        var holder = Assert.IsType<TextReasoningContent>(Assert.Single(update!.Contents));
        Assert.Equal(string.Empty, holder.Text);
        Assert.Equal(true, holder.AdditionalProperties![CoherePropertyKeys.ToolPlan]);
        Assert.Equal("Use", Assert.IsType<CitationAnnotation>(Assert.Single(holder.Annotations!)).Snippet);
    }

    [Fact]
    public void FromStreamEvent_ThinkingDelta_IsReasoningFromCohere()
    {
        var update = Feed("""{"type":"content-delta","index":0,"delta":{"message":{"content":{"thinking":"hmm"}}}}""");

        var reasoning = Assert.IsType<TextReasoningContent>(Assert.Single(update!.Contents));
        Assert.Equal("hmm", reasoning.Text);
        Assert.Equal("cohere", reasoning.AdditionalProperties![AdditionalPropertyKeys.OriginProvider]);
        Assert.IsType<CohereStreamChunk>(reasoning.RawRepresentation);
    }
}
