using LlmAdapters.OpenAI;
using LlmAdapters.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace LlmAdapters.Polyfills.Tests;

/// <summary>The embedding pipeline around the real OpenAI embedding generator, talking HTTP to the provider emulator.</summary>
public sealed class OpenAIEmbeddingPipelineEndToEndTests
{
    [Fact]
    public async Task CacheAndTelemetry_AroundOpenAIEmbeddingGenerator_SendOnlyMissesAndTraceEachRequest()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var emulator = await ProviderEmulator.StartAsync(ct);
        using var telemetry = new TelemetryCollector("LlmAdapters.Tests." + Guid.NewGuid().ToString("N"));
        using var openAI = new OpenAIEmbeddingGenerator(new OpenAIOptions { Endpoint = emulator.Url("v1/"), ApiKey = "test", DefaultModelId = "text-embedding-3-small" });
        var generator = openAI.AsBuilder()
            .UseDistributedCache(new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions())))
            .UseOpenTelemetry(sourceName: telemetry.SourceName)
            .Build();

        var first = await generator.GenerateAsync(["alpha", "beta"], cancellationToken: ct);
        var second = await generator.GenerateAsync(["beta", "gamma", "alpha"], cancellationToken: ct);

        Assert.Equal(2, emulator.Requests.Count);
        Assert.Equal(["gamma"], emulator.Requests[1].Json!["input"]!.AsArray().Select(n => (string?)n));
        Assert.Equal(first[1].Vector.ToArray(), second[0].Vector.ToArray());
        Assert.Equal(first[0].Vector.ToArray(), second[2].Vector.ToArray());
        Assert.Equal(["embeddings text-embedding-3-small", "embeddings text-embedding-3-small"], telemetry.Activities.Select(a => a.DisplayName));
        Assert.All(telemetry.Activities, a => Assert.Equal("openai", a.GetTagItem("gen_ai.provider.name")));
    }
}
