using System.Text.Json.Nodes;
using Google.Apis.Auth.OAuth2;
using LlmAdapters.Gemini;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Gemini.Tests;

/// <summary>The embeddings engine through <see cref="GeminiEmbeddingGenerator"/>: stamping, model resolution, raw requests and
/// the <c>GetService</c> chain, on the Gemini API and Vertex AI.</summary>
public sealed class GeminiEmbeddingGeneratorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GenerateAsync_GeminiApi_StampsOriginAndModel()
    {
        await using var h = await GeminiHarness.StartAsync();
        using var generator = new GeminiEmbeddingGenerator(h.Options());

        var result = await generator.GenerateAsync(["a", "b"], cancellationToken: Ct);

        Assert.Equal("gcp.gemini", result.AdditionalProperties![AdditionalPropertyKeys.OriginProvider]);
        Assert.All(result, e => Assert.Equal("gemini-embedding-001", e.ModelId));
        Assert.Null(result.Usage);
    }

    [Fact]
    public async Task GenerateAsync_VertexPredict_StampsVertexOriginAndUsage()
    {
        await using var h = await GeminiHarness.StartAsync();
        var options = GeminiVertexTests.VertexOptions(h, GoogleCredential.FromAccessToken("tok"), "us-central1");
        options.DefaultEmbeddingModelId = "text-embedding-005";
        using var generator = new GeminiEmbeddingGenerator(options);

        var result = await generator.GenerateAsync(["one two", "three"], cancellationToken: Ct);

        Assert.Equal("gcp.vertex_ai", result.AdditionalProperties![AdditionalPropertyKeys.OriginProvider]);
        Assert.Equal((3L, 3L), (result.Usage!.InputTokenCount!.Value, result.Usage.TotalTokenCount!.Value));
        Assert.Single(h.Emulator.Requests);
    }

    [Fact]
    public async Task GenerateAsync_ModelsPrefix_IsStrippedFromPathAndModelId()
    {
        await using var h = await GeminiHarness.StartAsync();
        using var generator = new GeminiEmbeddingGenerator(h.Options());

        var result = await generator.GenerateAsync(["a"], new EmbeddingGenerationOptions { ModelId = "models/text-embedding-004" }, Ct);

        Assert.Equal("/v1beta/models/text-embedding-004:batchEmbedContents", h.Emulator.LastRequest.Path);
        Assert.Equal("text-embedding-004", result[0].ModelId);
    }

    [Fact]
    public async Task GenerateAsync_NoModel_ThrowsArgumentExceptionBeforeAnyRequest()
    {
        await using var h = await GeminiHarness.StartAsync();
        var options = h.Options();
        options.DefaultEmbeddingModelId = " ";
        using var generator = new GeminiEmbeddingGenerator(options);

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => generator.GenerateAsync(["a"], cancellationToken: Ct));

        Assert.Equal("options", ex.ParamName);
        Assert.Empty(h.Emulator.Requests);
    }

    [Fact]
    public async Task GenerateAsync_EmptyInput_ThrowsBeforeAnyRequest()
    {
        await using var h = await GeminiHarness.StartAsync();
        using var generator = new GeminiEmbeddingGenerator(h.Options());

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => generator.GenerateAsync(["a", ""], cancellationToken: Ct));

        Assert.Equal("values", ex.ParamName);
        Assert.Empty(h.Emulator.Requests);
    }

    [Fact]
    public async Task GenerateAsync_RawRepresentationFactory_MergesUnderTheCallersFields()
    {
        await using var h = await GeminiHarness.StartAsync();
        var options = GeminiVertexTests.VertexOptions(h, GoogleCredential.FromAccessToken("tok"), "us-central1");
        options.DefaultEmbeddingModelId = "text-embedding-005";
        using var generator = new GeminiEmbeddingGenerator(options);

        await generator.GenerateAsync(["doc"], new EmbeddingGenerationOptions
        {
            Dimensions = 4,
            RawRepresentationFactory = _ => new JsonObject { ["parameters"] = new JsonObject { ["autoTruncate"] = false } },
        }, Ct);

        Json.Equal("""
            {"instances":[{"content":"doc"}],"parameters":{"autoTruncate":false,"outputDimensionality":4}}
            """, h.Emulator.LastRequest.Json);
    }

    [Fact]
    public async Task GetService_Chain_MetadataOptionsAndSelf()
    {
        await using var h = await GeminiHarness.StartAsync();
        var options = h.Options();
        using var generator = new GeminiEmbeddingGenerator(options);

        var metadata = generator.GetService<EmbeddingGeneratorMetadata>()!;

        Assert.Equal(("gcp.gemini", h.Emulator.BaseAddress, "gemini-embedding-001"), (metadata.ProviderName, metadata.ProviderUri, metadata.DefaultModelId));
        Assert.Same(options, generator.GetService<GeminiOptions>());
        Assert.Same(generator, generator.GetService<GeminiEmbeddingGenerator>());
        Assert.Same(generator, generator.GetService<IEmbeddingGenerator<string, Embedding<float>>>());

        // The chat client's services (token counter, context caches) are not the embedding generator's.
        Assert.Null(generator.GetService<ITokenCounter>());
        Assert.Null(generator.GetService<GeminiContextCaches>());
        Assert.Null(generator.GetService<GeminiOptions>("key"));
    }

    [Fact]
    public void Constructor_NullOptions_ThrowsArgumentNullException() =>
        Assert.Throws<ArgumentNullException>("options", () => new GeminiEmbeddingGenerator(null!));
}
