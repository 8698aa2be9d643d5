using System.Text.Json;
using LlmAdapters.Gemini;
using LlmAdapters.Gemini.Wire;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Gemini.Tests;

public sealed class GeminiResponseMapperTests
{
    private static ChatResponse Map(string json) =>
        GeminiResponseMapper.FromWireResponse(JsonSerializer.Deserialize(json, GeminiJsonContext.Default.GeminiResponse)!, "gcp.gemini", "gemini-2.5-flash");

    [Fact]
    public void FromWireResponse_Usage_NormalisesToMeaiContract()
    {
        var response = Map("""
            {"candidates":[{"content":{"role":"model","parts":[{"text":"hi"}]},"finishReason":"STOP"}],
             "usageMetadata":{"promptTokenCount":100,"candidatesTokenCount":20,"thoughtsTokenCount":30,"totalTokenCount":160,
               "cachedContentTokenCount":40,"toolUsePromptTokenCount":10},"modelVersion":"gemini-2.5-flash-001","responseId":"r1"}
            """);
        var usage = response.Usage!;
        Assert.Equal(100, usage.InputTokenCount);
        Assert.Equal(50, usage.OutputTokenCount);
        Assert.Equal(30, usage.ReasoningTokenCount);
        Assert.Equal(40, usage.CachedInputTokenCount);
        Assert.Equal(160, usage.TotalTokenCount);
        Assert.Equal(10, usage.AdditionalCounts![AdditionalPropertyKeys.ToolUsePromptTokens]);
        Assert.Equal("gemini-2.5-flash-001", response.ModelId);
        Assert.Equal("r1", response.ResponseId);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal("gcp.gemini", response.Messages[0].AdditionalProperties![AdditionalPropertyKeys.OriginProvider]);
    }

    [Fact]
    public void FromWireResponse_PartsOfEveryKind_MapToContentsKeepingSignatures()
    {
        var response = Map("""
            {"candidates":[{"content":{"role":"model","parts":[
                {"text":"**Plan**","thought":true,"thoughtSignature":"SIG_T"},
                {"text":"Answer","thoughtSignature":"SIG_A"},
                {"functionCall":{"name":"get_weather","args":{"city":"Paris","days":2}},"thoughtSignature":"SIG_C"},
                {"functionCall":{"id":"given","name":"get_time","args":{}}},
                {"inlineData":{"mimeType":"image/png","data":"AQID"}},
                {"executableCode":{"language":"PYTHON","code":"print(1)"}}]},
              "finishReason":"STOP"}],"responseId":"resp9"}
            """);
        var contents = response.Messages.Single().Contents;
        var reasoning = Assert.IsType<TextReasoningContent>(contents[0]);
        Assert.Equal(("**Plan**", "SIG_T"), (reasoning.Text, reasoning.ProtectedData));
        var text = Assert.IsType<TextContent>(contents[1]);
        Assert.Equal("SIG_A", text.AdditionalProperties![AdditionalPropertyKeys.ThoughtSignature]);
        var call = Assert.IsType<FunctionCallContent>(contents[2]);
        Assert.Equal("gcall_resp9_0", call.CallId);
        Assert.Equal("Paris", ((JsonElement)call.Arguments!["city"]!).GetString());
        Assert.Equal("SIG_C", call.AdditionalProperties![AdditionalPropertyKeys.ThoughtSignature]);
        var second = Assert.IsType<FunctionCallContent>(contents[3]);
        Assert.Equal("given", second.CallId);
        Assert.False(second.AdditionalProperties!.ContainsKey(AdditionalPropertyKeys.ThoughtSignature));
        Assert.Equal(new byte[] { 1, 2, 3 }, Assert.IsType<DataContent>(contents[4]).Data.ToArray());
        var code = Assert.IsType<CodeInterpreterToolCallContent>(contents[5]);
        Assert.Equal("gcode_resp9_0", code.CallId);
        Assert.Equal("print(1)", Assert.IsType<GeminiPart>(code.RawRepresentation).ExecutableCode!.Code);
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
    }

    [Theory]
    [InlineData("MAX_TOKENS", "length")]
    [InlineData("SAFETY", "content_filter")]
    [InlineData("RECITATION", "content_filter")]
    [InlineData("BLOCKLIST", "content_filter")]
    [InlineData("PROHIBITED_CONTENT", "content_filter")]
    [InlineData("SPII", "content_filter")]
    [InlineData("MALFORMED_FUNCTION_CALL", "MALFORMED_FUNCTION_CALL")]
    [InlineData("OTHER", "OTHER")]
    public void FromWireResponse_FinishReason_MapsPerTable(string wire, string expected)
    {
        var response = Map($$"""{"candidates":[{"content":{"role":"model","parts":[{"text":"x"}]},"finishReason":"{{wire}}"}]}""");
        Assert.Equal(expected, response.FinishReason!.Value.Value);
    }

    [Fact]
    public void FromWireResponse_BlockedPrompt_IsContentFilteredWithTheReason()
    {
        var response = Map("""{"promptFeedback":{"blockReason":"PROHIBITED_CONTENT"},"usageMetadata":{"promptTokenCount":8,"totalTokenCount":8}}""");
        Assert.Equal(ChatFinishReason.ContentFilter, response.FinishReason);
        var error = Assert.IsType<ErrorContent>(Assert.Single(response.Messages.Single().Contents));
        Assert.Equal("PROHIBITED_CONTENT", error.ErrorCode);
        Assert.Contains("blocked the prompt (PROHIBITED_CONTENT)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromWireResponse_SafetyStopWithoutContent_ExplainsTheBlock()
    {
        var response = Map("""{"candidates":[{"finishReason":"SAFETY","index":0}]}""");
        Assert.Equal(ChatFinishReason.ContentFilter, response.FinishReason);
        Assert.Equal("SAFETY", Assert.IsType<ErrorContent>(Assert.Single(response.Messages.Single().Contents)).ErrorCode);
    }
}
