using LlmAdapters.Anthropic;
using LlmAdapters.Cohere;
using LlmAdapters.Gemini;
using LlmAdapters.Testing;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Tests.Factory;

public sealed class NativeProviderTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("anthropic:claude-haiku-4-5", typeof(AnthropicChatClient), "anthropic", "claude-haiku-4-5")]
    [InlineData("gemini:gemini-2.5-pro", typeof(GeminiChatClient), "gcp.gemini", "gemini-2.5-pro")]
    [InlineData("vertex:gemini-2.5-flash", typeof(GeminiChatClient), "gcp.vertex_ai", "gemini-2.5-flash")]
    [InlineData("cohere:command-r7b-12-2024", typeof(CohereChatClient), "cohere", "command-r7b-12-2024")]
    [InlineData("cohere", typeof(CohereChatClient), "cohere", "command-a-03-2025")]
    public void CreateChatClient_NativeProvider_ResolvesToItsAdapter(string spec, Type clientType, string providerName, string model)
    {
        using var client = new LlmClientFactory().CreateChatClient(spec, s => s.ApiKey = "test-key");

        Assert.IsType(clientType, client);
        var metadata = client.GetService<ChatClientMetadata>();
        Assert.NotNull(metadata);
        Assert.Equal(providerName, metadata.ProviderName);
        Assert.Equal(model, metadata.DefaultModelId);
    }

    [Fact]
    public void CreateEmbeddingGenerator_Anthropic_SaysItHasNoEmbeddings()
    {
        var factory = new LlmClientFactory();

        var ex = Assert.Throws<ArgumentException>(() => factory.CreateEmbeddingGenerator("anthropic:claude-sonnet-4-5", s => s.ApiKey = "k"));

        Assert.StartsWith("Anthropic has no embeddings endpoint. Providers with embeddings: openai, openrouter, mistral, together, lmstudio, ollama, ollama-openai, azure, openai-responses, gemini, vertex, cohere.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateEmbeddingGenerator_Gemini_ResolvesToTheGeminiGenerator()
    {
        using var generator = new LlmClientFactory().CreateEmbeddingGenerator("gemini:gemini-embedding-001", s => s.ApiKey = "k");

        Assert.IsType<GeminiEmbeddingGenerator>(generator);
    }

    [Theory]
    [InlineData("anthropic:claude-haiku-4-5", "/v1/messages", "x-api-key")]
    [InlineData("gemini:gemini-2.5-flash", "/v1beta/models/gemini-2.5-flash:generateContent", "x-goog-api-key")]
    [InlineData("cohere:command-a-03-2025", "/v2/chat", "Authorization")]
    public async Task CreateChatClient_NativeProviderAgainstEmulator_SendsItsOwnWireFormat(string spec, string path, string keyHeader)
    {
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        emulator.Enqueue(ScriptedReply.Text("pong").WithUsage(3, 1));
        var factory = new LlmClientFactory();
        var provider = ModelSpec.Parse(spec).Provider;

        using var client = factory.CreateChatClient(spec, s =>
        {
            s.Endpoint = LlmClientFactory.EmulatorEndpoint(provider, emulator.BaseAddress);
            s.ApiKey = "native-key";
        });
        var response = await client.GetResponseAsync("ping", cancellationToken: Ct);

        Assert.Equal("pong", response.Text);
        Assert.Equal(3, response.Usage?.InputTokenCount);
        Assert.Equal(path, emulator.LastRequest.Path);
        Assert.EndsWith("native-key", emulator.LastRequest.Header(keyHeader), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateEmbeddingGenerator_Cohere_EmbedsThroughV2EmbedWithTheDefaultModel()
    {
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        using var generator = new LlmClientFactory().CreateEmbeddingGenerator("cohere", s =>
        {
            s.Endpoint = LlmClientFactory.EmulatorEndpoint("cohere", emulator.BaseAddress);
            s.ApiKey = "k";
        });

        var embeddings = await generator.GenerateAsync(["alpha"], cancellationToken: Ct);

        Assert.IsType<CohereEmbeddingGenerator>(generator);
        Assert.Single(embeddings);
        Assert.Equal(("/v2/embed", "embed-v4.0"), (emulator.LastRequest.Path, emulator.LastRequest.Json!["model"]!.GetValue<string>()));
    }

    [Fact]
    public void CreateChatClient_AnthropicWithoutKey_NamesTheVariableBeforeAnyIo()
    {
        var ex = Assert.Throws<ProviderConfigurationException>(() =>
            new LlmClientFactory().CreateChatClient("anthropic:claude-sonnet-4-5", s => s.ApiKey = null));

        Assert.Contains("ANTHROPIC_API_KEY", ex.Message, StringComparison.Ordinal);
    }
}
