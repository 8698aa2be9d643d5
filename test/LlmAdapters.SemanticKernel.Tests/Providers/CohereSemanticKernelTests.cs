using LlmAdapters.Cohere;
using LlmAdapters.Testing;
using LlmAdapters.Testing.Dialects.OpenAI;
using Microsoft.Extensions.AI;

namespace LlmAdapters.SemanticKernel.Tests.Providers;

public sealed class CohereSemanticKernelTests : SemanticKernelConformanceTests
{
    protected override string HistoryProperty => "messages";

    protected override string ExpectedHistoryJson => """
        [
          {"role":"user","content":"What is the weather in Paris?"},
          {"role":"assistant","tool_calls":[{"id":"call_1","type":"function","function":{"name":"weather_get_weather","arguments":"{\"city\":\"Paris\"}"}}]},
          {"role":"tool","tool_call_id":"call_1","content":[{"type":"text","text":"Sunny and 21 degrees in Paris."}]}
        ]
        """;

    protected override IChatClient CreateChatClient(ProviderEmulator emulator) =>
        new CohereChatClient(new CohereOptions { Endpoint = emulator.BaseAddress, ApiKey = "co-test-0123456789", DefaultModelId = "command-a-03-2025" });

    protected override EmbeddingCase? CreateEmbeddings(ProviderEmulator emulator) => new(
        new CohereEmbeddingGenerator(new CohereOptions { Endpoint = emulator.BaseAddress, ApiKey = "co-test-0123456789", DefaultModelId = "embed-v4.0" }),
        text => OpenAIDialect.DeterministicVector(text, 8));
}
