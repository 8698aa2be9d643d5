using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Testing;

namespace LlmAdapters.Middleware.Tests;

public sealed class ModelCatalogTests
{
    private static MemoryStream Json(string text) => new(Encoding.UTF8.GetBytes(text));

    [Fact]
    public void Default_EmbeddedSnapshot_IsDatedAndPriced()
    {
        var catalog = ModelCatalog.Default;

        Assert.Equal(new DateOnly(2026, 7, 2), catalog.PricesAsOf);
        var sonnet = catalog.Find("anthropic", "claude-sonnet-4-5");
        Assert.NotNull(sonnet?.Pricing);
        Assert.Equal(3.00m, sonnet.Pricing.InputPerMillion);
        Assert.Equal(15.00m, sonnet.Pricing.OutputPerMillion);
        Assert.Equal(0.30m, sonnet.Pricing.CachedInputPerMillion);
        Assert.Equal(3.75m, sonnet.Pricing.CacheWrite5mPerMillion);
        Assert.Equal(6.00m, sonnet.Pricing.CacheWrite1hPerMillion);
        Assert.Equal(1024, sonnet.Capabilities.MinCacheableTokens);
        Assert.Equal(new DateOnly(2026, 7, 2), sonnet.Pricing.AsOf);
        foreach (var provider in new[] { "openai", "anthropic", "gemini", "groq", "deepseek", "mistral", "xai", "openrouter", "together" })
        {
            Assert.Contains(catalog.Models, m => m.Provider == provider && m.Pricing is not null);
        }
    }

    [Theory]
    [InlineData("command-a-03-2025", "command-a-03-2025", 2.50, 10.00)]
    [InlineData("command-r7b", "command-r7b-12-2024", 0.0375, 0.15)]
    [InlineData("command-r-plus", "command-r-plus-08-2024", 2.50, 10.00)]
    [InlineData("embed-v4.0", "embed-v4.0", 0.12, 0)]
    public void Default_CohereModels_ArePricedAndMarkedUnverified(string model, string id, double input, double output)
    {
        var info = ModelCatalog.Default.Find("cohere", model);

        Assert.NotNull(info?.Pricing);
        Assert.Equal(id, info.Id);
        Assert.Equal(((decimal)input, (decimal)output), (info.Pricing.InputPerMillion, info.Pricing.OutputPerMillion));
        Assert.StartsWith("Price unverified", info.Notes, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("anthropic", "claude-sonnet-4-5-20250929", "anthropic:claude-sonnet-4-5")]
    [InlineData("anthropic", "claude-sonnet-4-5@20250929", "anthropic:claude-sonnet-4-5")]
    [InlineData("openai", "gpt-4o-2024-08-06", "openai:gpt-4o")]
    [InlineData("openai", "gpt-4o-mini-2024-07-18", "openai:gpt-4o-mini")]
    [InlineData("openai", "chatgpt-4o-latest", "openai:gpt-4o")]
    [InlineData("azure.ai.openai", "gpt-4.1", "openai:gpt-4.1")]
    [InlineData("gcp.gemini", "models/gemini-2.5-flash", "gemini:gemini-2.5-flash")]
    [InlineData("gcp.gemini", "gemini-2.5-flash-preview-09-2025", "gemini:gemini-2.5-flash")]
    [InlineData("gcp.vertex_ai", "publishers/google/models/gemini-2.5-pro", "gemini:gemini-2.5-pro")]
    [InlineData("x_ai", "grok-4-0709", "xai:grok-4")]
    [InlineData("mistral_ai", "mistral-large-latest", "mistral:mistral-large")]
    [InlineData("groq", "llama-3.3-70b-versatile", "groq:llama-3.3-70b-versatile")]
    [InlineData("deepseek", "deepseek-chat", "deepseek:deepseek-chat")]
    [InlineData("together", "meta-llama/llama-3.3-70b-instruct-turbo", "together:meta-llama/Llama-3.3-70B-Instruct-Turbo")]
    [InlineData("openrouter", "google/gemini-2.5-flash", "gemini:gemini-2.5-flash")]
    [InlineData("openrouter", "anthropic/claude-sonnet-4.5", "openrouter:anthropic/claude-sonnet-4.5")]
    [InlineData("openrouter", "anthropic/claude-opus-4.5", "anthropic:claude-opus-4-5")]
    public void Find_ProviderAndModelSpellings_ResolveToFamilyEntry(string provider, string model, string expected)
    {
        var info = ModelCatalog.Default.Find(provider, model);

        Assert.NotNull(info);
        Assert.Equal(expected, info.ToString());
    }

    [Theory]
    [InlineData("openai", "gpt-99-ultra")]
    [InlineData("anthropic", "")]
    [InlineData(null, "gpt-4o")]
    [InlineData("ollama", "my-finetune:3b")]
    public void Find_UnknownModel_ReturnsNull(string? provider, string model) =>
        Assert.Null(ModelCatalog.Default.Find(provider, model));

    [Theory]
    [InlineData("openai", "openai")]
    [InlineData("anthropic", "anthropic")]
    [InlineData("gcp.gemini", "gemini")]
    [InlineData("gcp.vertex_ai", "vertex")]
    [InlineData("groq", "groq")]
    [InlineData("deepseek", "deepseek")]
    [InlineData("mistral_ai", "mistral")]
    [InlineData("x_ai", "xai")]
    [InlineData("azure.ai.openai", "azure")]
    [InlineData("openrouter", "openrouter")]
    [InlineData("together", "together")]
    [InlineData("Custom-Thing", "custom-thing")]
    public void ToCatalogProvider_MetadataNames_MapToCatalogNames(string metadataName, string expected) =>
        Assert.Equal(expected, ModelCatalog.ToCatalogProvider(metadataName));

    [Fact]
    public void ImportLiteLlm_SmallFixture_ConvertsPerTokenPricesToPerMillion()
    {
        using var stream = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "TestData", "litellm-small.json"));

        var catalog = ModelCatalog.ImportLiteLlm(stream, new DateOnly(2026, 5, 1));

        Assert.Equal(4, catalog.Models.Count); // sample_spec and the image model are skipped
        var sonnet = catalog.Find("anthropic", "claude-sonnet-4-5-20250929")!;
        Assert.Equal(3m, sonnet.Pricing!.InputPerMillion);
        Assert.Equal(15m, sonnet.Pricing.OutputPerMillion);
        Assert.Equal(0.3m, sonnet.Pricing.CachedInputPerMillion);
        Assert.Equal(3.75m, sonnet.Pricing.CacheWrite5mPerMillion);
        Assert.Equal(6m, sonnet.Pricing.CacheWrite1hPerMillion);
        Assert.Equal(new DateOnly(2026, 5, 1), sonnet.Pricing.AsOf);
        Assert.Equal(200000, sonnet.ContextWindow);
        Assert.Equal(64000, sonnet.MaxOutputTokens);
        Assert.True(sonnet.Capabilities.Tools && sonnet.Capabilities.Vision && sonnet.Capabilities.Pdf && sonnet.Capabilities.PromptCaching);
        Assert.Equal(1024, sonnet.Capabilities.MinCacheableTokens);

        var pro = catalog.Find("gcp.gemini", "gemini-2.5-pro")!;
        Assert.Equal(1.25m, pro.Pricing!.InputPerMillion);
        Assert.Null(pro.Pricing.ReasoningPerMillion); // same as output, so not separate
        Assert.Equal(200_000, pro.Pricing.LongContextThreshold);
        Assert.Equal(2.5m, pro.Pricing.LongContext!.InputPerMillion);
        Assert.Equal(15m, pro.Pricing.LongContext.OutputPerMillion);
        Assert.True(pro.Capabilities.ParallelTools && pro.Capabilities.JsonSchema);

        var embedding = catalog.Find("openai", "text-embedding-3-small")!;
        Assert.True(embedding.Capabilities.Embeddings);
        Assert.Equal(1536, embedding.Capabilities.EmbeddingDimensions);
        Assert.Equal(0.02m, embedding.Pricing!.InputPerMillion);

        Assert.Equal(0.1m, catalog.Find("openrouter", "acme/tiny-model")!.Pricing!.InputPerMillion);
    }

    [Fact]
    public void MergeJson_UserEntry_OverridesOnlyTheFieldsItGives()
    {
        using var json = Json("""
            { "pricesAsOf": "2026-09-01", "models": [
              { "provider": "openai", "id": "gpt-4o", "price": { "input": 2.00 } },
              { "provider": "ollama", "id": "llama3.2", "context": 131072, "caps": ["tools"], "price": { "input": 0, "output": 0 } }
            ] }
            """);

        var merged = ModelCatalog.Default.MergeJson(json);

        var gpt4o = merged.Find("openai", "gpt-4o")!;
        Assert.Equal(2.00m, gpt4o.Pricing!.InputPerMillion);
        Assert.Equal(10.00m, gpt4o.Pricing.OutputPerMillion);
        Assert.Equal(1.25m, gpt4o.Pricing.CachedInputPerMillion);
        Assert.Equal(new DateOnly(2026, 9, 1), gpt4o.Pricing.AsOf);
        Assert.Equal(128000, gpt4o.ContextWindow);
        Assert.True(gpt4o.Capabilities.Vision);
        Assert.Equal(0m, merged.Find("ollama", "llama3.2:3b")!.Pricing!.InputPerMillion);
        Assert.Equal(2.50m, ModelCatalog.Default.Find("openai", "gpt-4o")!.Pricing!.InputPerMillion); // default untouched
    }

    [Fact]
    public void MergeFile_LiteLlmFormat_IsDetectedAndReplacesEntries()
    {
        var merged = ModelCatalog.Empty.MergeFile(Path.Combine(AppContext.BaseDirectory, "TestData", "litellm-small.json"));

        Assert.Equal(3m, merged.Find("anthropic", "claude-sonnet-4-5")!.Pricing!.InputPerMillion);
    }

    [Fact]
    public void Load_NotJson_ThrowsFormatException()
    {
        using var json = Json("{ not json");

        var ex = Assert.Throws<FormatException>(() => ModelCatalog.Load(json));
        Assert.StartsWith("The model catalog file is not valid JSON", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_OptionsTheModelCannotHonour_ReportsEach()
    {
        var model = new ModelInfo { Provider = "acme", Id = "tiny", MaxOutputTokens = 1000, Capabilities = new ModelCapabilities() };
        var options = new ChatOptions
        {
            Tools = [AIFunctionFactory.Create(() => 1, "one")],
            AllowMultipleToolCalls = true,
            ResponseFormat = ChatResponseFormat.ForJsonSchema(System.Text.Json.JsonDocument.Parse("""{"type":"object"}""").RootElement),
            Reasoning = new ReasoningOptions { Effort = ReasoningEffort.High },
            MaxOutputTokens = 4000,
        };
        ChatMessage[] messages = [new(ChatRole.User, [new DataContent(new byte[] { 1 }, "image/png"), new DataContent(new byte[] { 1 }, "application/pdf")])];

        var issues = ModelCapabilityValidator.Validate(model, options, messages);

        Assert.Equal(["Tools", "AllowMultipleToolCalls", "ResponseFormat", "Reasoning", "MaxOutputTokens", "image input", "PDF input"], issues.Select(i => i.Option));
    }

    [Fact]
    public void Check_StrictMode_ThrowsArgumentExceptionNamingOptions()
    {
        var model = ModelCatalog.Default.Find("openai", "text-embedding-3-small")!;

        var ex = Assert.Throws<ArgumentException>(() => ModelCapabilityValidator.Check(model, new ChatOptions(), null, null, strict: true));

        Assert.Equal("options", ex.ParamName);
        Assert.Contains("is an embedding model", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_LenientMode_WarnsThroughLogger()
    {
        var logger = new FakeLogger();
        var model = ModelCatalog.Default.Find("deepseek", "deepseek-chat")!;

        var issues = ModelCapabilityValidator.Check(model, new ChatOptions { MaxOutputTokens = 500_000 }, null, logger, strict: false);

        Assert.Single(issues);
        Assert.Contains(logger.Collector.GetSnapshot(), e => e.Message.Contains("MaxOutputTokens", StringComparison.Ordinal));
    }
}
