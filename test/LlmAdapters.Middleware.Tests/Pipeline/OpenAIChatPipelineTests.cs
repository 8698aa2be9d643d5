using System.Text.Json.Nodes;
using LlmAdapters.OpenAI;
using LlmAdapters.Testing;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Middleware.Tests.Pipeline;

/// <summary>The standard pipeline around <see cref="OpenAIChatClient"/> (Chat Completions).</summary>
public sealed class OpenAIChatPipelineTests(RedisServerFixture redis) : ChatPipelineTests(redis)
{
    protected override string ProviderName => "openai";

    protected override string Model => "gpt-4.1";

    /// <summary>The call as OpenAI sent it; our result as a <c>tool</c> message whose content is the function's JSON
    /// result text (a string result is therefore a JSON string, as Microsoft's own OpenAI client sends it too).</summary>
    protected override string ExpectedToolRoundTrip => """
        [
          {"role":"assistant","tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]},
          {"role":"tool","tool_call_id":"call_1","content":"\"sunny, 24 °C\""}
        ]
        """;

    protected override IChatClient CreateAdapter(ProviderEmulator emulator) =>
        new OpenAIChatClient(new OpenAIOptions { Endpoint = emulator.Url("v1/"), ApiKey = "sk-test-pipeline", DefaultModelId = Model });

    protected override bool IsStreaming(CapturedRequest request) => request.Json?["stream"]?.GetValue<bool>() == true;

    protected override JsonNode ToolRoundTripOf(JsonNode followUpRequest) => Last(followUpRequest["messages"], 2);

    protected override JsonNode? StructuredOutputRequestOf(JsonNode request) => request["response_format"]?.DeepClone();

    protected override JsonNode ExpectedStructuredOutputRequest(ChatResponseFormatJson format) => new JsonObject
    {
        ["type"] = "json_schema",
        ["json_schema"] = new JsonObject
        {
            ["name"] = format.SchemaName,
            ["schema"] = JsonNode.Parse(format.Schema!.Value.GetRawText()),
            ["strict"] = true,
        },
    };
}
