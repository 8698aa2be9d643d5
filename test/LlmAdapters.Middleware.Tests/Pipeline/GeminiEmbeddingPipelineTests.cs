using LlmAdapters.Gemini;
using LlmAdapters.Testing;
using LlmAdapters.Testing.Dialects.Gemini;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Middleware.Tests.Pipeline;

/// <summary>The embedding pipeline around <see cref="GeminiEmbeddingGenerator"/> (<c>batchEmbedContents</c>).</summary>
public sealed class GeminiEmbeddingPipelineTests(RedisServerFixture redis) : EmbeddingPipelineTests(redis)
{
    protected override string ProviderName => "gcp.gemini";

    protected override string Model => "gemini-embedding-001";

    protected override bool ReportsUsage => false;

    protected override IEmbeddingGenerator<string, Embedding<float>> CreateAdapter(ProviderEmulator emulator) =>
        new GeminiEmbeddingGenerator(new GeminiOptions { Endpoint = emulator.BaseAddress, ApiKey = "AIzaTestPipelineKey0123456789abcd", DefaultEmbeddingModelId = Model });

    protected override IReadOnlyList<string?> InputsOf(CapturedRequest request) =>
        request.Json!["requests"] is { } requests
            ? [.. requests.AsArray().Select(r => (string?)r!["content"]!["parts"]![0]!["text"])]
            : [(string?)request.Json["content"]!["parts"]![0]!["text"]];

    protected override float[] EmulatorVector(string input) => GeminiDialect.EmbeddingOf(input, GeminiDialect.DefaultEmbeddingDimensions);
}
