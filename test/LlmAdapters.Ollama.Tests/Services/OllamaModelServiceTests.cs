using System.Net;
using LlmAdapters.Testing;
using LlmAdapters.Testing.Dialects.Ollama;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Ollama.Tests.Services;

public sealed class OllamaModelServiceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ListModelsAsync_Tags_ListsTheServersModels()
    {
        await using var harness = await OllamaHarness.StartAsync();
        harness.Dialect.InstalledModels = ["llama3.2:latest", "qwen3:8b"];
        using var client = harness.Client();

        var models = await client.Models.ListModelsAsync(Ct);

        Assert.Equal(("GET", "/api/tags"), (harness.Emulator.LastRequest.Method, harness.Emulator.LastRequest.Path));
        Assert.Equal(["llama3.2:latest", "qwen3:8b"], models.Select(m => m.Name));
        Assert.Equal(("llama", "3.2B", "Q4_K_M", 2019393189L), (models[0].Family, models[0].ParameterSize, models[0].QuantizationLevel, models[0].Size!.Value));
        Assert.Equal(new DateTimeOffset(2025, 9, 29, 10, 15, 30, TimeSpan.Zero).AddTicks(1234568), models[0].ModifiedAt);
    }

    [Fact]
    public async Task ShowModelAsync_Show_ReadsContextLengthAndCapabilities()
    {
        await using var harness = await OllamaHarness.StartAsync();
        using var client = harness.Client();
        harness.Emulator.Enqueue(new ScriptedReply()
            .WithProperty(OllamaDialect.ContextLengthProperty, 40960)
            .WithProperty(OllamaDialect.CapabilitiesProperty, new[] { "completion", "tools", "thinking" }));

        var details = await client.GetService<OllamaModelService>()!.ShowModelAsync("qwen3:8b", Ct);

        Json.Equal("""{"model":"qwen3:8b"}""", harness.Emulator.LastRequest.Json);
        Assert.Equal(("qwen3:8b", "llama", 40960, 3072), (details.Model, details.Architecture, details.ContextLength!.Value, details.EmbeddingLength!.Value));
        Assert.True(details.SupportsTools);
        Assert.True(details.SupportsThinking);
        Assert.False(details.SupportsVision);
    }

    [Fact]
    public async Task GetContextLengthAsync_Default_ReturnsTheReportedLength()
    {
        await using var harness = await OllamaHarness.StartAsync();
        using var generator = harness.Embeddings();

        Assert.Equal(OllamaDialect.DefaultContextLength, await generator.GetService<OllamaModelService>()!.GetContextLengthAsync("nomic-embed-text", Ct));
    }

    [Fact]
    public async Task ShowModelAsync_ModelNotPulled_ThrowsModelNotFoundSayingToPullIt()
    {
        await using var harness = await OllamaHarness.StartAsync();
        harness.Dialect.InstalledModels = ["llama3.2"];
        using var client = harness.Client();

        var ex = await Assert.ThrowsAsync<ModelNotFoundException>(() => client.Models.ShowModelAsync("phi4", Ct));

        Assert.Equal(HttpStatusCode.NotFound, ex.StatusCode);
        Assert.Contains("Run `ollama pull phi4`", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToDetails_NoModelInfo_LeavesLengthsUnset()
    {
        var details = OllamaModelService.ToDetails("m", new Wire.OllamaShowResponse { Capabilities = ["embedding"] });

        Assert.Null(details.ContextLength);
        Assert.Null(details.EmbeddingLength);
        Assert.Equal(["embedding"], details.Capabilities);
    }
}
