using System.Diagnostics;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Polyfills.Tests;

public sealed class OpenTelemetryEmbeddingGeneratorTests
{
    [Fact]
    public async Task GenerateAsync_RecordsEmbeddingsSpanAndInputTokenMetric()
    {
        using var telemetry = new TelemetryCollector("LlmAdapters.Tests." + Guid.NewGuid().ToString("N"));
        var inner = new FakeEmbeddingGenerator { Metadata = new EmbeddingGeneratorMetadata("openai", new Uri("http://localhost:1234/"), "text-embedding-3-small", 1536) };
        var generator = inner.AsBuilder().UseOpenTelemetry(sourceName: telemetry.SourceName).Build();

        await generator.GenerateAsync(["a", "b"], cancellationToken: TestContext.Current.CancellationToken);

        var span = Assert.Single(telemetry.Activities);
        Assert.Equal("embeddings text-embedding-3-small", span.DisplayName);
        Assert.Equal(ActivityKind.Client, span.Kind);
        Assert.Equal("embeddings", span.GetTagItem("gen_ai.operation.name"));
        Assert.Equal("openai", span.GetTagItem("gen_ai.provider.name"));
        Assert.Equal(1536, span.GetTagItem("gen_ai.embeddings.dimension.count"));
        Assert.Equal(6, span.GetTagItem("gen_ai.usage.input_tokens"));
        Assert.Equal("fake-embed", span.GetTagItem("gen_ai.response.model"));

        var tokens = Assert.Single(telemetry.CollectMetrics(), m => m.Name == "gen_ai.client.token.usage");
        var point = Assert.Single(tokens.Points);
        Assert.Equal("input", point.Tags["gen_ai.token.type"]);
        Assert.Equal(6, point.Sum);
    }
}
