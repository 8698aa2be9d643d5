using System.Text.Json;
using LlmAdapters.Ollama.Wire;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Ollama.Tests;

public sealed class OllamaResponseMapperTests
{
    private static OllamaChatResponse Parse(string json) => JsonSerializer.Deserialize(json, OllamaJsonContext.Default.OllamaChatResponse)!;

    [Fact]
    public void FromWireResponse_WholeAnswer_MapsTextThinkingUsageDurationsAndTime()
    {
        var wire = Parse("""
            {"model":"qwen3:8b","created_at":"2025-10-17T23:14:07.414671234Z",
             "message":{"role":"assistant","content":"Hello!","thinking":"Greet back."},
             "done":true,"done_reason":"stop","total_duration":174560334,"load_duration":101397084,
             "prompt_eval_count":11,"prompt_eval_duration":13074791,"eval_count":18,"eval_duration":52479709}
            """);

        var response = OllamaResponseMapper.FromWireResponse(wire, "ochat_1");

        var message = Assert.Single(response.Messages);
        Assert.Equal(("ochat_1", "ochat_1", "qwen3:8b"), (response.ResponseId, message.MessageId, response.ModelId));
        Assert.Equal("Greet back.", Assert.IsType<TextReasoningContent>(message.Contents[0]).Text);
        Assert.Equal("Hello!", Assert.IsType<TextContent>(message.Contents[1]).Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal((11L, 18L, 29L), (response.Usage!.InputTokenCount!.Value, response.Usage.OutputTokenCount!.Value, response.Usage.TotalTokenCount!.Value));
        Assert.Equal(TimeSpan.FromTicks(1745603), response.AdditionalProperties![OllamaPropertyKeys.TotalDuration]);
        Assert.Equal(TimeSpan.FromTicks(1013970), response.AdditionalProperties[OllamaPropertyKeys.LoadDuration]);
        Assert.Equal(TimeSpan.FromTicks(130747), response.AdditionalProperties[OllamaPropertyKeys.PromptEvalDuration]);
        Assert.Equal(TimeSpan.FromTicks(524797), response.AdditionalProperties[OllamaPropertyKeys.EvalDuration]);
        Assert.Equal(new DateTimeOffset(2025, 10, 17, 23, 14, 7, TimeSpan.Zero).AddTicks(4146712), response.CreatedAt);
        Assert.Same(wire, response.RawRepresentation);
        Assert.All(message.Contents, c => Assert.Same(wire, c.RawRepresentation));
    }

    [Fact]
    public void FromWireResponse_PromptFromCache_CountsMissingInputAsZero()
    {
        var response = OllamaResponseMapper.FromWireResponse(Parse("""{"model":"m","message":{"role":"assistant","content":"x"},"done":true,"done_reason":"stop","eval_count":3}"""), "id");

        Assert.Equal((0L, 3L, 3L), (response.Usage!.InputTokenCount!.Value, response.Usage.OutputTokenCount!.Value, response.Usage.TotalTokenCount!.Value));
    }

    [Fact]
    public void FromWireResponse_ToolCalls_KeepServerIdsAndMakeUpStableOnes()
    {
        var json = """
            {"model":"m","message":{"role":"assistant","content":"","tool_calls":[
              {"id":"call_abc","function":{"index":0,"name":"get_weather","arguments":{"city":"Toronto"}}},
              {"function":{"index":1,"name":"get_weather","arguments":{"city":"Paris","unit":"c"}}}]},
             "done":true,"done_reason":"stop"}
            """;

        var first = OllamaResponseMapper.FromWireResponse(Parse(json), "a");
        var again = OllamaResponseMapper.FromWireResponse(Parse(json), "b");

        var calls = first.Messages[0].Contents.OfType<FunctionCallContent>().ToList();
        Assert.Equal("call_abc", calls[0].CallId);
        Assert.Matches("^ocall_1_[0-9a-f]{8}$", calls[1].CallId);
        Assert.Equal(calls[1].CallId, again.Messages[0].Contents.OfType<FunctionCallContent>().Last().CallId);
        Assert.Equal(["city", "unit"], calls[1].Arguments!.Keys);
        Assert.Equal(ChatFinishReason.ToolCalls, first.FinishReason);
    }

    [Fact]
    public void SyntheticCallId_DifferentArguments_DifferentIds()
    {
        var paris = OllamaResponseMapper.SyntheticCallId(0, "get_weather", JsonDocument.Parse("""{"city":"Paris"}""").RootElement);
        var rome = OllamaResponseMapper.SyntheticCallId(0, "get_weather", JsonDocument.Parse("""{"city":"Rome"}""").RootElement);

        Assert.NotEqual(paris, rome);
        Assert.Equal(paris, OllamaResponseMapper.SyntheticCallId(0, "get_weather", JsonDocument.Parse("""{"city":"Paris"}""").RootElement));
    }

    [Fact]
    public void FromWireResponse_ArgumentsNotAnObject_CallCarriesAnException()
    {
        var wire = Parse("""{"model":"m","message":{"role":"assistant","content":"","tool_calls":[{"function":{"name":"f","arguments":"{\"a\":1}"}}]},"done":true,"done_reason":"stop"}""");

        var call = Assert.Single(OllamaResponseMapper.FromWireResponse(wire, "id").Messages[0].Contents.OfType<FunctionCallContent>());

        Assert.IsType<InvalidOperationException>(call.Exception);
        Assert.Empty(call.Arguments!);
    }

    [Theory]
    [InlineData("stop", false, "stop")]
    [InlineData("stop", true, "tool_calls")]
    [InlineData("length", false, "length")]
    [InlineData("load", false, "load")]
    [InlineData("unload", false, "unload")]
    [InlineData("", false, null)]
    [InlineData(null, true, "tool_calls")]
    public void ToFinishReason_DoneReasons_MapAsDocumented(string? doneReason, bool sawCalls, string? expected)
    {
        Assert.Equal(expected, OllamaResponseMapper.ToFinishReason(doneReason, sawCalls)?.Value);
    }

    [Theory]
    [InlineData("2023-08-04T08:52:19.385406455-07:00", 2023, 8, 4, 15, 52, 19, 3854065)]
    [InlineData("2025-07-07T20:22:19.184789Z", 2025, 7, 7, 20, 22, 19, 1847890)]
    [InlineData("2025-07-07T20:22:19Z", 2025, 7, 7, 20, 22, 19, 0)]
    public void ParseTime_RfcTimesWithNanoseconds_Parse(string text, int y, int mo, int d, int h, int mi, int s, long fractionTicks)
    {
        Assert.Equal(new DateTimeOffset(y, mo, d, h, mi, s, TimeSpan.Zero).AddTicks(fractionTicks), OllamaResponseMapper.ParseTime(text)!.Value.ToUniversalTime());
    }

    [Fact]
    public void ParseTime_NotATime_IsNull()
    {
        Assert.Null(OllamaResponseMapper.ParseTime("yesterday"));
    }
}
