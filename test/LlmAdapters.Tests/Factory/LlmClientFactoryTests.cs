using LlmAdapters.OpenAI;
using LlmAdapters.Testing;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Tests.Factory;

public sealed class LlmClientFactoryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> PresetNames => [.. OpenAIPresets.All.Select(p => p.Name)];

    // The Ollama preset is reached as ollama-openai: ollama names the native adapter.
    private static string SpecName(string presetName) => presetName == OpenAIPresets.Ollama.Name ? "ollama-openai" : presetName;

    [Theory]
    [MemberData(nameof(PresetNames))]
    public void CreateChatClient_EveryPreset_ResolvesToOpenAIClientWithThePresetsEndpointAndProviderName(string name)
    {
        Assert.True(OpenAIPresets.TryGet(name, out var preset));
        var factory = new LlmClientFactory();

        using var client = factory.CreateChatClient($"{SpecName(name)}:some/model:v1", s => s.ApiKey = "test-key");

        var openai = Assert.IsType<OpenAIChatClient>(client);
        var metadata = Assert.IsType<ChatClientMetadata>(client.GetService(typeof(ChatClientMetadata)));
        Assert.Equal(preset.ProviderName, metadata.ProviderName);
        Assert.Equal("some/model:v1", metadata.DefaultModelId);
        Assert.Equal(preset.Endpoint, openai.Options.Endpoint);
        Assert.Equal("test-key", openai.Options.ApiKey);
    }

    [Theory]
    [MemberData(nameof(PresetNames))]
    public void CreateChatClient_ProviderNameAlone_UsesThePresetsDefaultModel(string name)
    {
        Assert.True(OpenAIPresets.TryGet(name, out var preset));

        using var client = new LlmClientFactory().CreateChatClient(SpecName(name).ToUpperInvariant(), s => s.ApiKey = "k");

        Assert.Equal(preset.DefaultModelId, client.GetService<ChatClientMetadata>()?.DefaultModelId);
    }

    [Fact]
    public async Task CreateChatClient_EndpointAndKeyFromSettings_TalkToThatServer()
    {
        await using var emulator = await ProviderEmulator.StartAsync(new ProviderEmulatorOptions { ExpectedApiKey = "groq-key" }, Ct);
        emulator.Enqueue(ScriptedReply.Text("pong"));
        var factory = new LlmClientFactory();

        using var client = factory.CreateChatClient("groq:llama-3.1-8b-instant", s =>
        {
            s.Endpoint = emulator.Url("v1/");
            s.ApiKey = "groq-key";
            s.Headers["X-Title"] = "tests";
        });
        var response = await client.GetResponseAsync("ping", cancellationToken: Ct);

        Assert.Equal("pong", response.Text);
        var request = emulator.LastRequest;
        Assert.Equal("/v1/chat/completions", request.Path);
        Assert.Equal("Bearer groq-key", request.Header("Authorization"));
        Assert.Equal("tests", request.Header("X-Title"));
        Assert.Equal("llama-3.1-8b-instant", request.Json?["model"]?.GetValue<string>());
    }

    [Fact]
    public async Task CreateChatClient_ConfiguredProviderSettings_AreUsedAndNotChangedByPerCallCallbacks()
    {
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        var options = new LlmAdaptersOptions();
        options.Providers["openai"] = new LlmProviderSettings { ApiKey = "configured-key", Endpoint = emulator.Url("v1/") };
        var factory = new LlmClientFactory(options);

        using (var first = factory.CreateChatClient("openai:gpt-4.1", s => s.ApiKey = "per-call-key"))
        {
            await first.GetResponseAsync("one", cancellationToken: Ct);
        }

        using (var second = factory.CreateChatClient("openai:gpt-4.1"))
        {
            await second.GetResponseAsync("two", cancellationToken: Ct);
        }

        Assert.Equal(["Bearer per-call-key", "Bearer configured-key"], emulator.Requests.Select(r => r.Header("Authorization")));
        Assert.Equal("configured-key", options.Providers["openai"].ApiKey);
    }

    [Fact]
    public void CreateChatClient_NoKeyAnywhere_ThrowsConfigurationExceptionNamingTheVariable()
    {
        Assert.SkipWhen(Environment.GetEnvironmentVariable("GROQ_API_KEY") is not null, "GROQ_API_KEY is set in this environment.");

        var ex = Assert.Throws<ProviderConfigurationException>(() => new LlmClientFactory().CreateChatClient("groq:llama-3.3-70b-versatile"));

        Assert.Equal("No API key for groq: set OpenAIOptions.ApiKey or the environment variable GROQ_API_KEY.", ex.Message);
    }

    [Fact]
    public void CreateChatClient_LocalServerPreset_NeedsNoKey()
    {
        using var client = new LlmClientFactory().CreateChatClient("lmstudio:qwen2.5-7b-instruct");

        Assert.Equal("qwen2.5-7b-instruct", client.GetService<ChatClientMetadata>()?.DefaultModelId);
        Assert.Equal(new Uri("http://localhost:1234/v1/"), client.GetService<ChatClientMetadata>()?.ProviderUri);
    }

    [Theory]
    [InlineData("gpt-4.1", "'gpt-4.1' is not a model spec: write it as 'provider:model', for example 'openai:gpt-4.1' or 'anthropic:claude-sonnet-4-5'.")]
    [InlineData("openai:", "'openai:' is not a model spec: write it as 'provider:model', for example 'openai:gpt-4.1' or 'anthropic:claude-sonnet-4-5'.")]
    [InlineData("", "A model spec is empty: write it as 'provider:model', for example 'openai:gpt-4.1'.")]
    public void CreateChatClient_MalformedSpec_ThrowsArgumentExceptionForSpec(string spec, string message)
    {
        var ex = Assert.Throws<ArgumentException>(() => new LlmClientFactory().CreateChatClient(spec));

        Assert.Equal("spec", ex.ParamName);
        Assert.StartsWith(message, ex.Message, StringComparison.Ordinal);
        Assert.IsType<FormatException>(ex.InnerException);
    }

    [Fact]
    public void CreateChatClient_UnknownProvider_ListsTheKnownOnes()
    {
        var ex = Assert.Throws<ArgumentException>(() => new LlmClientFactory().CreateChatClient("acme:model-1"));

        Assert.StartsWith(
            "Unknown provider 'acme' in 'acme:model-1'. Known providers: openai, groq, openrouter, deepseek, mistral, xai, together, lmstudio, ollama, ollama-openai, azure, openai-responses, anthropic, gemini, vertex, cohere.",
            ex.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void ResolveSpec_AzureWithoutDeployment_SaysToNameTheDeployment()
    {
        var ex = Assert.Throws<ArgumentException>(() => LlmClientFactory.ResolveSpec("azure"));

        Assert.StartsWith(
            "'azure' names no model and Azure OpenAI has no default model: write it as 'azure:<model>' with the deployment name as the model.",
            ex.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateChatClient_Azure_UsesDeploymentUrlAndApiKeyHeader()
    {
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        emulator.Enqueue(ScriptedReply.Text("from azure"));

        using var client = new LlmClientFactory().CreateChatClient("azure:my-deployment", s =>
        {
            s.Endpoint = emulator.BaseAddress;
            s.ApiKey = "azure-key";
        });
        var response = await client.GetResponseAsync("hi", cancellationToken: Ct);

        Assert.Equal("from azure", response.Text);
        var metadata = client.GetService<ChatClientMetadata>();
        Assert.Equal("azure.ai.openai", metadata?.ProviderName);
        Assert.Equal("my-deployment", metadata?.DefaultModelId);
        var request = emulator.LastRequest;
        Assert.Equal("/openai/deployments/my-deployment/chat/completions", request.Path);
        Assert.Equal($"?api-version={OpenAIOptions.DefaultAzureApiVersion}", request.Query);
        Assert.Equal("azure-key", request.Header("api-key"));
    }

    [Fact]
    public void CreateChatClient_AzureV1ApiVersion_UsesTheV1Path()
    {
        using var client = new LlmClientFactory().CreateChatClient("azure:dep", s =>
        {
            s.Endpoint = new Uri("https://myres.openai.azure.com/");
            s.ApiKey = "k";
            s.ApiVersion = "v1";
        });

        var openai = Assert.IsType<OpenAIChatClient>(client);
        Assert.Equal(new Uri("https://myres.openai.azure.com/openai/v1/"), openai.Options.Endpoint);
        Assert.Null(openai.Options.AzureApiVersion);
    }

    [Fact]
    public void CreateChatClient_AzureWithoutEndpoint_ThrowsConfigurationExceptionNamingSettingAndVariable()
    {
        Assert.SkipWhen(Environment.GetEnvironmentVariable("AZURE_OPENAI_ENDPOINT") is not null, "AZURE_OPENAI_ENDPOINT is set in this environment.");

        var ex = Assert.Throws<ProviderConfigurationException>(() => new LlmClientFactory().CreateChatClient("azure:dep", s => s.ApiKey = "k"));

        Assert.Contains("LlmAdapters:Providers:azure:Endpoint", ex.Message, StringComparison.Ordinal);
        Assert.Contains("AZURE_OPENAI_ENDPOINT", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateEmbeddingGenerator_ProviderAlone_UsesDefaultEmbeddingModelAgainstTheServer()
    {
        await using var emulator = await ProviderEmulator.StartAsync(Ct);

        using var generator = new LlmClientFactory().CreateEmbeddingGenerator("openai", s =>
        {
            s.Endpoint = emulator.Url("v1/");
            s.ApiKey = "k";
        });
        var embeddings = await generator.GenerateAsync(["alpha", "beta"], cancellationToken: Ct);

        Assert.IsType<OpenAIEmbeddingGenerator>(generator);
        Assert.Equal(2, embeddings.Count);
        Assert.Equal("/v1/embeddings", emulator.LastRequest.Path);
        Assert.Equal("text-embedding-3-small", emulator.LastRequest.Json?["model"]?.GetValue<string>());
    }

    [Fact]
    public void CreateEmbeddingGenerator_ProviderWithoutEmbeddings_ThrowsArgumentExceptionListingThoseWithThem()
    {
        var ex = Assert.Throws<ArgumentException>(() => new LlmClientFactory().CreateEmbeddingGenerator("groq:any", s => s.ApiKey = "k"));

        Assert.StartsWith("Groq has no embeddings endpoint. Providers with embeddings: openai, openrouter, mistral, together, lmstudio, ollama, ollama-openai, azure, openai-responses, gemini, vertex, cohere.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Providers_ListsEveryPresetThenAzureThenNativeProviders_WithTheirFacts()
    {
        var providers = LlmClientFactory.Providers;

        Assert.Equal(
            [.. OpenAIPresets.All.Where(p => p != OpenAIPresets.Ollama).Select(p => p.Name), "ollama", "ollama-openai", "azure", "openai-responses", "anthropic", "gemini", "vertex", "cohere"],
            providers.Select(p => p.Name));
        var openai = providers[0];
        Assert.Equal(new LlmProviderInfo("openai", "OpenAI", "openai", "OPENAI_API_KEY", true, "gpt-4.1-mini", "text-embedding-3-small", true), openai);
        var ollama = LlmClientFactory.FindProvider("OLLAMA");
        Assert.NotNull(ollama);
        Assert.False(ollama.RequiresApiKey);
        Assert.True(ollama.HasApiKeyInEnvironment);
        Assert.Null(LlmClientFactory.FindProvider("acme"));
    }

    [Fact]
    public void LlmProviderSettings_ToString_NeverShowsTheKey()
    {
        var settings = new LlmProviderSettings { ApiKey = "sk-secret-value", Endpoint = new Uri("http://localhost:1/") };

        Assert.Equal("LlmProviderSettings(Endpoint=http://localhost:1/, ApiKey=set)", settings.ToString());
    }
}
