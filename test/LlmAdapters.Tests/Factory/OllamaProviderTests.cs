using LlmAdapters.Ollama;
using LlmAdapters.OpenAI;
using LlmAdapters.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace LlmAdapters.Tests.Factory;

public sealed class OllamaProviderTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void FindProvider_Ollama_IsTheNativeKeylessProviderWithEmbeddings()
    {
        Assert.Equal(
            new LlmProviderInfo("ollama", "Ollama", "ollama", "OLLAMA_API_KEY", false, "llama3.2", "nomic-embed-text", true),
            LlmClientFactory.FindProvider("ollama"));
        Assert.Equal(
            new LlmProviderInfo("ollama-openai", "Ollama (OpenAI-compatible API)", "ollama", null, false, "llama3.2", "nomic-embed-text", true),
            LlmClientFactory.FindProvider("ollama-openai"));
    }

    [Fact]
    public void CreateChatClient_OllamaSpec_ResolvesToTheNativeAdapterWithTheTaggedModel()
    {
        using var client = new LlmClientFactory().CreateChatClient("ollama:llama3.2:3b", s => s.Endpoint = new Uri("http://gpu-box:11434/"));

        Assert.IsType<OllamaChatClient>(client);
        var metadata = client.GetService<ChatClientMetadata>()!;
        Assert.Equal(("ollama", "llama3.2:3b", new Uri("http://gpu-box:11434/")), (metadata.ProviderName, metadata.DefaultModelId, metadata.ProviderUri));
    }

    [Fact]
    public void CreateChatClient_OllamaOpenAISpec_KeepsTheCompatiblePreset()
    {
        using var client = new LlmClientFactory().CreateChatClient("ollama-openai:llama3.2");

        Assert.IsType<OpenAIChatClient>(client);
        Assert.Equal(new Uri("http://localhost:11434/v1/"), client.GetService<ChatClientMetadata>()!.ProviderUri);
    }

    [Fact]
    public async Task CreateChatClient_OllamaAgainstEmulator_SpeaksApiChat()
    {
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        emulator.Enqueue(ScriptedReply.Text("pong").WithUsage(3, 1));

        using var client = new LlmClientFactory().CreateChatClient("ollama:qwen3:8b", s => s.Endpoint = LlmClientFactory.EmulatorEndpoint("ollama", emulator.BaseAddress));
        var response = await client.GetResponseAsync("ping", cancellationToken: Ct);

        Assert.Equal("pong", response.Text);
        Assert.Equal("/api/chat", emulator.LastRequest.Path);
        Assert.Equal("qwen3:8b", emulator.LastRequest.Json!["model"]!.GetValue<string>());
        Assert.Null(emulator.LastRequest.Header("Authorization"));
    }

    [Fact]
    public async Task CreateEmbeddingGenerator_OllamaAlone_UsesTheDefaultEmbeddingModelOnApiEmbed()
    {
        await using var emulator = await ProviderEmulator.StartAsync(Ct);

        using var generator = new LlmClientFactory().CreateEmbeddingGenerator("ollama", s => s.Endpoint = emulator.BaseAddress);
        var embeddings = await generator.GenerateAsync(["a", "b"], cancellationToken: Ct);

        Assert.IsType<OllamaEmbeddingGenerator>(generator);
        Assert.Equal(2, embeddings.Count);
        Assert.Equal("/api/embed", emulator.LastRequest.Path);
        Assert.Equal("nomic-embed-text", emulator.LastRequest.Json!["model"]!.GetValue<string>());
    }

    [Fact]
    public async Task AddLlmChatClient_OllamaSpecWithKeyAndHeaders_ReachesTheAdapter()
    {
        await using var emulator = await ProviderEmulator.StartAsync(new ProviderEmulatorOptions { ExpectedApiKey = "hosted-key" }, Ct);
        var services = new ServiceCollection();
        services.AddLlmChatClient("ollama:gpt-oss:120b", s =>
        {
            s.Endpoint = emulator.BaseAddress;
            s.ApiKey = "hosted-key";
            s.Headers["X-Team"] = "search";
        });
        using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<IChatClient>().GetResponseAsync("hi", cancellationToken: Ct);

        Assert.Equal("Bearer hosted-key", emulator.LastRequest.Header("Authorization"));
        Assert.Equal("search", emulator.LastRequest.Header("X-Team"));
        Assert.Equal("gpt-oss:120b", emulator.LastRequest.Json!["model"]!.GetValue<string>());
    }
}
