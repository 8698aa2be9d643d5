using System.Text.Json;
using LlmAdapters.Cohere.Wire;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Cohere.Tests;

public sealed class CohereResponseMapperTests
{
    private static ChatResponse Map(string json) =>
        CohereResponseMapper.FromWireResponse(JsonSerializer.Deserialize(json, CohereJsonContext.Default.CohereChatResponse)!);

    [Fact]
    public void FromWireResponse_Text_MapsTextIdFinishAndUsage()
    {
        var response = Map("""
            {"id":"e759","finish_reason":"COMPLETE",
             "message":{"role":"assistant","content":[{"type":"text","text":"Paris."}]},
             "usage":{"billed_units":{"input_tokens":12,"output_tokens":7},"tokens":{"input_tokens":507,"output_tokens":10},"cached_tokens":448}}
            """);

        Assert.Equal("Paris.", response.Text);
        Assert.Equal("e759", response.ResponseId);
        Assert.Equal("e759", response.Messages[0].MessageId);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.IsType<CohereContentPart>(Assert.Single(response.Messages[0].Contents).RawRepresentation);
        Assert.IsType<CohereChatResponse>(response.RawRepresentation);
    }

    [Fact]
    public void ToUsage_TokensAreInputAndOutputAndBilledUnitsAreAdditionalCounts()
    {
        var usage = CohereResponseMapper.ToUsage(JsonSerializer.Deserialize(
            """{"billed_units":{"input_tokens":12,"output_tokens":7.0,"search_units":1},"tokens":{"input_tokens":507,"output_tokens":10},"cached_tokens":448}""",
            CohereJsonContext.Default.CohereUsage)!);

        Assert.Equal((507L, 10L, 517L, 448L), (usage.InputTokenCount, usage.OutputTokenCount, usage.TotalTokenCount, usage.CachedInputTokenCount));
        Assert.Equal(12L, usage.AdditionalCounts![AdditionalPropertyKeys.BilledInputTokens]);
        Assert.Equal(7L, usage.AdditionalCounts[AdditionalPropertyKeys.BilledOutputTokens]);
        Assert.Equal(1L, usage.AdditionalCounts[CoherePropertyKeys.BilledSearchUnits]);
        Assert.False(usage.AdditionalCounts.ContainsKey(CoherePropertyKeys.BilledClassifications));
    }

    [Fact]
    public void ToUsage_WithoutTokens_ReportsNoCountsRatherThanBilledUnits()
    {
        var usage = CohereResponseMapper.ToUsage(JsonSerializer.Deserialize("""{"billed_units":{"input_tokens":12,"output_tokens":7}}""", CohereJsonContext.Default.CohereUsage)!);

        Assert.Equal(((long?)null, (long?)null, (long?)null), (usage.InputTokenCount, usage.OutputTokenCount, usage.TotalTokenCount));
        Assert.Equal(12L, usage.AdditionalCounts![AdditionalPropertyKeys.BilledInputTokens]);
    }

    [Theory]
    [InlineData("COMPLETE", "stop")]
    [InlineData("STOP_SEQUENCE", "stop")]
    [InlineData("MAX_TOKENS", "length")]
    [InlineData("TOOL_CALL", "tool_calls")]
    [InlineData("ERROR", "error")]
    [InlineData("TIMEOUT", "timeout")]
    public void ToFinishReason_CohereReasons_MapToMeaiReasons(string wire, string expected)
    {
        Assert.Equal(new ChatFinishReason(expected), CohereResponseMapper.ToFinishReason(wire));
    }

    [Fact]
    public void FromWireResponse_ToolPlanAndCalls_PlanIsMarkedReasoningAndCallsParsed()
    {
        var response = Map("""
            {"id":"r1","finish_reason":"TOOL_CALL","message":{"role":"assistant",
              "tool_plan":"I will use the weather tool.",
              "tool_calls":[
                {"id":"weather_1","type":"function","function":{"name":"weather","arguments":"{\"location\":\"San Francisco\"}"}},
                {"id":"time_1","type":"function","function":{"name":"time","arguments":"null"}},
                {"id":"date_1","type":"function","function":{"name":"date","arguments":""}}]}}
            """);

        var contents = response.Messages[0].Contents;
        var plan = Assert.IsType<TextReasoningContent>(contents[0]);
        Assert.Equal("I will use the weather tool.", plan.Text);
        Assert.Equal(true, plan.AdditionalProperties![CoherePropertyKeys.ToolPlan]);
        Assert.Equal("cohere", plan.AdditionalProperties[AdditionalPropertyKeys.OriginProvider]);
        var calls = contents.OfType<FunctionCallContent>().ToList();
        Assert.Equal(["weather_1", "time_1", "date_1"], calls.Select(c => c.CallId));
        Assert.Equal("San Francisco", ((JsonElement)calls[0].Arguments!["location"]!).GetString());
        Assert.Empty(calls[1].Arguments!);
        Assert.Empty(calls[2].Arguments!);
        Assert.All(calls, c => Assert.Null(c.Exception));
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
    }

    [Fact]
    public void FromWireResponse_ArgumentsNotJson_ReportsTheErrorOnTheCall()
    {
        var response = Map("""{"message":{"tool_calls":[{"id":"x","function":{"name":"f","arguments":"{\"a\":"}},{"id":"y","function":{"name":"g","arguments":"[1]"}}]}}""");

        var calls = response.Messages[0].Contents.OfType<FunctionCallContent>().ToList();
        Assert.IsType<InvalidOperationException>(calls[0].Exception);
        Assert.IsType<InvalidOperationException>(calls[1].Exception);
    }

    [Fact]
    public void FromWireResponse_ThinkingAndText_ThinkingIsReasoningBeforeText()
    {
        var response = Map("""
            {"id":"r2","finish_reason":"COMPLETE","message":{"role":"assistant","content":[
              {"type":"thinking","thinking":"The user wants the capital."},
              {"type":"text","text":"Paris."}]}}
            """);

        var contents = response.Messages[0].Contents;
        Assert.Equal("The user wants the capital.", Assert.IsType<TextReasoningContent>(contents[0]).Text);
        Assert.False(contents[0].AdditionalProperties!.ContainsKey(CoherePropertyKeys.ToolPlan));
        Assert.Equal("Paris.", response.Text);
    }

    [Fact]
    public void FromWireResponse_UnknownContentType_KeptRaw()
    {
        var response = Map("""{"message":{"content":[{"type":"future","x":1},{"type":"text","text":"a"}]}}""");

        var raw = Assert.IsType<CohereContentPart>(response.Messages[0].Contents[0].RawRepresentation);
        Assert.Equal("future", raw.Type);
        Assert.Equal(1, raw.ExtensionData!["x"].GetInt32());
    }

    [Fact]
    public void FromWireResponse_Citations_AnnotateTheCitedTextWithSpanSnippetTitleAndSources()
    {
        var response = Map("""
            {"id":"r3","finish_reason":"COMPLETE","message":{"role":"assistant",
              "content":[{"type":"text","text":"The key benefits are:\n1. Automation of tasks"}],
              "citations":[{"start":25,"end":44,"text":"Automation of tasks","type":"TEXT_CONTENT","content_index":0,
                "sources":[{"type":"document","id":"doc:0","document":{"id":"doc:0","text":"AI provides automation.","title":"benefits.txt","url":"https://example.com/b"}},
                           {"type":"tool","id":"weather_1:0","tool_output":{"temp":"21"}}]}]}}
            """);

        var text = Assert.IsType<TextContent>(Assert.Single(response.Messages[0].Contents));
        var citation = Assert.IsType<CitationAnnotation>(Assert.Single(text.Annotations!));
        Assert.Equal("Automation of tasks", citation.Snippet);
        Assert.Equal("benefits.txt", citation.Title);
        Assert.Equal(new Uri("https://example.com/b"), citation.Url);
        var span = Assert.IsType<TextSpanAnnotatedRegion>(Assert.Single(citation.AnnotatedRegions!));
        Assert.Equal((25, 44), (span.StartIndex, span.EndIndex));
        Assert.Equal("Automation of tasks", text.Text[span.StartIndex!.Value..span.EndIndex!.Value]);
        Assert.Equal(["doc:0", "weather_1:0"], (string[])citation.AdditionalProperties![CoherePropertyKeys.CitationSourceIds]!);
        Assert.Equal("TEXT_CONTENT", citation.AdditionalProperties[CoherePropertyKeys.CitationType]);
        Assert.IsType<CohereCitation>(citation.RawRepresentation);
    }

    [Fact]
    public void FromWireResponse_PlanAndThinkingCitations_AnnotateThePlanAndTheThinkingBlock()
    {
        var response = Map("""
            {"message":{"tool_plan":"Look it up.","content":[{"type":"thinking","thinking":"Hmm."},{"type":"text","text":"Done."}],
              "citations":[
                {"start":0,"end":4,"text":"Look","type":"PLAN","sources":[]},
                {"start":0,"end":3,"text":"Hmm","type":"THINKING_CONTENT","content_index":0,"sources":[]},
                {"start":0,"end":4,"text":"Done","type":"TEXT_CONTENT","content_index":1,"sources":[]}]}}
            """);

        var contents = response.Messages[0].Contents;
        Assert.Equal("Look", Assert.IsType<CitationAnnotation>(Assert.Single(contents[0].Annotations!)).Snippet);
        Assert.Equal("Hmm", Assert.IsType<CitationAnnotation>(Assert.Single(contents[1].Annotations!)).Snippet);
        Assert.Equal("Done", Assert.IsType<CitationAnnotation>(Assert.Single(contents[2].Annotations!)).Snippet);
    }

    [Fact]
    public void FromWireResponse_CitationWithoutText_KeptOnAnEmptyText()
    {
        var response = Map("""{"message":{"citations":[{"start":0,"end":1,"text":"x","sources":[]}]}}""");

        var holder = Assert.IsType<TextContent>(Assert.Single(response.Messages[0].Contents));
        Assert.Equal(string.Empty, holder.Text);
        Assert.Equal("x", Assert.IsType<CitationAnnotation>(Assert.Single(holder.Annotations!)).Snippet);
    }
}
