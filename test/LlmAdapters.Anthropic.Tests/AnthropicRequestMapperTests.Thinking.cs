using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using static LlmAdapters.Anthropic.Tests.AnthropicTestSupport;

namespace LlmAdapters.Anthropic.Tests;

/// <summary>Thinking budgets, output formats, cache breakpoints and the count-tokens request.</summary>
public sealed partial class AnthropicRequestMapperTests
{
    [Fact]
    public void ToWireRequest_ReasoningEffortNone_SendsNoThinking()
    {
        var request = Map("hi", new ChatOptions { Reasoning = new ReasoningOptions { Effort = ReasoningEffort.None } });
        Assert.Null(request.Body.Thinking);
    }

    [Fact]
    public void ToWireRequest_ExplicitBudgetAndOmittedOutput_OverridesEffort()
    {
        var options = new ChatOptions
        {
            Reasoning = new ReasoningOptions { Effort = ReasoningEffort.Low, Output = ReasoningOutput.None },
            AdditionalProperties = new() { [AdditionalPropertyKeys.ReasoningBudgetTokens] = 3000 },
        };
        var request = Map("hi", options);
        AssertJson("""{"type":"enabled","budget_tokens":3000,"display":"omitted"}""", ToNode(request)["thinking"]);
        Assert.Equal(8192, request.Body.MaxTokens);
    }

    [Fact]
    public void ToWireRequest_BudgetBelowMinimum_ThrowsArgumentException()
    {
        var options = new ChatOptions { AdditionalProperties = new() { [AdditionalPropertyKeys.ReasoningBudgetTokens] = 500 } };
        var ex = Assert.Throws<ArgumentException>(() => Map("hi", options));
        Assert.Contains("below Anthropic's minimum of 1024", ex.Message, StringComparison.Ordinal);
    }

    public static TheoryData<ChatOptions, string> ThinkingConflicts() => new()
    {
        { new ChatOptions { Temperature = 0.2f }, "temperature" },
        { new ChatOptions { TopK = 5 }, "top_k" },
        { new ChatOptions { TopP = 0.5f }, "top_p between 0.95 and 1" },
        { new ChatOptions { Tools = [AIFunctionFactory.Create(() => 1, "f")], ToolMode = ChatToolMode.RequireAny }, "forcing a tool call" },
        { new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(JsonDocument.Parse("""{"type":"object"}""").RootElement) }, "forced tool call" },
    };

    [Theory]
    [MemberData(nameof(ThinkingConflicts))]
    public void ToWireRequest_ThinkingWithForbiddenOption_ThrowsArgumentException(ChatOptions options, string expected)
    {
        options.Reasoning = new ReasoningOptions { Effort = ReasoningEffort.Medium };
        var client = new AnthropicOptions { ApiKey = Key, DefaultModelId = "claude-sonnet-4-5", StructuredOutputMode = AnthropicStructuredOutputMode.ToolCall };
        var ex = Assert.Throws<ArgumentException>(() => Map([new ChatMessage(ChatRole.User, "hi")], options, client));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Equal("options", ex.ParamName);
    }

    [Fact]
    public void ToWireRequest_ThinkingWithTemperatureOneAndHighTopP_IsAllowed()
    {
        var request = Map("hi", new ChatOptions { Temperature = 1, TopP = 0.97f, Reasoning = new ReasoningOptions { Effort = ReasoningEffort.Low } });
        Assert.Equal(1.0, request.Body.Temperature);
        Assert.NotNull(request.Body.Thinking);
    }

    [Fact]
    public void ToWireRequest_JsonSchemaOnCurrentModel_UsesNativeOutputFormatWithClosedObjects()
    {
        var schema = JsonDocument.Parse("""{"type":"object","properties":{"name":{"type":"string"},"tags":{"type":"array","items":{"type":"object","properties":{"v":{"type":"string"}}}}},"required":["name"]}""").RootElement;
        var request = Map("hi", new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(schema, "person") });

        Assert.Null(request.StructuredOutputTool);
        AssertJson(
            """
            {"format":{"type":"json_schema","schema":{"type":"object","properties":{"name":{"type":"string"},
              "tags":{"type":"array","items":{"type":"object","properties":{"v":{"type":"string"}},"additionalProperties":false}}},
              "required":["name"],"additionalProperties":false}}}
            """,
            ToNode(request)["output_config"]);
    }

    [Fact]
    public void ToWireRequest_JsonSchemaOnClaude3_UsesForcedTool()
    {
        var schema = JsonDocument.Parse("""{"type":"object","properties":{"a":{"type":"integer"}}}""").RootElement;
        var request = Map("hi", new ChatOptions { ModelId = "claude-3-5-haiku-latest", ResponseFormat = ChatResponseFormat.ForJsonSchema(schema, "answer", "The answer.") });

        Assert.Equal(AnthropicRequestMapper.StructuredOutputToolName, request.StructuredOutputTool);
        var node = ToNode(request);
        Assert.Null(node["output_config"]);
        AssertJson("""[{"name":"structured_output","description":"The answer.","input_schema":{"type":"object","properties":{"a":{"type":"integer"}}}}]""", node["tools"]);
        AssertJson("""{"type":"tool","name":"structured_output"}""", node["tool_choice"]);
    }

    [Fact]
    public void ToWireRequest_PlainJsonFormat_IsIgnored()
    {
        var node = ToNode(Map("hi", new ChatOptions { ResponseFormat = ChatResponseFormat.Json }));
        Assert.Null(node["output_config"]);
        Assert.Null(node["tools"]);
    }

    [Fact]
    public void ToWireRequest_CacheBreakpoints_MapToCacheControlWithTtl()
    {
        var options = new ChatOptions
        {
            Instructions = "System prompt",
            Tools = [AIFunctionFactory.Create(() => 1, "a"), AIFunctionFactory.Create(() => 2, "b")],
        }.WithToolsCacheBreakpoint(TimeSpan.FromHours(1)).WithInstructionsCacheBreakpoint();

        ChatMessage[] messages =
        [
            new ChatMessage(ChatRole.User, [new TextContent("doc").WithCacheBreakpoint(TimeSpan.FromMinutes(5)), new TextContent("question")]),
            new ChatMessage(ChatRole.Assistant, "answer").WithCacheBreakpoint(TimeSpan.FromMinutes(30)),
        ];
        var node = ToNode(Map(messages, options));

        AssertJson("""{"type":"ephemeral","ttl":"1h"}""", node["tools"]![1]!["cache_control"]);
        Assert.Null(node["tools"]![0]!["cache_control"]);
        AssertJson("""[{"type":"text","text":"System prompt","cache_control":{"type":"ephemeral"}}]""", node["system"]);
        AssertJson(
            """
            [{"role":"user","content":[{"type":"text","text":"doc","cache_control":{"type":"ephemeral","ttl":"5m"}},{"type":"text","text":"question"}]},
             {"role":"assistant","content":[{"type":"text","text":"answer","cache_control":{"type":"ephemeral","ttl":"1h"}}]}]
            """,
            node["messages"]);
    }

    [Fact]
    public void ToWireRequest_FiveCacheBreakpoints_ThrowsArgumentExceptionBeforeIo()
    {
        var options = new ChatOptions { Instructions = "s", Tools = [AIFunctionFactory.Create(() => 1, "a")] }
            .WithToolsCacheBreakpoint().WithInstructionsCacheBreakpoint();
        ChatMessage[] messages =
        [
            new ChatMessage(ChatRole.User, "1").WithCacheBreakpoint(),
            new ChatMessage(ChatRole.Assistant, "2").WithCacheBreakpoint(),
            new ChatMessage(ChatRole.User, "3").WithCacheBreakpoint(),
        ];

        var ex = Assert.Throws<ArgumentException>(() => Map(messages, options));
        Assert.Contains("5 prompt-cache breakpoints", ex.Message, StringComparison.Ordinal);
        Assert.Contains("at most 4", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToCountTokensRequest_RemovesFieldsCountTokensRejects()
    {
        var request = Map("hi", new ChatOptions { Instructions = "s", Temperature = 0.3f, TopK = 3, StopSequences = ["x"], MaxOutputTokens = 10 });
        AssertRequest(
            """{"model":"claude-sonnet-4-5","system":[{"type":"text","text":"s"}],"messages":[{"role":"user","content":[{"type":"text","text":"hi"}]}]}""",
            AnthropicRequestMapper.ToCountTokensRequest(request));
    }

    [Fact]
    public void ToWireRequest_Streaming_SetsStream()
    {
        Assert.True(Map([new ChatMessage(ChatRole.User, "hi")], stream: true).Body.Stream);
    }
}
