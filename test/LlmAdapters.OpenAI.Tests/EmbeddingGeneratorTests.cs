using LlmAdapters.Testing;
using LlmAdapters.Testing.Dialects.OpenAI;
using Microsoft.Extensions.AI;
using static LlmAdapters.OpenAI.Tests.TestSupport;

namespace LlmAdapters.OpenAI.Tests;

public sealed class EmbeddingGeneratorTests
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
}
