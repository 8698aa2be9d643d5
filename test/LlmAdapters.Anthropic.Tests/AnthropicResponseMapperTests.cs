using System.Text.Json;
using LlmAdapters.Anthropic.Wire;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Anthropic.Tests;

public sealed class AnthropicResponseMapperTests
{
    private static MessagesResponse Parse(string json) => JsonSerializer.Deserialize(json, AnthropicJsonContext.Default.MessagesResponse)!;

    [Fact]
    public void FromWireResponse_AllBlockKinds_MapsContentsInOrder()
    {
        var wire = Parse(
            """
            {"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",
             "content":[
               {"type":"thinking","thinking":"Hmm","signature":"sig-1"},
               {"type":"redacted_thinking","data":"opaque"},
               {"type":"text","text":"Paris","citations":[{"type":"char_location","cited_text":"Paris is","document_index":0,"document_title":"Atlas","start_char_index":0,"end_char_index":8}]},
               {"type":"tool_use","id":"toolu_1","name":"get_weather","input":{"city":"Paris","n":2}},
               {"type":"web_search_tool_result","tool_use_id":"srv_1","content":{"type":"web_search_tool_result_error","error_code":"max_uses_exceeded"}}],
             "stop_reason":"tool_use","stop_sequence":null,
             "usage":{"input_tokens":10,"output_tokens":20}}
            """);

        var response = AnthropicResponseMapper.FromWireResponse(wire, null);
        var contents = response.Messages.Single().Contents;

        Assert.Equal(5, contents.Count);
        var thinking = Assert.IsType<TextReasoningContent>(contents[0]);
        Assert.Equal(("Hmm", "sig-1"), (thinking.Text, thinking.ProtectedData));
        var redacted = Assert.IsType<TextReasoningContent>(contents[1]);
        Assert.Equal((string.Empty, "opaque"), (redacted.Text, redacted.ProtectedData));
        Assert.Equal(true, redacted.AdditionalProperties![AnthropicPropertyKeys.RedactedThinking]);
        var text = Assert.IsType<TextContent>(contents[2]);
        Assert.Equal("Paris", text.Text);
        var citation = Assert.IsType<CitationAnnotation>(Assert.Single(text.Annotations!));
        Assert.Equal(("Atlas", "Paris is"), (citation.Title, citation.Snippet));
        var call = Assert.IsType<FunctionCallContent>(contents[3]);
        Assert.Equal(("toolu_1", "get_weather"), (call.CallId, call.Name));
        Assert.Equal("Paris", ((JsonElement)call.Arguments!["city"]!).GetString());
        Assert.Equal(2, ((JsonElement)call.Arguments!["n"]!).GetInt32());
        var searchResult = Assert.IsType<WebSearchToolResultContent>(contents[4]);
        Assert.Equal("srv_1", searchResult.CallId);
        Assert.Equal("web_search_tool_result", Assert.IsType<ResponseBlock>(searchResult.RawRepresentation).Type);

        Assert.Equal("msg_1", response.ResponseId);
        Assert.Equal("claude-sonnet-4-5-20250929", response.ModelId);
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        Assert.Same(wire, response.RawRepresentation);
    }

    [Fact]
    public void FromWireResponse_UnknownBlockSentBack_RoundTripsUnmodelledFields()
    {
        var wire = Parse("""{"id":"m","content":[{"type":"web_search_tool_result","tool_use_id":"srv_1","content":{"type":"web_search_tool_result_error","error_code":"max_uses_exceeded"}}],"stop_reason":"end_turn"}""");
        var response = AnthropicResponseMapper.FromWireResponse(wire, null);
        var request = AnthropicTestSupport.Map([new ChatMessage(ChatRole.User, "q"), response.Messages[0]]);

        AnthropicTestSupport.AssertJson(
            """[{"type":"web_search_tool_result","tool_use_id":"srv_1","content":{"type":"web_search_tool_result_error","error_code":"max_uses_exceeded"}}]""",
            AnthropicTestSupport.ToNode(request)["messages"]![1]!["content"]);
    }

    [Fact]
    public void FromWireResponse_StructuredOutputTool_BecomesTextAndStop()
    {
        var wire = Parse("""{"id":"m","content":[{"type":"tool_use","id":"t","name":"structured_output","input":{"a":1}}],"stop_reason":"tool_use"}""");
        var response = AnthropicResponseMapper.FromWireResponse(wire, AnthropicRequestMapper.StructuredOutputToolName);
        Assert.Equal("""{"a":1}""", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
    }

    [Theory]
    [InlineData("end_turn", "stop")]
    [InlineData("stop_sequence", "stop")]
    [InlineData("max_tokens", "length")]
    [InlineData("model_context_window_exceeded", "length")]
    [InlineData("tool_use", "tool_calls")]
    [InlineData("refusal", "content_filter")]
    [InlineData("pause_turn", "pause_turn")]
    [InlineData("something_new", "something_new")]
    public void ToFinishReason_StopReason_MapsToMeaiReason(string stopReason, string expected)
    {
        Assert.Equal(expected, AnthropicResponseMapper.ToFinishReason(stopReason, false)!.Value.Value);
    }

    [Fact]
    public void ToUsage_CacheReadsAndWrites_FollowMeaiContract()
    {
        var usage = JsonSerializer.Deserialize(
            """{"input_tokens":12,"output_tokens":30,"cache_creation_input_tokens":200,"cache_read_input_tokens":1000,"cache_creation":{"ephemeral_5m_input_tokens":150,"ephemeral_1h_input_tokens":50},"output_tokens_details":{"thinking_tokens":8}}""",
            AnthropicJsonContext.Default.WireUsage);

        var details = AnthropicResponseMapper.ToUsage(usage!);

        Assert.Equal(1212, details.InputTokenCount);
        Assert.Equal(1000, details.CachedInputTokenCount);
        Assert.Equal(30, details.OutputTokenCount);
        Assert.Equal(8, details.ReasoningTokenCount);
        Assert.Equal(1242, details.TotalTokenCount);
        Assert.Equal(200, details.AdditionalCounts![AdditionalPropertyKeys.CacheWriteInputTokens]);
        Assert.Equal(150, details.AdditionalCounts[AdditionalPropertyKeys.CacheWrite5mInputTokens]);
        Assert.Equal(50, details.AdditionalCounts[AdditionalPropertyKeys.CacheWrite1hInputTokens]);
    }

    [Fact]
    public void ToUsage_NoCacheFields_HasNoAdditionalCounts()
    {
        var details = AnthropicResponseMapper.ToUsage(5, 7, null, null, null, null, null);
        Assert.Equal((5L, 7L, 12L), (details.InputTokenCount!.Value, details.OutputTokenCount!.Value, details.TotalTokenCount!.Value));
        Assert.Null(details.CachedInputTokenCount);
        Assert.Null(details.AdditionalCounts);
    }

    [Fact]
    public void Parse_ErrorBody_MapsTypeAndMessage()
    {
        var info = AnthropicErrors.Parse(529, """{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_1"}"""u8);
        Assert.Equal(("overloaded_error", "Overloaded", ProviderErrorKind.Overloaded), (info.Type, info.Message, info.Kind));
    }
}
