using System.Net;
using LlmAdapters.Testing;
using LlmAdapters.Testing.Dialects.Ollama;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Ollama.Tests;

public sealed class OllamaEmbeddingGeneratorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GenerateAsync_Batch_SendsOneRequestAndReturnsVectorsInOrder()
    {
        await using var harness = await OllamaHarness.StartAsync();
        using var generator = harness.Embeddings();
        harness.Emulator.Enqueue(new ScriptedReply().WithUsage(12, 0));

        var result = await generator.GenerateAsync(["first text", "second text", "third"], cancellationToken: Ct);

        var request = harness.Emulator.LastRequest;
        Assert.Equal(("POST", "/api/embed"), (request.Method, request.Path));
        Json.Equal("""{"model":"nomic-embed-text","input":["first text","second text","third"]}""", request.Json);
        Assert.Equal(3, result.Count);
        Assert.Equal(OllamaDialect.DeterministicVector("second text", 8), result[1].Vector.ToArray());
        Assert.All(result, e => Assert.Equal("nomic-embed-text", e.ModelId));
        Assert.Equal((12L, 12L), (result.Usage!.InputTokenCount!.Value, result.Usage.TotalTokenCount!.Value));
        Assert.Equal(TimeSpan.FromTicks(141439), result.AdditionalProperties![OllamaPropertyKeys.TotalDuration]);
        Assert.Equal(TimeSpan.FromTicks(10195), result.AdditionalProperties[OllamaPropertyKeys.LoadDuration]);
        Assert.Equal("ollama", result.AdditionalProperties[AdditionalPropertyKeys.OriginProvider]);
    }

    [Fact]
    public async Task GenerateAsync_RawRepresentationFactory_CallerFieldsWinAndMappedFieldsFillTheRest()
    {
        await using var harness = await OllamaHarness.StartAsync();
        using var generator = harness.Embeddings();
        var options = new EmbeddingGenerationOptions
        {
            Dimensions = 4,
            RawRepresentationFactory = g =>
            {
                Assert.Same(generator, g);
                return new System.Text.Json.Nodes.JsonObject { ["dimensions"] = 2, ["truncate"] = false };
            },
        };

        await generator.GenerateAsync(["a"], options, Ct);

        Json.Equal("""{"dimensions":2,"truncate":false,"model":"nomic-embed-text","input":["a"]}""", harness.Emulator.LastRequest.Json);
    }

    [Fact]
    public async Task GenerateAsync_EmptyInput_ThrowsArgumentExceptionBeforeAnyRequest()
    {
        await using var harness = await OllamaHarness.StartAsync();
        using var generator = harness.Embeddings();

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => generator.GenerateAsync(["a", ""], cancellationToken: Ct));

        Assert.Equal("values", ex.ParamName);
        Assert.Empty(harness.Emulator.Requests);
    }

    [Fact]
    public async Task GenerateAsync_DimensionsTruncateKeepAliveAndContext_AreSent()
    {
        await using var harness = await OllamaHarness.StartAsync();
        using var generator = harness.Embeddings();
        var options = new EmbeddingGenerationOptions
        {
            ModelId = "mxbai-embed-large",
            Dimensions = 4,
            AdditionalProperties = new()
            {
                [OllamaPropertyKeys.Truncate] = false,
                [OllamaPropertyKeys.KeepAlive] = "30m",
                [OllamaPropertyKeys.NumCtx] = 512,
            },
        };

        var result = await generator.GenerateAsync(["text"], options, Ct);

        Json.Equal(
            """{"model":"mxbai-embed-large","input":["text"],"dimensions":4,"truncate":false,"keep_alive":"30m","options":{"num_ctx":512}}""",
            harness.Emulator.LastRequest.Json);
        Assert.Equal(4, Assert.Single(result).Vector.Length);
        Assert.Equal("mxbai-embed-large", result[0].ModelId);
    }

    [Fact]
    public async Task GenerateAsync_ModelNotPulled_ThrowsModelNotFoundSayingToPullIt()
    {
        await using var harness = await OllamaHarness.StartAsync();
        harness.Dialect.InstalledModels = ["llama3.2"];
        using var generator = harness.Embeddings("nomic-embed-text");

        var ex = await Assert.ThrowsAsync<ModelNotFoundException>(() => generator.GenerateAsync(["a"], cancellationToken: Ct));

        Assert.Equal(HttpStatusCode.NotFound, ex.StatusCode);
        Assert.Contains("Run `ollama pull nomic-embed-text`", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateAsync_NothingListening_ThrowsNetworkErrorSayingOllamaIsNotRunning()
    {
        using var generator = new OllamaEmbeddingGenerator(new OllamaOptions
        {
            Endpoint = new Uri($"http://127.0.0.1:{OllamaChatClientErrorTests.ClosedPort()}/"),
            DefaultModelId = "nomic-embed-text",
        });

        var ex = await Assert.ThrowsAsync<ProviderNetworkException>(() => generator.GenerateAsync(["a"], cancellationToken: Ct));

        Assert.StartsWith("Ollama is not running at http://127.0.0.1:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateAsync_FewerVectorsThanInputs_ThrowsProviderException()
    {
        await using var harness = await OllamaHarness.StartAsync();
        using var generator = harness.Embeddings();
        harness.Emulator.Enqueue(ScriptedReply.Raw(200, """{"model":"nomic-embed-text","embeddings":[[0.1,0.2]]}"""));

        var ex = await Assert.ThrowsAsync<ProviderException>(() => generator.GenerateAsync(["a", "b"], cancellationToken: Ct));

        Assert.Equal("ollama returned 1 embeddings for 2 inputs. Check that the endpoint and model serve embeddings; if they do, retry with fewer inputs per call.", ex.Message);
        Assert.Equal(HttpStatusCode.OK, ex.StatusCode);
    }

    [Fact]
    public async Task GenerateAsync_NoInputs_ReturnsEmptyWithoutARequest()
    {
        await using var harness = await OllamaHarness.StartAsync();
        using var generator = harness.Embeddings();

        var result = await generator.GenerateAsync([], cancellationToken: Ct);

        Assert.Empty(result);
        Assert.Empty(harness.Emulator.Requests);
    }

    [Fact]
    public async Task GenerateAsync_NoModel_ThrowsArgumentException()
    {
        await using var harness = await OllamaHarness.StartAsync();
        using var generator = new OllamaEmbeddingGenerator(new OllamaOptions { Endpoint = harness.Emulator.BaseAddress });

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => generator.GenerateAsync(["a"], cancellationToken: Ct));

        Assert.Equal("options", ex.ParamName);
    }

    [Fact]
    public async Task GetService_MetadataOptionsAndModels_AreReachable()
    {
        await using var harness = await OllamaHarness.StartAsync();
        var options = harness.Options("nomic-embed-text");
        using var generator = new OllamaEmbeddingGenerator(options);

        var metadata = generator.GetService<EmbeddingGeneratorMetadata>()!;

        Assert.Equal(("ollama", harness.Emulator.BaseAddress, "nomic-embed-text"), (metadata.ProviderName, metadata.ProviderUri, metadata.DefaultModelId));
        Assert.Same(options, generator.GetService<OllamaOptions>());
        Assert.NotNull(generator.GetService<OllamaModelService>());
        Assert.Same(generator, generator.GetService<IEmbeddingGenerator<string, Embedding<float>>>());
        Assert.Null(generator.GetService<EmbeddingGeneratorMetadata>("key"));
    }
}
