using System.Text.Json.Nodes;
using LlmAdapters.Anthropic;
using LlmAdapters.Testing;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Middleware.Tests.Pipeline;

/// <summary>The standard pipeline around <see cref="AnthropicChatClient"/> (Messages API).</summary>
public sealed class AnthropicChatPipelineTests(RedisServerFixture redis) : ChatPipelineTests(redis)
{
    protected override string ProviderName => "anthropic";

    protected override string Model => "claude-sonnet-4-5";

    /// <summary>A <c>tool_use</c> block in the assistant turn; our result as a <c>tool_result</c> block opening the next
    /// user turn, the string unwrapped to text.</summary>
    protected override string ExpectedToolRoundTrip => """
        [
          {"role":"assistant","content":[{"type":"tool_use","id":"call_1","name":"get_weather","input":{"city":"Paris"}}]},
          {"role":"user","content":[{"type":"tool_result","tool_use_id":"call_1","content":[{"type":"text","text":"sunny, 24 °C"}]}]}
        ]
        """;

    protected override IChatClient CreateAdapter(ProviderEmulator emulator) =>
        new AnthropicChatClient(new AnthropicOptions { Endpoint = emulator.BaseAddress, ApiKey = "sk-ant-api03-test-pipeline", DefaultModelId = Model });

    protected override bool IsStreaming(CapturedRequest request) => request.Json?["stream"]?.GetValue<bool>() == true;

    protected override JsonNode ToolRoundTripOf(JsonNode followUpRequest) => Last(followUpRequest["messages"], 2);

    protected override JsonNode? StructuredOutputRequestOf(JsonNode request) => request["output_config"]?.DeepClone();

    /// <summary>Native structured output (<c>output_config.format</c>); Anthropic requires every object schema closed,
    /// which the adapter adds.</summary>
    protected override JsonNode ExpectedStructuredOutputRequest(ChatResponseFormatJson format)
    {
        var schema = JsonNode.Parse(format.Schema!.Value.GetRawText())!.AsObject();
        schema["additionalProperties"] = false;
        return new JsonObject { ["format"] = new JsonObject { ["type"] = "json_schema", ["schema"] = schema } };
    }
}
