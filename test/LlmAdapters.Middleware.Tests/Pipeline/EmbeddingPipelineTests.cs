using System.Diagnostics;
using System.Globalization;
using LlmAdapters.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace LlmAdapters.Middleware.Tests.Pipeline;

/// <summary>
/// Microsoft.Extensions.AI's embedding pipeline — <c>UseDistributedCache</c> → <c>UseOpenTelemetry</c> — around one of
/// our embedding generators, over HTTP to the provider emulator: only the inputs not yet cached go to the provider,
/// each provider call is traced with the GenAI attributes, and a Redis cache is shared by separately built apps.
/// Each embedding provider subclasses this; a new one adds one subclass.
/// </summary>
public abstract class EmbeddingPipelineTests(RedisServerFixture redis)
{
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Gets the OpenTelemetry GenAI provider name the generator reports.</summary>
    protected abstract string ProviderName { get; }

    /// <summary>Gets the embedding model the generator is configured with.</summary>
    protected abstract string Model { get; }

    /// <summary>Gets a value indicating whether the provider reports token usage for embeddings.</summary>
    protected abstract bool ReportsUsage { get; }

    /// <summary>Creates the generator under test, pointed at <paramref name="emulator"/>.</summary>
    protected abstract IEmbeddingGenerator<string, Embedding<float>> CreateAdapter(ProviderEmulator emulator);

    /// <summary>The texts one embeddings request carried, in order.</summary>
    protected abstract IReadOnlyList<string?> InputsOf(CapturedRequest request);

    /// <summary>The vector the emulator answers for <paramref name="input"/>.</summary>
    protected abstract float[] EmulatorVector(string input);

    [Fact]
    public async Task GenerateAsync_CacheAndTelemetry_SendsOnlyUncachedInputsAndTracesEachProviderCall()
    {
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        emulator.Enqueue(ScriptedReply.Text(string.Empty).WithUsage(5, 0), ScriptedReply.Text(string.Empty).WithUsage(3, 0));
        using var spans = new SpanCollector();
        using var adapter = CreateAdapter(emulator);
        var generator = adapter.AsBuilder()
            .UseDistributedCache(ChatPipelineTests.NewMemoryCache())
            .UseOpenTelemetry(sourceName: spans.SourceName)
            .Build();

        var first = await generator.GenerateAsync(["alpha", "beta"], cancellationToken: Ct);
        var second = await generator.GenerateAsync(["beta", "gamma", "alpha"], cancellationToken: Ct);

        Assert.Equal(2, emulator.Requests.Count);
        Assert.Equal(["alpha", "beta"], InputsOf(emulator.Requests[0]));
        Assert.Equal(["gamma"], InputsOf(emulator.Requests[1]));
        Assert.Equal([EmulatorVector("alpha"), EmulatorVector("beta")], first.Select(e => e.Vector.ToArray()));
        Assert.Equal([EmulatorVector("beta"), EmulatorVector("gamma"), EmulatorVector("alpha")], second.Select(e => e.Vector.ToArray()));

        var traced = spans.Operations("embeddings");
        Assert.Equal(2, traced.Count);
        Assert.All(traced, span =>
        {
            Assert.Equal($"embeddings {Model}", span.DisplayName);
            Assert.Equal(ActivityKind.Client, span.Kind);
            Assert.Equal(ProviderName, SpanCollector.Tag(span, "gen_ai.provider.name"));
            Assert.Equal(Model, SpanCollector.Tag(span, "gen_ai.request.model"));
            Assert.Equal("127.0.0.1", SpanCollector.Tag(span, "server.address"));
            Assert.Equal(emulator.BaseAddress.Port.ToString(CultureInfo.InvariantCulture), SpanCollector.Tag(span, "server.port"));
        });
        Assert.Equal(ReportsUsage ? ["5", "3"] : [null, null], traced.Select(s => SpanCollector.Tag(s, "gen_ai.usage.input_tokens")));
    }

    [Fact]
    public async Task GenerateAsync_RedisCacheSharedByTwoSeparatelyBuiltApps_ProviderSeesOneCall()
    {
        var endpoint = await redis.GetEndpointAsync();
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        var instance = $"llmadapters-tests:{Guid.NewGuid():N}:";

        var first = await EmbedThroughNewAppAsync(endpoint, instance, emulator, ["alpha", "beta"]);
        var second = await EmbedThroughNewAppAsync(endpoint, instance, emulator, ["beta", "alpha"]);

        Assert.Equal(["alpha", "beta"], InputsOf(Assert.Single(emulator.Requests)));
        Assert.Equal([EmulatorVector("alpha"), EmulatorVector("beta")], first);
        Assert.Equal([EmulatorVector("beta"), EmulatorVector("alpha")], second);

        Assert.Equal(2, await redis.RemoveKeysAsync(instance)); // one entry per input, in the shared server
    }

    /// <summary>Builds a fresh app (its own container, Redis connection and generator) and embeds once through it.</summary>
    private async Task<List<float[]>> EmbedThroughNewAppAsync(string endpoint, string instance, ProviderEmulator emulator, string[] inputs)
    {
        var services = new ServiceCollection();
        services.AddStackExchangeRedisCache(o =>
        {
            o.Configuration = endpoint;
            o.InstanceName = instance;
        });
        services.AddEmbeddingGenerator(_ => CreateAdapter(emulator)).UseDistributedCache();
        await using var provider = services.BuildServiceProvider();
        var generator = provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
        var embeddings = await generator.GenerateAsync(inputs, cancellationToken: Ct);
        return [.. embeddings.Select(e => e.Vector.ToArray())];
    }
}
