using LlmAdapters.OpenAI;
using LlmAdapters.Testing;
using LlmAdapters.Testing.Dialects.OpenAI;
using Microsoft.Extensions.AI;

namespace LlmAdapters.SemanticKernel.Tests.Providers;

public sealed class OpenAISemanticKernelTests : SemanticKernelConformanceTests
{
    protected override string HistoryProperty => "messages";

    protected override string ExpectedHistoryJson => """
        [
          {"role":"user","content":"What is the weather in Paris?"},
          {"role":"assistant","tool_calls":[{"id":"call_1","type":"function","function":{"name":"weather_get_weather","arguments":"{\"city\":\"Paris\"}"}}]},
          {"role":"tool","tool_call_id":"call_1","content":"Sunny and 21 degrees in Paris."}
        ]
        """;

    protected override IChatClient CreateChatClient(ProviderEmulator emulator) =>
        new OpenAIChatClient(new OpenAIOptions { Endpoint = emulator.Url("v1/"), ApiKey = "sk-test-0123456789", DefaultModelId = "gpt-4.1-mini" });

    protected override EmbeddingCase? CreateEmbeddings(ProviderEmulator emulator) => new(
        new OpenAIEmbeddingGenerator(new OpenAIOptions { Endpoint = emulator.Url("v1/"), ApiKey = "sk-test-0123456789", DefaultModelId = "text-embedding-3-small" }),
        text => OpenAIDialect.DeterministicVector(text, 8));
}
