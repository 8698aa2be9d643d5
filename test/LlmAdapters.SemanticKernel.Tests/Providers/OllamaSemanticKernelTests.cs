using LlmAdapters.Ollama;
using LlmAdapters.Testing;
using LlmAdapters.Testing.Dialects.Ollama;
using Microsoft.Extensions.AI;

namespace LlmAdapters.SemanticKernel.Tests.Providers;

public sealed class OllamaSemanticKernelTests : SemanticKernelConformanceTests
{
    protected override string HistoryProperty => "messages";

    // The result goes back as a tool message naming the tool (tool_name) and the call it answers.
    protected override string ExpectedHistoryJson => """
        [
          {"role":"user","content":"What is the weather in Paris?"},
          {"role":"assistant","content":"","tool_calls":[{"id":"call_1","function":{"name":"weather_get_weather","arguments":{"city":"Paris"}}}]},
          {"role":"tool","content":"Sunny and 21 degrees in Paris.","tool_name":"weather_get_weather","tool_call_id":"call_1"}
        ]
        """;

    protected override IChatClient CreateChatClient(ProviderEmulator emulator) => new OllamaChatClient(Options(emulator, "llama3.2"));

    protected override EmbeddingCase? CreateEmbeddings(ProviderEmulator emulator) =>
        new(new OllamaEmbeddingGenerator(Options(emulator, "nomic-embed-text")), text => OllamaDialect.DeterministicVector(text, OllamaDialect.DefaultEmbeddingDimensions));

    // A local server needs no key.
    private static OllamaOptions Options(ProviderEmulator emulator, string model) => new() { Endpoint = emulator.BaseAddress, DefaultModelId = model };
}
