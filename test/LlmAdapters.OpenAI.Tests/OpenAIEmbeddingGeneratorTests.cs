using System.Text.Json.Nodes;
using LlmAdapters.Testing;
using LlmAdapters.Testing.Dialects.OpenAI;
using Microsoft.Extensions.AI;
using static LlmAdapters.OpenAI.Tests.OpenAITestSupport;

namespace LlmAdapters.OpenAI.Tests;

public sealed class OpenAIEmbeddingGeneratorTests
{
    [Fact]
    public async Task GenerateAsync_Base64_DecodesFloatsAndReportsUsageAndModel()
    {
        await using var emulator = await StartEmulatorAsync();
        emulator.Enqueue(new ScriptedReply().WithUsage(7, 0));
        using var generator = new OpenAIEmbeddingGenerator(Options(emulator, configure: o => o.DefaultModelId = "text-embedding-3-small"));

        var result = await generator.GenerateAsync(["hello", "world"], new EmbeddingGenerationOptions { Dimensions = 16 }, Ct);

        AssertJsonEqual("""{"model":"text-embedding-3-small","input":["hello","world"],"dimensions":16,"encoding_format":"base64"}""", emulator.LastRequest.Json);
        Assert.Equal(2, result.Count);
        Assert.Equal(OpenAIDialect.DeterministicVector("hello", 16), result[0].Vector.ToArray());
        Assert.Equal(OpenAIDialect.DeterministicVector("world", 16), result[1].Vector.ToArray());
        Assert.Equal("text-embedding-3-small", result[0].ModelId);
        Assert.Equal(7, result.Usage!.InputTokenCount);
    }

    [Fact]
    public async Task GenerateAsync_FloatArrays_AreReadWhenBase64IsOff()
    {
        await using var emulator = await StartEmulatorAsync();
        emulator.Enqueue(new ScriptedReply().WithProperty(OpenAIDialect.EmbeddingsKey, new List<float[]> { new[] { 0.5f, -0.25f, 1e-3f } }));
        using var generator = new OpenAIEmbeddingGenerator(Options(emulator, configure: o =>
        {
            o.DefaultModelId = "nomic-embed-text";
            o.Compatibility.EmbeddingsAsBase64 = false;
        }));

        var result = await generator.GenerateAsync(["a"], cancellationToken: Ct);

        Assert.Null(emulator.LastRequest.Json!["encoding_format"]);
        Assert.Equal([0.5f, -0.25f, 1e-3f], result[0].Vector.ToArray());
    }

    [Fact]
    public async Task GenerateAsync_MoreInputsThanTheLimit_SendsBatchesInOrder()
    {
        await using var emulator = await StartEmulatorAsync();
        emulator.Enqueue(new ScriptedReply().WithUsage(2, 0), new ScriptedReply().WithUsage(2, 0), new ScriptedReply().WithUsage(1, 0));
        using var generator = new OpenAIEmbeddingGenerator(Options(emulator, configure: o =>
        {
            o.DefaultModelId = "text-embedding-3-small";
            o.Compatibility.MaxEmbeddingInputs = 2;
        }));
        string[] inputs = ["a", "b", "c", "d", "e"];

        var result = await generator.GenerateAsync(inputs, cancellationToken: Ct);

        var requests = emulator.Requests;
        Assert.Equal(3, requests.Count);
        Assert.Equal(["c", "d"], requests[1].Json!["input"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(5, result.Count);
        for (var i = 0; i < inputs.Length; i++)
        {
            Assert.Equal(OpenAIDialect.DeterministicVector(inputs[i], 8), result[i].Vector.ToArray());
        }

        Assert.Equal(5, result.Usage!.InputTokenCount);
    }

    [Fact]
    public void GenerateAsync_DefaultBatchLimit_IsOpenAIs2048()
    {
        Assert.Equal(2048, new OpenAICompatibility().MaxEmbeddingInputs);
    }

    [Fact]
    public async Task GenerateAsync_EmptyInput_ThrowsBeforeAnyRequest()
    {
        await using var emulator = await StartEmulatorAsync();
        using var generator = new OpenAIEmbeddingGenerator(Options(emulator));

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => generator.GenerateAsync(["ok", ""], cancellationToken: Ct));

        Assert.Equal("values", ex.ParamName);
        Assert.Empty(emulator.Requests);
    }

    [Fact]
    public async Task GenerateAsync_ServerError_ThrowsTypedException()
    {
        await using var emulator = await StartEmulatorAsync();
        emulator.Enqueue(ScriptedReply.Error(404, "invalid_request_error", "The model `nope` does not exist", code: "model_not_found"));
        using var generator = new OpenAIEmbeddingGenerator(Options(emulator));

        var ex = await Assert.ThrowsAsync<ModelNotFoundException>(() => generator.GenerateAsync(["a"], cancellationToken: Ct));

        Assert.Equal("model_not_found", ex.ProviderErrorCode);
    }

    [Fact]
    public async Task GetService_ReturnsEmbeddingMetadata()
    {
        await using var emulator = await StartEmulatorAsync();
        using var generator = new OpenAIEmbeddingGenerator(Options(emulator, configure: o => o.DefaultModelId = "text-embedding-3-large"));

        var metadata = generator.GetService<EmbeddingGeneratorMetadata>()!;

        Assert.Equal(("openai", "text-embedding-3-large"), (metadata.ProviderName, metadata.DefaultModelId));
        Assert.Null(generator.GetService<EmbeddingGeneratorMetadata>("key"));
    }

    [Fact]
    public async Task GenerateAsync_AzureClassic_UsesDeploymentEmbeddingsPath()
    {
        await using var emulator = await StartEmulatorAsync();
        using var generator = new OpenAIEmbeddingGenerator(OpenAIOptions.ForAzure(emulator.BaseAddress, "embed-dep", ApiKey));

        var result = await generator.GenerateAsync(["a"], cancellationToken: Ct);

        Assert.Equal("/openai/deployments/embed-dep/embeddings", emulator.LastRequest.Path);
        Assert.Equal("?api-version=2024-10-21", emulator.LastRequest.Query);
        Assert.Equal(ApiKey, emulator.LastRequest.Header("api-key"));
        Assert.Equal("embed-dep", result[0].ModelId);
    }

    [Fact]
    public async Task GenerateAsync_Response_StampsOriginRequestIdAndRateLimits()
    {
        await using var emulator = await StartEmulatorAsync();
        emulator.Enqueue(new ScriptedReply().WithHeader("x-request-id", "req_e1").WithHeader("x-ratelimit-remaining-requests", "41"));
        using var generator = new OpenAIEmbeddingGenerator(Options(emulator, configure: o => o.DefaultModelId = "text-embedding-3-small"));

        var result = await generator.GenerateAsync(["a"], cancellationToken: Ct);

        var properties = result.AdditionalProperties!;
        Assert.Equal("openai", properties[AdditionalPropertyKeys.OriginProvider]);
        Assert.Equal("req_e1", properties[AdditionalPropertyKeys.RequestId]);
        Assert.Equal(41, ((RateLimitInfo)properties[AdditionalPropertyKeys.RateLimits]!).RequestsRemaining);
    }

    [Fact]
    public async Task GenerateAsync_SeveralBatches_StampsTheLastResponseAndSumsUsage()
    {
        await using var emulator = await StartEmulatorAsync();
        emulator.Enqueue(
            new ScriptedReply().WithUsage(3, 0).WithHeader("x-request-id", "req_1").WithHeader("x-ratelimit-remaining-requests", "9"),
            new ScriptedReply().WithUsage(4, 0).WithHeader("x-request-id", "req_2").WithHeader("x-ratelimit-remaining-requests", "8"));
        using var generator = new OpenAIEmbeddingGenerator(Options(emulator, configure: o =>
        {
            o.DefaultModelId = "text-embedding-3-small";
            o.Compatibility.MaxEmbeddingInputs = 1;
        }));

        var result = await generator.GenerateAsync(["a", "b"], cancellationToken: Ct);

        Assert.Equal("req_2", result.AdditionalProperties![AdditionalPropertyKeys.RequestId]);
        Assert.Equal(8, ((RateLimitInfo)result.AdditionalProperties[AdditionalPropertyKeys.RateLimits]!).RequestsRemaining);
        Assert.Equal((7L, 7L), (result.Usage!.InputTokenCount!.Value, result.Usage.TotalTokenCount!.Value));
    }

    [Fact]
    public async Task GenerateAsync_AzureDeployment_StampsAzureOrigin()
    {
        await using var emulator = await StartEmulatorAsync();
        using var generator = new OpenAIEmbeddingGenerator(OpenAIOptions.ForAzure(emulator.BaseAddress, "embed-dep", ApiKey));

        var result = await generator.GenerateAsync(["a"], cancellationToken: Ct);

        Assert.Equal("azure.ai.openai", result.AdditionalProperties![AdditionalPropertyKeys.OriginProvider]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(" ")]
    public async Task GenerateAsync_NoModel_ThrowsArgumentExceptionBeforeAnyRequest(string? model)
    {
        await using var emulator = await StartEmulatorAsync();
        using var generator = new OpenAIEmbeddingGenerator(Options(emulator, configure: o => o.DefaultModelId = null));

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => generator.GenerateAsync(["a"], new EmbeddingGenerationOptions { ModelId = model }, Ct));

        Assert.Equal("options", ex.ParamName);
        Assert.Empty(emulator.Requests);
    }

    [Fact]
    public async Task GenerateAsync_NoInputs_ReturnsEmptyWithoutARequest()
    {
        await using var emulator = await StartEmulatorAsync();
        using var generator = new OpenAIEmbeddingGenerator(Options(emulator));

        var result = await generator.GenerateAsync([], cancellationToken: Ct);

        Assert.Empty(result);
        Assert.Empty(emulator.Requests);
    }

    [Fact]
    public async Task GenerateAsync_FewerEmbeddingsThanInputs_ThrowsProviderException()
    {
        await using var emulator = await StartEmulatorAsync();
        emulator.Enqueue(ScriptedReply.Raw(200, """{"data":[{"index":0,"embedding":[0.5]}]}""").WithHeader("x-request-id", "req_short"));
        using var generator = new OpenAIEmbeddingGenerator(Options(emulator));

        var ex = await Assert.ThrowsAsync<ProviderException>(() => generator.GenerateAsync(["a", "b"], cancellationToken: Ct));

        Assert.Equal(("openai", "req_short"), (ex.Provider, ex.RequestId));
    }

    [Fact]
    public async Task GenerateAsync_IndexOutOfRange_ThrowsProviderException()
    {
        await using var emulator = await StartEmulatorAsync();
        emulator.Enqueue(ScriptedReply.Raw(200, """{"data":[{"index":0,"embedding":[0.5]},{"index":2,"embedding":[0.25]}]}"""));
        using var generator = new OpenAIEmbeddingGenerator(Options(emulator));

        var ex = await Assert.ThrowsAsync<ProviderException>(() => generator.GenerateAsync(["a", "b"], cancellationToken: Ct));

        Assert.Equal("openai", ex.Provider);
    }

    [Fact]
    public async Task GenerateAsync_ResponseWithoutModel_StampsTheRequestedModel()
    {
        await using var emulator = await StartEmulatorAsync();
        emulator.Enqueue(ScriptedReply.Raw(200, """{"data":[{"index":0,"embedding":[0.5,0.25]}]}"""));
        using var generator = new OpenAIEmbeddingGenerator(Options(emulator));

        var result = await generator.GenerateAsync(["a"], new EmbeddingGenerationOptions { ModelId = "nomic-embed-text" }, Ct);

        Assert.Equal("nomic-embed-text", result[0].ModelId);
        Assert.Equal([0.5f, 0.25f], result[0].Vector.ToArray());
        Assert.Null(result.Usage);
    }

    [Fact]
    public async Task GenerateAsync_RawRepresentationFactory_CallerFieldsWinAndMappedFieldsFillTheRest()
    {
        await using var emulator = await StartEmulatorAsync();
        using var generator = new OpenAIEmbeddingGenerator(Options(emulator, configure: o => o.DefaultModelId = "text-embedding-3-small"));
        IEmbeddingGenerator? seen = null;
        var options = new EmbeddingGenerationOptions
        {
            Dimensions = 16,
            RawRepresentationFactory = g =>
            {
                seen = g;
                return new JsonObject { ["dimensions"] = 4, ["user"] = "user-7" };
            },
        };

        var result = await generator.GenerateAsync(["hello"], options, Ct);

        AssertJsonEqual(
            """{"model":"text-embedding-3-small","input":["hello"],"dimensions":4,"encoding_format":"base64","user":"user-7"}""",
            emulator.LastRequest.Json);
        Assert.Same(generator, seen);
        Assert.Equal(4, result[0].Vector.Length);
    }

    [Fact]
    public async Task GetService_Chain_MetadataOptionsAndSelf()
    {
        await using var emulator = await StartEmulatorAsync();
        var settings = Options(emulator, configure: o => o.DefaultModelId = "text-embedding-3-large");
        using var generator = new OpenAIEmbeddingGenerator(settings);

        var metadata = generator.GetService<EmbeddingGeneratorMetadata>()!;

        Assert.Equal(("openai", emulator.Url("v1/"), "text-embedding-3-large"), (metadata.ProviderName, metadata.ProviderUri, metadata.DefaultModelId));
        Assert.Same(settings, generator.GetService<OpenAIOptions>());
        Assert.Same(generator, generator.GetService<OpenAIEmbeddingGenerator>());
        Assert.Same(generator, generator.GetService<IEmbeddingGenerator<string, Embedding<float>>>());
        Assert.Null(generator.GetService<ITokenCounter>());
        Assert.Null(generator.GetService<OpenAIOptions>("key"));
        Assert.Null(generator.GetService<OpenAIEmbeddingGenerator>("key"));
        Assert.Throws<ArgumentNullException>("serviceType", () => generator.GetService(null!));
    }

    [Fact]
    public async Task Dispose_CallerHttpClient_StaysUsable()
    {
        await using var emulator = await StartEmulatorAsync();
        using var httpClient = new HttpClient();
        var generator = new OpenAIEmbeddingGenerator(Options(emulator, configure: o =>
        {
            o.DefaultModelId = "text-embedding-3-small";
            o.HttpClient = httpClient;
        }));
        await generator.GenerateAsync(["a"], cancellationToken: Ct);

        generator.Dispose();

        using var request = new HttpRequestMessage(HttpMethod.Get, emulator.Url("v1/models"));
        request.Headers.Authorization = new("Bearer", ApiKey);
        using var response = await httpClient.SendAsync(request, Ct);
        Assert.True(response.IsSuccessStatusCode);
    }
}
