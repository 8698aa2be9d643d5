using System.Text.Json;
using LlmAdapters.OpenAI.Wire;
using Microsoft.Extensions.AI;

namespace LlmAdapters.OpenAI.Tests;

public sealed class OpenAIResponseMapperTests
{
    private static ChatResponse Map(string json, OpenAICompatibility? compat = null) =>
        OpenAIResponseMapper.FromWireResponse(
            OpenAIStreamDecoder.ParseCompletion(System.Text.Encoding.UTF8.GetBytes(json)),
            compat ?? new OpenAICompatibility());

    [Fact]
    public void FromWireResponse_TextWithUsageAndLogprobs_MapsEverything()
    {
        var response = Map("""
            {"id":"chatcmpl-9","object":"chat.completion","created":1741569952,"model":"gpt-5.4",
             "choices":[{"index":0,"message":{"role":"assistant","content":"Hello!","refusal":null,"annotations":[]},
               "logprobs":{"content":[{"token":"Hello","logprob":-0.31,"bytes":[72],"top_logprobs":[]}],"refusal":null},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":19,"completion_tokens":10,"total_tokens":29,
               "prompt_tokens_details":{"cached_tokens":3,"audio_tokens":0,"cache_write_tokens":7},
               "completion_tokens_details":{"reasoning_tokens":4,"audio_tokens":0}},
             "service_tier":"default","system_fingerprint":"fp_x"}
            """);

        Assert.Equal("Hello!", response.Text);
        Assert.Equal("chatcmpl-9", response.ResponseId);
        Assert.Equal("gpt-5.4", response.ModelId);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1741569952), response.CreatedAt);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal((19L, 10L, 29L, 3L, 4L), (response.Usage!.InputTokenCount!.Value, response.Usage.OutputTokenCount!.Value,
            response.Usage.TotalTokenCount!.Value, response.Usage.CachedInputTokenCount!.Value, response.Usage.ReasoningTokenCount!.Value));
        Assert.Equal(7, response.Usage.AdditionalCounts![AdditionalPropertyKeys.CacheWriteInputTokens]);
        Assert.Equal(JsonValueKind.Object, ((JsonElement)response.AdditionalProperties![OpenAIPropertyKeys.Logprobs]!).ValueKind);
        Assert.Equal("default", response.AdditionalProperties[OpenAIPropertyKeys.ServiceTier]);
        Assert.IsType<OpenAIStreamChunk>(response.RawRepresentation);
        Assert.NotNull(response.Messages[0].Contents[0].RawRepresentation);
    }

    [Fact]
    public void FromWireResponse_ToolCallsAndReasoning_MapsContentsInOrder()
    {
        var response = Map("""
            {"id":"x","choices":[{"index":0,"finish_reason":"tool_calls","message":{"role":"assistant","content":null,
              "reasoning_content":"Need weather",
              "tool_calls":[{"id":"call_abc","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}},
                            {"id":"call_bad","type":"function","function":{"name":"get_weather","arguments":"{oops"}}]}}]}
            """);

        var contents = response.Messages[0].Contents;
        Assert.Equal("Need weather", Assert.IsType<TextReasoningContent>(contents[0]).Text);
        var call = Assert.IsType<FunctionCallContent>(contents[1]);
        Assert.Equal("Paris", ((JsonElement)call.Arguments!["city"]!).GetString());
        Assert.NotNull(Assert.IsType<FunctionCallContent>(contents[2]).Exception);
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
    }

    [Fact]
    public void FromWireResponse_Refusal_BecomesErrorContent()
    {
        var response = Map("""{"id":"x","choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":null,"refusal":"I can't help with that."}}]}""");

        var error = Assert.IsType<ErrorContent>(Assert.Single(response.Messages[0].Contents));
        Assert.Equal("I can't help with that.", error.Message);
        Assert.Equal("refusal", error.ErrorCode);
    }

    [Fact]
    public void FromWireResponse_OpenRouterReasoningDetailsAndCost_KeepsDetailsAsProtectedData()
    {
        var response = Map("""
            {"id":"gen-1","choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":"ok","reasoning":"thought",
              "reasoning_details":[{"type":"reasoning.text","text":"thought","signature":"sig","index":0}]}}],
             "usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7,"cost":0.0012}}
            """);

        var reasoning = Assert.IsType<TextReasoningContent>(response.Messages[0].Contents[0]);
        Assert.Equal("thought", reasoning.Text);
        Assert.Contains("\"signature\":\"sig\"", reasoning.ProtectedData, StringComparison.Ordinal);
        Assert.Equal(0.0012m, response.AdditionalProperties![AdditionalPropertyKeys.ProviderReportedCost]);
    }

    [Fact]
    public void FromWireResponse_MistralThinkingParts_BecomeReasoningAndText()
    {
        var response = Map("""
            {"id":"m","choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant",
              "content":[{"type":"thinking","thinking":[{"type":"text","text":"Let me see"}]},{"type":"text","text":"42"}]}}]}
            """);

        Assert.Equal("Let me see", Assert.IsType<TextReasoningContent>(response.Messages[0].Contents[0]).Text);
        Assert.Equal("42", response.Text);
    }

    [Fact]
    public void ParseCompletion_NotACompletion_ThrowsJsonException()
    {
        Assert.ThrowsAny<JsonException>(() => OpenAIStreamDecoder.ParseCompletion("[1,2]"u8));
        Assert.ThrowsAny<JsonException>(() => OpenAIStreamDecoder.ParseCompletion("""{"error":{"message":"x"}}"""u8));
    }

    [Fact]
    public void FromWireResponse_UnknownFinishReason_IsCustom()
    {
        var response = Map("""{"id":"x","choices":[{"index":0,"finish_reason":"insufficient_system_resource","message":{"role":"assistant","content":"a"}}]}""");

        Assert.Equal("insufficient_system_resource", response.FinishReason!.Value.Value);
    }
}
