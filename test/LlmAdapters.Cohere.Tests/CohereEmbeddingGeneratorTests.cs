using LlmAdapters.Testing;
using LlmAdapters.Testing.Dialects.OpenAI;
using Microsoft.Extensions.AI;
using static LlmAdapters.Cohere.Tests.TestSupport.CohereTestSupport;

namespace LlmAdapters.Cohere.Tests;

public sealed class CohereEmbeddingGeneratorTests : IAsyncLifetime
{
    private ProviderEmulator _emulator = null!;

    public async ValueTask InitializeAsync() => _emulator = await ProviderEmulator.StartAsync(Ct);

    public async ValueTask DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public async Task GenerateAsync_Texts_PostsToV2EmbedAndReturnsVectorsInOrder()
    {
        _emulator.Enqueue(ScriptedReply.Text(string.Empty).WithHeader("x-debug-trace-id", "trace-e"));
        using var generator = Embedder(_emulator);

        var result = await generator.GenerateAsync(["first text", "second"], new EmbeddingGenerationOptions { Dimensions = 4 }, Ct);

        var request = _emulator.LastRequest;
        Assert.Equal(("/v2/embed", $"Bearer {Key}"), (request.Path, request.Header("Authorization")));
        AssertJson(
            """{"model":"embed-v4.0","texts":["first text","second"],"input_type":"search_document","embedding_types":["float"],"output_dimension":4}""",
            request.Json);
        Assert.Equal(OpenAIDialect.DeterministicVector("first text", 4), result[0].Vector.ToArray());
        Assert.Equal(OpenAIDialect.DeterministicVector("second", 4), result[1].Vector.ToArray());
        Assert.All(result, e => Assert.Equal("embed-v4.0", e.ModelId));
        Assert.Equal(3L, result.Usage!.InputTokenCount);
        Assert.Equal(3L, result.Usage.AdditionalCounts![AdditionalPropertyKeys.BilledInputTokens]);
        Assert.Equal("trace-e", result.AdditionalProperties![AdditionalPropertyKeys.RequestId]);
    }

    [Fact]
    public async Task GenerateAsync_200Texts_SendsThreeBatchesAndSumsUsage()
    {
        var inputs = Enumerable.Range(0, 200).Select(i => $"text number {i}").ToArray();
        using var generator = Embedder(_emulator);

        var result = await generator.GenerateAsync(inputs, new EmbeddingGenerationOptions { AdditionalProperties = new() { [CoherePropertyKeys.InputType] = "clustering" } }, Ct);

        Assert.Equal([96, 96, 8], _emulator.Requests.Select(r => r.Json!["texts"]!.AsArray().Count));
        Assert.All(_emulator.Requests, r => Assert.Equal("clustering", r.Json!["input_type"]!.GetValue<string>()));
        Assert.Equal(200, result.Count);
        Assert.Equal(OpenAIDialect.DeterministicVector("text number 150", 8), result[150].Vector.ToArray());
        Assert.Equal(inputs.Sum(t => (long)Math.Max(1, t.Length / 4)), result.Usage!.InputTokenCount);
    }

    [Fact]
    public async Task GenerateAsync_FewerVectorsThanTexts_ThrowsProviderException()
    {
        _emulator.Enqueue(ScriptedReply.Raw(200, """{"id":"e","embeddings":{"float":[[0.1]]},"meta":{}}"""));
        using var generator = Embedder(_emulator);

        var ex = await Assert.ThrowsAsync<ProviderException>(() => generator.GenerateAsync(["a", "b"], null, Ct));

        Assert.Equal("cohere returned 1 embeddings for 2 inputs. Check that the endpoint and model serve embeddings; if they do, retry with fewer inputs per call.", ex.Message);
        Assert.Equal("cohere", ex.Provider);
    }

    [Fact]
    public async Task GenerateAsync_RawRepresentationFactory_CallerFieldsWinAndMappedFieldsFillTheRest()
    {
        using var generator = Embedder(_emulator);
        var options = new EmbeddingGenerationOptions
        {
            RawRepresentationFactory = _ => new System.Text.Json.Nodes.JsonObject { ["input_type"] = "classification", ["embedding_types"] = new System.Text.Json.Nodes.JsonArray("float") },
        };

        await generator.GenerateAsync(["a"], options, Ct);

        AssertJson(
            """{"input_type":"classification","embedding_types":["float"],"model":"embed-v4.0","texts":["a"]}""",
            _emulator.LastRequest.Json);
        Assert.Equal("cohere", (await generator.GenerateAsync(["b"], null, Ct)).AdditionalProperties![AdditionalPropertyKeys.OriginProvider]);
    }

    [Fact]
    public async Task GenerateAsync_NoInputs_SendsNothing()
    {
        using var generator = Embedder(_emulator);

        var result = await generator.GenerateAsync([], null, Ct);

        Assert.Empty(result);
        Assert.Null(result.Usage);
        Assert.Empty(_emulator.Requests);
    }

    [Fact]
    public async Task GenerateAsync_NoModel_ThrowsArgumentExceptionBeforeSending()
    {
        using var generator = Embedder(_emulator, o => o.DefaultModelId = null);

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => generator.GenerateAsync(["a"], null, Ct));

        Assert.Equal("options", ex.ParamName);
        Assert.Empty(_emulator.Requests);
    }

    [Fact]
    public async Task GenerateAsync_RateLimited_ThrowsRateLimitedWithRetryAfter()
    {
        _emulator.Enqueue(ScriptedReply.Error(429, retryAfter: TimeSpan.FromSeconds(5)));
        using var generator = Embedder(_emulator);

        var ex = await Assert.ThrowsAsync<RateLimitedException>(() => generator.GenerateAsync(["a"], null, Ct));

        Assert.Equal((TimeSpan.FromSeconds(5), "cohere"), (ex.RetryAfter, ex.Provider));
    }

    [Fact]
    public async Task GenerateAsync_ModelOverride_UsesTheCallsModel()
    {
        using var generator = Embedder(_emulator);

        var result = await generator.GenerateAsync(["a"], new EmbeddingGenerationOptions { ModelId = "embed-multilingual-v3.0" }, Ct);

        Assert.Equal("embed-multilingual-v3.0", _emulator.LastRequest.Json!["model"]!.GetValue<string>());
        Assert.Equal("embed-multilingual-v3.0", result[0].ModelId);
    }

    [Fact]
    public void GetService_MetadataAndOptions_ReportCohereAndTheDefaultModel()
    {
        var options = new CohereOptions { ApiKey = Key, DefaultModelId = "embed-v4.0" };
        using var generator = new CohereEmbeddingGenerator(options);

        var metadata = generator.GetService<EmbeddingGeneratorMetadata>()!;

        Assert.Equal(("cohere", "embed-v4.0", new Uri("https://api.cohere.com/")), (metadata.ProviderName, metadata.DefaultModelId, metadata.ProviderUri));
        Assert.Same(options, generator.GetService<CohereOptions>());
        Assert.Null(generator.GetService<EmbeddingGeneratorMetadata>("key"));
        Assert.Same(generator, generator.GetService<IEmbeddingGenerator<string, Embedding<float>>>());
    }
}
