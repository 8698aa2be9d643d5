using Google.Apis.Auth.OAuth2;
using LlmAdapters.Gemini;
using LlmAdapters.Testing;
using LlmAdapters.Testing.Dialects.Gemini;
using Microsoft.Extensions.AI;

namespace LlmAdapters.SemanticKernel.Tests.Providers;

public sealed class VertexSemanticKernelTests : SemanticKernelConformanceTests
{
    protected override string HistoryProperty => "contents";

    protected override string ExpectedHistoryJson => """
        [
          {"role":"user","parts":[{"text":"What is the weather in Paris?"}]},
          {"role":"model","parts":[{"functionCall":{"id":"call_1","name":"weather_get_weather","args":{"city":"Paris"}},"thoughtSignature":"skip_thought_signature_validator"}]},
          {"role":"user","parts":[{"functionResponse":{"id":"call_1","name":"weather_get_weather","response":{"output":"Sunny and 21 degrees in Paris."}}}]}
        ]
        """;

    protected override IChatClient CreateChatClient(ProviderEmulator emulator) => new GeminiChatClient(Options(emulator));

    protected override EmbeddingCase? CreateEmbeddings(ProviderEmulator emulator) =>
        new(new GeminiEmbeddingGenerator(Options(emulator)), text => GeminiDialect.EmbeddingOf(text, GeminiDialect.DefaultEmbeddingDimensions));

    private static GeminiOptions Options(ProviderEmulator emulator) => new()
    {
        Endpoint = emulator.BaseAddress,
        DefaultModelId = "gemini-2.5-flash",
        Vertex = new GeminiVertexOptions { Project = "proj-1", Location = "us-central1", Credential = GoogleCredential.FromAccessToken("vertex-test-token") },
    };
}
