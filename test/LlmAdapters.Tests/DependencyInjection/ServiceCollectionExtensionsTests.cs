using LlmAdapters.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LlmAdapters.Tests.DependencyInjection;

public sealed class ServiceCollectionExtensionsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void AddLlmChatClient_Spec_RegistersASingletonChatClientForThatModel()
    {
        using var provider = new ServiceCollection()
            .AddLlmChatClient("openai:gpt-4.1", s => s.ApiKey = "k")
            .BuildServiceProvider();

        var client = provider.GetRequiredService<IChatClient>();

        Assert.Same(client, provider.GetRequiredService<IChatClient>());
        Assert.Equal("gpt-4.1", client.GetService<ChatClientMetadata>()?.DefaultModelId);
        Assert.NotNull(provider.GetRequiredService<LlmClientFactory>());
    }

    [Fact]
    public void AddLlmChatClient_BadSpec_FailsAtRegistration()
    {
        var services = new ServiceCollection();

        var ex = Assert.Throws<ArgumentException>(() => services.AddLlmChatClient("not-a-spec"));

        Assert.Equal("spec", ex.ParamName);
        Assert.Empty(services);
    }

    [Fact]
    public async Task AddLlmChatClient_Configuration_BindsModelKeyEndpointAndHeaders()
    {
        await using var emulator = await ProviderEmulator.StartAsync(new ProviderEmulatorOptions { ExpectedApiKey = "config-key" }, Ct);
        emulator.Enqueue(ScriptedReply.Text("configured"));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LlmAdapters:ChatModel"] = "groq:llama-3.3-70b-versatile",
            ["LlmAdapters:Providers:groq:ApiKey"] = "config-key",
            ["LlmAdapters:Providers:groq:Endpoint"] = emulator.Url("v1/").ToString(),
            ["LlmAdapters:Providers:groq:Headers:X-Title"] = "my-app",
        }).Build();
        await using var provider = new ServiceCollection().AddLlmChatClient(configuration).BuildServiceProvider();

        var response = await provider.GetRequiredService<IChatClient>().GetResponseAsync("hi", cancellationToken: Ct);

        Assert.Equal("configured", response.Text);
        var request = emulator.LastRequest;
        Assert.Equal("Bearer config-key", request.Header("Authorization"));
        Assert.Equal("my-app", request.Header("X-Title"));
        Assert.Equal("llama-3.3-70b-versatile", request.Json?["model"]?.GetValue<string>());
        Assert.Equal("groq", provider.GetRequiredService<IChatClient>().GetService<ChatClientMetadata>()?.ProviderName);
    }

    [Fact]
    public void AddLlmChatClient_ConfigurationWithoutChatModel_ThrowsConfigurationException()
    {
        var configuration = new ConfigurationBuilder().Build();

        var ex = Assert.Throws<ProviderConfigurationException>(() => new ServiceCollection().AddLlmChatClient(configuration));

        Assert.Equal("No chat model configured: set LlmAdapters:ChatModel to a provider:model spec such as openai:gpt-4.1.", ex.Message);
    }

    [Fact]
    public void AddLlmAdapters_Configuration_BindsProviderSettingsIntoTheFactory()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LlmAdapters:Providers:azure:Endpoint"] = "https://myres.openai.azure.com/",
            ["LlmAdapters:Providers:azure:ApiVersion"] = "2025-04-01-preview",
            ["LlmAdapters:Providers:OpenAI:ApiKey"] = "k1",
        }).Build();
        using var provider = new ServiceCollection().AddLlmAdapters(configuration).BuildServiceProvider();

        var factory = provider.GetRequiredService<LlmClientFactory>();

        Assert.Equal(new Uri("https://myres.openai.azure.com/"), factory.Options.Providers["azure"].Endpoint);
        Assert.Equal("2025-04-01-preview", factory.Options.Providers["azure"].ApiVersion);
        Assert.Equal("k1", factory.Options.Providers["openai"].ApiKey);
    }

    [Fact]
    public void AddKeyedLlmChatClient_TwoModels_ResolveByKey()
    {
        using var provider = new ServiceCollection()
            .AddLlmAdapters(o => o.Providers["openai"] = new LlmProviderSettings { ApiKey = "k" })
            .AddKeyedLlmChatClient("fast", "openai:gpt-4.1-mini")
            .AddKeyedLlmChatClient("smart", "openai:gpt-4.1")
            .BuildServiceProvider();

        Assert.Equal("gpt-4.1-mini", provider.GetRequiredKeyedService<IChatClient>("fast").GetService<ChatClientMetadata>()?.DefaultModelId);
        Assert.Equal("gpt-4.1", provider.GetRequiredKeyedService<IChatClient>("smart").GetService<ChatClientMetadata>()?.DefaultModelId);
        Assert.Null(provider.GetService<IChatClient>());
    }

    [Fact]
    public async Task AddLlmEmbeddingGenerator_Spec_RegistersAWorkingGenerator()
    {
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        await using var provider = new ServiceCollection()
            .AddLlmEmbeddingGenerator("openai:text-embedding-3-large", s =>
            {
                s.ApiKey = "k";
                s.Endpoint = emulator.Url("v1/");
            })
            .BuildServiceProvider();

        var generator = provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
        var result = await generator.GenerateAsync(["x"], cancellationToken: Ct);

        Assert.Single(result);
        Assert.Equal("text-embedding-3-large", emulator.LastRequest.Json?["model"]?.GetValue<string>());
    }

    [Fact]
    public void AddKeyedLlmEmbeddingGenerator_RegistersUnderTheKey()
    {
        using var provider = new ServiceCollection()
            .AddKeyedLlmEmbeddingGenerator("search", "mistral", s => s.ApiKey = "k")
            .BuildServiceProvider();

        var generator = provider.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>("search");

        Assert.Equal("mistral-embed", generator.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId);
    }
}
