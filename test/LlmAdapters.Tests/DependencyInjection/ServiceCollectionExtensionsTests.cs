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
        var services = new ServiceCollection();
        services.AddLlmChatClient("openai:gpt-4.1", s => s.ApiKey = "k");
        using var provider = services.BuildServiceProvider();

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
        var services = new ServiceCollection();
        services.AddLlmChatClient(configuration);
        await using var provider = services.BuildServiceProvider();

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
        var services = new ServiceCollection().AddLlmAdapters(o => o.Providers["openai"] = new LlmProviderSettings { ApiKey = "k" });
        services.AddKeyedLlmChatClient("fast", "openai:gpt-4.1-mini");
        services.AddKeyedLlmChatClient("smart", "openai:gpt-4.1");
        using var provider = services.BuildServiceProvider();

        Assert.Equal("gpt-4.1-mini", provider.GetRequiredKeyedService<IChatClient>("fast").GetService<ChatClientMetadata>()?.DefaultModelId);
        Assert.Equal("gpt-4.1", provider.GetRequiredKeyedService<IChatClient>("smart").GetService<ChatClientMetadata>()?.DefaultModelId);
        Assert.Null(provider.GetService<IChatClient>());
    }

    [Fact]
    public async Task AddLlmEmbeddingGenerator_Spec_RegistersAWorkingGenerator()
    {
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        var services = new ServiceCollection();
        services.AddLlmEmbeddingGenerator("openai:text-embedding-3-large", s =>
        {
            s.ApiKey = "k";
            s.Endpoint = emulator.Url("v1/");
        });
        await using var provider = services.BuildServiceProvider();

        var generator = provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
        var result = await generator.GenerateAsync(["x"], cancellationToken: Ct);

        Assert.Single(result);
        Assert.Equal("text-embedding-3-large", emulator.LastRequest.Json?["model"]?.GetValue<string>());
    }

    [Fact]
    public void AddKeyedLlmEmbeddingGenerator_RegistersUnderTheKey()
    {
        var services = new ServiceCollection();
        services.AddKeyedLlmEmbeddingGenerator("search", "mistral", s => s.ApiKey = "k");
        using var provider = services.BuildServiceProvider();

        var generator = provider.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>("search");

        Assert.Equal("mistral-embed", generator.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId);
    }

    [Fact]
    public void AddLlmChatClient_ConfiguredSpecWithUnknownProvider_ThrowsConfigurationExceptionNamingTheKey()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LlmAdapters:ChatModel"] = "acme:model-1",
        }).Build();
        var services = new ServiceCollection();

        var ex = Assert.Throws<ProviderConfigurationException>(() => services.AddLlmChatClient(configuration));

        Assert.StartsWith("LlmAdapters:ChatModel is not a usable model spec: Unknown provider 'acme' in 'acme:model-1'. Known providers: openai,", ex.Message, StringComparison.Ordinal);
        Assert.Empty(services);
    }

    [Fact]
    public void AddLlmEmbeddingGenerator_ProviderWithoutEmbeddings_FailsAtRegistration()
    {
        var services = new ServiceCollection();

        var ex = Assert.Throws<ArgumentException>(() => services.AddLlmEmbeddingGenerator("anthropic:claude-sonnet-4-5"));

        Assert.Equal("spec", ex.ParamName);
        Assert.StartsWith("Anthropic has no embeddings endpoint.", ex.Message, StringComparison.Ordinal);
        Assert.Empty(services);
    }

    [Fact]
    public void AddLlmEmbeddingGenerator_ConfigurationWithoutEmbeddingModel_ThrowsConfigurationException()
    {
        var configuration = new ConfigurationBuilder().Build();

        var ex = Assert.Throws<ProviderConfigurationException>(() => new ServiceCollection().AddLlmEmbeddingGenerator(configuration));

        Assert.Equal("No embedding model configured: set LlmAdapters:EmbeddingModel to a provider:model spec such as openai:text-embedding-3-small.", ex.Message);
    }
}
