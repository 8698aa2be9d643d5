using LlmAdapters.Middleware;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace LlmAdapters.SemanticKernel.Tests;

/// <summary>Embeddings through the kernel's services, and the pipeline a consumer builds: SK's function invocation
/// around our cost tracking around our client.</summary>
public abstract partial class SemanticKernelConformanceTests
{
    [Fact]
    public async Task GenerateAsync_GeneratorFromKernelServices_ReturnsTheEmulatorsVectors()
    {
        await using var emulator = await StartEmulatorAsync();
        var embeddings = CreateEmbeddings(emulator);
        Assert.SkipWhen(embeddings is null, "This provider has no embeddings API.");
        using var generator = embeddings.Generator;
        var builder = Kernel.CreateBuilder();
        builder.Services.AddEmbeddingGenerator(generator);
        var kernel = builder.Build();

        var result = await kernel.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>()
            .GenerateAsync(["Paris", "Lyon"], cancellationToken: Ct);

        Assert.Equal(2, result.Count);
        Assert.Equal(embeddings.ExpectedVector("Paris"), result[0].Vector.ToArray());
        Assert.Equal(embeddings.ExpectedVector("Lyon"), result[1].Vector.ToArray());
    }

    [Fact]
    public async Task GetChatMessageContentAsync_KernelFunctionInvocationOverCostTracking_RecordsBothModelCallsExactly()
    {
        await using var emulator = await StartEmulatorAsync();
        using var client = CreateChatClient(emulator);
        var metadata = client.GetService<ChatClientMetadata>();
        Assert.NotNull(metadata?.DefaultModelId);
        var provider = ModelCatalog.ToCatalogProvider(metadata.ProviderName)!;
        var catalog = new ModelCatalog(
        [
            new ModelInfo { Provider = provider, Id = metadata.DefaultModelId, Pricing = new ModelPricing { InputPerMillion = 3m, OutputPerMillion = 15m } },
        ]);
        var plugin = new WeatherPlugin();
        var kernel = BuildKernel(client, plugin, b => b.UseKernelFunctionInvocation().UseCostTracking(new CostTrackingOptions { Catalog = catalog }));
        ScriptToolCallThenAnswer(emulator);

        var chatClient = kernel.GetRequiredService<IChatClient>();
        var result = await chatClient.AsChatCompletionService(kernel.Services).GetChatMessageContentAsync(Conversation(), AutoInvoke, kernel, Ct);

        Assert.Equal(FinalAnswer, result.Content);
        Assert.Equal(["Paris"], plugin.Cities);
        AssertSummedUsage(Assert.IsType<UsageDetails>(result.Metadata?["Usage"]));

        // Cost tracking sits inside function invocation, so it prices each model call: (31 + 57) input tokens at
        // $3 per million and (9 + 14) output tokens at $15 per million.
        var ledger = chatClient.GetService<ICostLedger>();
        Assert.NotNull(ledger);
        var totals = ledger.GetTotals();
        Assert.Equal(2, totals.Calls);
        Assert.Equal(0, totals.UnknownCostCalls);
        Assert.Equal(0.000609m, totals.Total);
        Assert.Equal(0.000609m, Assert.Single(totals.ByModel, kv => kv.Key == $"{provider}:{metadata.DefaultModelId}").Value);
    }
}
