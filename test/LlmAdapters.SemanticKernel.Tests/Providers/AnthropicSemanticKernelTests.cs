using LlmAdapters.Anthropic;
using LlmAdapters.Testing;
using Microsoft.Extensions.AI;

namespace LlmAdapters.SemanticKernel.Tests.Providers;

public sealed class AnthropicSemanticKernelTests : SemanticKernelConformanceTests
{
    protected override string HistoryProperty => "messages";

    protected override string ExpectedHistoryJson => """
        [
          {"role":"user","content":[{"type":"text","text":"What is the weather in Paris?"}]},
          {"role":"assistant","content":[{"type":"tool_use","id":"call_1","name":"weather_get_weather","input":{"city":"Paris"}}]},
          {"role":"user","content":[{"type":"tool_result","tool_use_id":"call_1","content":[{"type":"text","text":"Sunny and 21 degrees in Paris."}]}]}
        ]
        """;

    protected override IChatClient CreateChatClient(ProviderEmulator emulator) =>
        new AnthropicChatClient(new AnthropicOptions { Endpoint = emulator.BaseAddress, ApiKey = "sk-ant-test-0123456789", DefaultModelId = "claude-sonnet-4-5" });
}
