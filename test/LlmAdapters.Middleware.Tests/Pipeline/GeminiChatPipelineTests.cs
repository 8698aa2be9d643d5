using System.Text.Json.Nodes;
using LlmAdapters.Gemini;
using LlmAdapters.Testing;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Middleware.Tests.Pipeline;

/// <summary>The standard pipeline around <see cref="GeminiChatClient"/> (Gemini API).</summary>
public sealed class GeminiChatPipelineTests(RedisServerFixture redis) : ChatPipelineTests(redis)
{
    protected override string ProviderName => "gcp.gemini";

    protected override string Model => "gemini-2.5-flash";

    /// <summary>The <c>functionCall</c> part back in the model turn (with the signature placeholder Gemini accepts for calls
    /// that came without one); our result as a <c>functionResponse</c> whose <c>response</c> is <c>{"output": …}</c>.</summary>
    protected override string ExpectedToolRoundTrip => """
        [
          {"role":"model","parts":[{"thoughtSignature":"skip_thought_signature_validator","functionCall":{"id":"call_1","name":"get_weather","args":{"city":"Paris"}}}]},
          {"role":"user","parts":[{"functionResponse":{"id":"call_1","name":"get_weather","response":{"output":"sunny, 24 °C"}}}]}
        ]
        """;

    protected override IChatClient CreateAdapter(ProviderEmulator emulator) =>
        new GeminiChatClient(new GeminiOptions { Endpoint = emulator.BaseAddress, ApiKey = "AIzaTestPipelineKey0123456789abcd", DefaultModelId = Model });

    protected override bool IsStreaming(CapturedRequest request) => request.Path.EndsWith(":streamGenerateContent", StringComparison.Ordinal);

    protected override JsonNode ToolRoundTripOf(JsonNode followUpRequest) => Last(followUpRequest["contents"], 2);

    protected override JsonNode? StructuredOutputRequestOf(JsonNode request)
    {
        var config = request["generationConfig"];
        return new JsonObject
        {
            ["responseMimeType"] = config?["responseMimeType"]?.DeepClone(),
            ["responseJsonSchema"] = config?["responseJsonSchema"]?.DeepClone(),
        };
    }

    protected override JsonNode ExpectedStructuredOutputRequest(ChatResponseFormatJson format) => new JsonObject
    {
        ["responseMimeType"] = "application/json",
        ["responseJsonSchema"] = JsonNode.Parse(format.Schema!.Value.GetRawText()),
    };
}
