using LlmAdapters.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LlmAdapters.Tests.DependencyInjection;

/// <summary>Named clients from <c>LlmAdapters:Clients</c> and <c>LlmAdapters:EmbeddingClients</c>, registered as keyed services.</summary>
public sealed class NamedClientsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void AddLlmClients_TwoChatClientsAndOneEmbeddingClient_ResolveByNameToTheirProvidersAndModels()
    {
        var services = new ServiceCollection();
        services.AddLlmClients(Configuration(new()
        {
            ["LlmAdapters:Providers:groq:ApiKey"] = "groq-key",
            ["LlmAdapters:Providers:anthropic:ApiKey"] = "anthropic-key",
            ["LlmAdapters:Providers:openai:ApiKey"] = "openai-key",
            ["LlmAdapters:Clients:fast:Model"] = "groq:llama-3.1-8b-instant",
            ["LlmAdapters:Clients:smart:Model"] = "anthropic:claude-sonnet-4-5",
            ["LlmAdapters:EmbeddingClients:search:Model"] = "openai:text-embedding-3-large",
        }));
        using var provider = services.BuildServiceProvider();

        var fast = provider.GetRequiredKeyedService<IChatClient>("fast").GetService<ChatClientMetadata>();
        var smart = provider.GetRequiredKeyedService<IChatClient>("smart").GetService<ChatClientMetadata>();
        var search = provider.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>("search").GetService<EmbeddingGeneratorMetadata>();

        Assert.Equal(("groq", "llama-3.1-8b-instant"), (fast?.ProviderName, fast?.DefaultModelId));
        Assert.Equal(("anthropic", "claude-sonnet-4-5"), (smart?.ProviderName, smart?.DefaultModelId));
        Assert.Equal(("openai", "text-embedding-3-large"), (search?.ProviderName, search?.DefaultModelId));
        Assert.Null(provider.GetService<IChatClient>());
        Assert.Null(provider.GetKeyedService<IEmbeddingGenerator<string, Embedding<float>>>("fast"));
    }

    [Fact]
    public async Task AddLlmClients_CohereChatAndEmbeddingClients_ReachV2ChatAndV2Embed()
    {
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        emulator.Enqueue(ScriptedReply.Text("from cohere"));
        var services = new ServiceCollection();
        services.AddLlmClients(Configuration(new()
        {
            ["LlmAdapters:Providers:cohere:ApiKey"] = "cohere-key",
            ["LlmAdapters:Providers:cohere:Endpoint"] = emulator.BaseAddress.ToString(),
            ["LlmAdapters:Clients:rag:Model"] = "cohere:command-a-03-2025",
            ["LlmAdapters:EmbeddingClients:index:Model"] = "cohere:embed-v4.0",
        }));
        using var provider = services.BuildServiceProvider();

        var answer = await provider.GetRequiredKeyedService<IChatClient>("rag").GetResponseAsync("hi", cancellationToken: Ct);
        var chatPath = emulator.LastRequest.Path;
        var vectors = await provider.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>("index").GenerateAsync(["doc"], cancellationToken: Ct);

        Assert.Equal(("from cohere", "/v2/chat"), (answer.Text, chatPath));
        Assert.Single(vectors);
        Assert.Equal(("/v2/embed", "Bearer cohere-key"), (emulator.LastRequest.Path, emulator.LastRequest.Header("Authorization")));
    }

    [Fact]
    public void AddLlmClients_FromKeyedServicesParameter_ReceivesTheNamedClient()
    {
        var services = new ServiceCollection();
        services.AddLlmClients(Configuration(new()
        {
            ["LlmAdapters:Providers:openai:ApiKey"] = "k",
            ["LlmAdapters:Clients:fast:Model"] = "openai:gpt-4.1-mini",
            ["LlmAdapters:Clients:smart:Model"] = "openai:gpt-4.1",
        }));
        services.AddSingleton<Summarizer>();
        using var provider = services.BuildServiceProvider();

        var summarizer = provider.GetRequiredService<Summarizer>();

        Assert.Equal("gpt-4.1", summarizer.Client.GetService<ChatClientMetadata>()?.DefaultModelId);
        Assert.Same(provider.GetRequiredKeyedService<IChatClient>("smart"), summarizer.Client);
    }

    [Fact]
    public async Task AddLlmClients_ClientSettings_LayerOverTheProvidersAndReachTheServer()
    {
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        emulator.DefaultResponder = _ => ScriptedReply.Text("ok");
        var services = new ServiceCollection();
        services.AddLlmClients(Configuration(new()
        {
            ["LlmAdapters:Providers:openai:ApiKey"] = "provider-key",
            ["LlmAdapters:Providers:openai:Endpoint"] = emulator.Url("v1/").ToString(),
            ["LlmAdapters:Providers:openai:Headers:X-Team"] = "provider-team",
            ["LlmAdapters:Providers:openai:Headers:X-App"] = "my-app",
            ["LlmAdapters:Clients:shared:Model"] = "openai:gpt-4.1-mini",
            ["LlmAdapters:Clients:own:Model"] = "openai:gpt-4.1",
            ["LlmAdapters:Clients:own:ApiKey"] = "client-key",
            ["LlmAdapters:Clients:own:Headers:X-Team"] = "client-team",
        }));
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredKeyedService<IChatClient>("shared").GetResponseAsync("one", cancellationToken: Ct);
        await provider.GetRequiredKeyedService<IChatClient>("own").GetResponseAsync("two", cancellationToken: Ct);

        var (shared, own) = (emulator.Requests[0], emulator.Requests[1]);
        Assert.Equal(("Bearer provider-key", "provider-team", "my-app", "gpt-4.1-mini"), (shared.Header("Authorization"), shared.Header("X-Team"), shared.Header("X-App"), shared.Json?["model"]?.GetValue<string>()));
        Assert.Equal(("Bearer client-key", "client-team", "my-app", "gpt-4.1"), (own.Header("Authorization"), own.Header("X-Team"), own.Header("X-App"), own.Json?["model"]?.GetValue<string>()));
    }

    [Fact]
    public async Task AddLlmClients_RequestDefaults_FillOnlyWhatTheCallLeavesUnset()
    {
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        emulator.DefaultResponder = _ => ScriptedReply.Text("ok");
        var services = new ServiceCollection();
        services.AddLlmClients(Configuration(new()
        {
            ["LlmAdapters:Clients:careful:Model"] = "openai:gpt-4.1",
            ["LlmAdapters:Clients:careful:ApiKey"] = "k",
            ["LlmAdapters:Clients:careful:Endpoint"] = emulator.Url("v1/").ToString(),
            ["LlmAdapters:Clients:careful:Temperature"] = "0.25",
            ["LlmAdapters:Clients:careful:TopP"] = "0.5",
            ["LlmAdapters:Clients:careful:MaxOutputTokens"] = "300",
        }));
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredKeyedService<IChatClient>("careful");

        await client.GetResponseAsync("defaults", cancellationToken: Ct);
        await client.GetResponseAsync("override", new ChatOptions { Temperature = 0.75f }, Ct);

        var (first, second) = (emulator.Requests[0].Json, emulator.Requests[1].Json);
        Assert.Equal((0.25, 0.5, 300), (first?["temperature"]?.GetValue<double>(), first?["top_p"]?.GetValue<double>(), first?["max_completion_tokens"]?.GetValue<int>()));
        Assert.Equal((0.75, 0.5, 300), (second?["temperature"]?.GetValue<double>(), second?["top_p"]?.GetValue<double>(), second?["max_completion_tokens"]?.GetValue<int>()));
    }

    [Fact]
    public async Task AddLlmClients_EmbeddingDimensions_AreSentUnlessTheCallSetsThem()
    {
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        var services = new ServiceCollection();
        services.AddLlmClients(Configuration(new()
        {
            ["LlmAdapters:EmbeddingClients:search:Model"] = "openai:text-embedding-3-small",
            ["LlmAdapters:EmbeddingClients:search:ApiKey"] = "k",
            ["LlmAdapters:EmbeddingClients:search:Endpoint"] = emulator.Url("v1/").ToString(),
            ["LlmAdapters:EmbeddingClients:search:Dimensions"] = "256",
        }));
        await using var provider = services.BuildServiceProvider();
        var generator = provider.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>("search");

        await generator.GenerateAsync(["a"], cancellationToken: Ct);
        await generator.GenerateAsync(["b"], new EmbeddingGenerationOptions { Dimensions = 32 }, Ct);

        Assert.Equal([256, 32], emulator.Requests.Select(r => r.Json?["dimensions"]?.GetValue<int>() ?? 0));
    }

    [Fact]
    public void AddLlmClients_ConfigureChatClientsAndOneByName_AddsMiddlewareWhereAsked()
    {
        var services = new ServiceCollection();
        var seen = new List<string>();
        var clients = services.AddLlmClients(Configuration(new()
        {
            ["LlmAdapters:Providers:openai:ApiKey"] = "k",
            ["LlmAdapters:Clients:b:Model"] = "openai:gpt-4.1",
            ["LlmAdapters:Clients:a:Model"] = "openai:gpt-4.1-mini",
            ["LlmAdapters:EmbeddingClients:e:Model"] = "openai",
        }));

        clients.ConfigureChatClients((name, builder) => seen.Add(name)).ChatClients["B"].UseFunctionInvocation();
        clients.ConfigureEmbeddingGenerators((name, builder) => builder.UseOpenTelemetry());
        using var provider = services.BuildServiceProvider();

        Assert.Equal(["a", "b"], seen);
        Assert.Same(services, clients.Services);
        Assert.NotNull(provider.GetRequiredKeyedService<IChatClient>("b").GetService<FunctionInvokingChatClient>());
        Assert.Null(provider.GetRequiredKeyedService<IChatClient>("a").GetService<FunctionInvokingChatClient>());
        Assert.NotNull(provider.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>("e")
            .GetService<OpenTelemetryEmbeddingGenerator<string, Embedding<float>>>());
    }

    [Fact]
    public void AddLlmClients_ScopedLifetime_AppliesToEveryNamedClient()
    {
        var services = new ServiceCollection();
        services.AddLlmClients(
            Configuration(new()
            {
                ["LlmAdapters:Providers:openai:ApiKey"] = "k",
                ["LlmAdapters:Clients:a:Model"] = "openai",
                ["LlmAdapters:EmbeddingClients:e:Model"] = "openai",
            }),
            ServiceLifetime.Scoped);

        Assert.Equal(ServiceLifetime.Scoped, Assert.Single(services, d => d.IsKeyedService && d.ServiceType == typeof(IChatClient)).Lifetime);
        Assert.Equal(
            ServiceLifetime.Scoped,
            Assert.Single(services, d => d.IsKeyedService && d.ServiceType == typeof(IEmbeddingGenerator<string, Embedding<float>>)).Lifetime);
        Assert.All(services.Where(d => d.IsKeyedService), d => Assert.Equal(ServiceLifetime.Scoped, d.Lifetime));
    }

    [Theory]
    [InlineData("LlmAdapters:Clients:fast:Temperature", "0.2", "LlmAdapters:Clients:fast:Model is not set: set it to a provider:model spec such as groq:llama-3.1-8b-instant or anthropic:claude-sonnet-4-5.")]
    [InlineData("LlmAdapters:EmbeddingClients:search:Dimensions", "8", "LlmAdapters:EmbeddingClients:search:Model is not set: set it to a provider:model spec such as openai:text-embedding-3-small.")]
    [InlineData("LlmAdapters:Clients:fast", "groq:llama-3.1-8b-instant", "LlmAdapters:Clients:fast is a single value: write it as an object with a Model, for example LlmAdapters:Clients:fast:Model = groq:llama-3.1-8b-instant.")]
    [InlineData("LlmAdapters:Providers:openai:ApiKey", "k", "No clients configured: add LlmAdapters:Clients:{name}:Model (a chat client) or LlmAdapters:EmbeddingClients:{name}:Model (an embedding generator), for example LlmAdapters:Clients:fast:Model = groq:llama-3.1-8b-instant.")]
    public void AddLlmClients_MissingModel_FailsAtRegistrationNamingTheKey(string key, string value, string message)
    {
        var services = new ServiceCollection();

        var ex = Assert.Throws<ProviderConfigurationException>(() => services.AddLlmClients(Configuration(new() { [key] = value })));

        Assert.Equal(message, ex.Message);
        Assert.Empty(services);
    }

    [Theory]
    [InlineData("LlmAdapters:Clients:fast:Model", "acme:model-1", "LlmAdapters:Clients:fast:Model is not a usable model spec: Unknown provider 'acme' in 'acme:model-1'. Known providers: openai,")]
    [InlineData("LlmAdapters:Clients:fast:Model", "gpt-4.1", "LlmAdapters:Clients:fast:Model is not a usable model spec: 'gpt-4.1' is not a model spec: write it as 'provider:model'")]
    [InlineData("LlmAdapters:EmbeddingClients:search:Model", "anthropic:claude-sonnet-4-5", "LlmAdapters:EmbeddingClients:search:Model is not a usable model spec: Anthropic has no embeddings endpoint. Providers with embeddings: openai,")]
    public void AddLlmClients_UnusableModel_FailsAtRegistrationNamingTheKey(string key, string value, string messageStart)
    {
        var services = new ServiceCollection();
        var configuration = Configuration(new()
        {
            ["LlmAdapters:Clients:good:Model"] = "openai:gpt-4.1",
            [key] = value,
        });

        var ex = Assert.Throws<ProviderConfigurationException>(() => services.AddLlmClients(configuration));

        Assert.StartsWith(messageStart, ex.Message, StringComparison.Ordinal);
        Assert.Empty(services);
    }

    [Theory]
    [InlineData("LlmAdapters:Clients:fast:Modle", "openai:gpt-4.1", "LlmAdapters:Clients:fast cannot be read: ")]
    [InlineData("LlmAdapters:Clients:fast:Temperature", "warm", "LlmAdapters:Clients:fast cannot be read: ")]
    [InlineData("LlmAdapters:EmbeddingClients:fast:Temperature", "0.5", "LlmAdapters:EmbeddingClients:fast cannot be read: ")]
    public void AddLlmClients_UnknownKeyOrBadValue_FailsAtRegistrationListingTheKeys(string key, string value, string messageStart)
    {
        var services = new ServiceCollection();
        var configuration = Configuration(new()
        {
            ["LlmAdapters:Clients:fast:Model"] = "openai:gpt-4.1",
            ["LlmAdapters:EmbeddingClients:fast:Model"] = "openai",
            [key] = value,
        });

        var ex = Assert.Throws<ProviderConfigurationException>(() => services.AddLlmClients(configuration));

        Assert.StartsWith(messageStart, ex.Message, StringComparison.Ordinal);
        Assert.Contains("Its keys are Model, ApiKey, Endpoint, ApiVersion, Project, Location, ResponseHeadersTimeout, StreamIdleTimeout, Headers:{name}", ex.Message, StringComparison.Ordinal);
        Assert.IsType<InvalidOperationException>(ex.InnerException);
        Assert.Empty(services);
    }

    [Fact]
    public void AddLlmClients_NoApiKeyAnywhere_FailsAtFirstResolveNamingTheClientAndProviderKeys()
    {
        Assert.SkipWhen(Environment.GetEnvironmentVariable("GROQ_API_KEY") is not null, "GROQ_API_KEY is set in this environment.");
        var services = new ServiceCollection();
        services.AddLlmClients(Configuration(new() { ["LlmAdapters:Clients:fast:Model"] = "groq:llama-3.1-8b-instant" }));
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<ProviderConfigurationException>(() => provider.GetRequiredKeyedService<IChatClient>("fast"));

        Assert.Equal(
            "LlmAdapters:Clients:fast (groq:llama-3.1-8b-instant) cannot be created: No API key for groq: set OpenAIOptions.ApiKey or the environment " +
            "variable GROQ_API_KEY. In configuration its settings are LlmAdapters:Clients:fast:ApiKey, :Endpoint … layered over " +
            "LlmAdapters:Providers:groq:ApiKey, :Endpoint ….",
            ex.Message);
        Assert.IsType<ProviderConfigurationException>(ex.InnerException);
    }

    [Fact]
    public void AddLlmClients_OptionsConfiguredInCode_AreWhatTheClientIsBuiltFrom()
    {
        var services = new ServiceCollection();
        services.AddLlmClients(Configuration(new()
        {
            ["LlmAdapters:Clients:fast:Model"] = "openai:gpt-4.1-mini",
            ["LlmAdapters:Clients:fast:ApiKey"] = "k",
        }));
        services.Configure<LlmAdaptersOptions>(o => o.Clients["fast"].Model = "openai:gpt-4.1-nano");
        using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredKeyedService<IChatClient>("fast");

        Assert.Equal("gpt-4.1-nano", client.GetService<ChatClientMetadata>()?.DefaultModelId);
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    private sealed class Summarizer([FromKeyedServices("smart")] IChatClient client)
    {
        public IChatClient Client { get; } = client;
    }
}
