namespace LlmAdapters.Ollama.Tests;

public sealed class OllamaCatalogTests
{
    [Theory]
    [InlineData("llama3.2:3b", "ollama:llama3.2", false)]
    [InlineData("qwen3:8b", "ollama:qwen3", true)]
    [InlineData("gpt-oss:20b", "ollama:gpt-oss", true)]
    [InlineData("deepseek-r1:latest", "ollama:deepseek-r1", true)]
    public void Find_TaggedLocalModel_ResolvesToItsFreeFamilyEntry(string model, string expected, bool reasons)
    {
        var info = ModelCatalog.Default.Find(OllamaConstants.ProviderName, model);

        Assert.NotNull(info);
        Assert.Equal(expected, info.ToString());
        Assert.Equal((0m, 0m), (info.Pricing!.InputPerMillion, info.Pricing.OutputPerMillion));
        Assert.Equal(reasons, info.Capabilities.Reasoning);
        Assert.StartsWith("Local:", info.Notes, StringComparison.Ordinal);
    }

    [Fact]
    public void Find_EmbeddingModel_HasItsWidth()
    {
        var info = ModelCatalog.Default.Find("ollama", "nomic-embed-text:latest")!;

        Assert.True(info.Capabilities.Embeddings);
        Assert.Equal(768, info.Capabilities.EmbeddingDimensions);
    }
}
