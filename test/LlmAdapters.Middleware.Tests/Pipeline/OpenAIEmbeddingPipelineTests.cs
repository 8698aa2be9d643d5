using LlmAdapters.OpenAI;
using LlmAdapters.Testing;
using LlmAdapters.Testing.Dialects.OpenAI;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Middleware.Tests.Pipeline;

/// <summary>The embedding pipeline around <see cref="OpenAIEmbeddingGenerator"/>.</summary>
public sealed class OpenAIEmbeddingPipelineTests(RedisServerFixture redis) : EmbeddingPipelineTests(redis)
{
    protected override string ProviderName => "openai";

    protected override string Model => "text-embedding-3-small";

    protected override bool ReportsUsage => true;

    protected override IEmbeddingGenerator<string, Embedding<float>> CreateAdapter(ProviderEmulator emulator) =>
        new OpenAIEmbeddingGenerator(new OpenAIOptions { Endpoint = emulator.Url("v1/"), ApiKey = "sk-test-pipeline", DefaultModelId = Model });

    protected override IReadOnlyList<string?> InputsOf(CapturedRequest request) =>
        [.. request.Json!["input"]!.AsArray().Select(n => (string?)n)];

    protected override float[] EmulatorVector(string input) => OpenAIDialect.DeterministicVector(input, 8);
}
