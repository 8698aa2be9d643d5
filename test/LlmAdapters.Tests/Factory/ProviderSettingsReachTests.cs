using System.Reflection;
using LlmAdapters.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LlmAdapters.Tests.Factory;

/// <summary>Every <see cref="LlmProviderSettings"/> value, configured under <c>LlmAdapters:Providers:{name}</c>, reaches every provider's requests.</summary>
public sealed class ProviderSettingsReachTests
{
    private const string CallerClientHeader = "X-Caller-Client";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("groq:llama-3.1-8b-instant", "groq", "v1/", "/v1/chat/completions", "Authorization", "Bearer configured-key")]
    [InlineData("azure:my-deployment", "azure", "", "/openai/deployments/my-deployment/chat/completions", "api-key", "configured-key")]
    [InlineData("anthropic:claude-haiku-4-5", "anthropic", "", "/v1/messages", "x-api-key", "configured-key")]
    [InlineData("gemini:gemini-2.5-flash", "gemini", "", "/v1beta/models/gemini-2.5-flash:generateContent", "x-goog-api-key", "configured-key")]
    [InlineData("vertex:gemini-2.5-flash", "vertex", "", "/v1/publishers/google/models/gemini-2.5-flash:generateContent", "x-goog-api-key", "configured-key")]
    [InlineData("ollama:llama3.2", "ollama", "", "/api/chat", "Authorization", "Bearer configured-key")]
    [InlineData("cohere:command-a-03-2025", "cohere", "", "/v2/chat", "Authorization", "Bearer configured-key")]
    public async Task CreateChatClient_ConfiguredEndpointKeyHeadersAndHttpClient_ArriveAtTheServer(
        string spec, string provider, string endpoint, string path, string keyHeader, string keyValue)
    {
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        emulator.Enqueue(ScriptedReply.Text("reached"));
        using var httpClient = CallerClient();
        var factory = FactoryFrom(new()
        {
            [$"LlmAdapters:Providers:{provider}:Endpoint"] = emulator.Url(endpoint).ToString(),
            [$"LlmAdapters:Providers:{provider}:ApiKey"] = "configured-key",
            [$"LlmAdapters:Providers:{provider}:Headers:X-Gateway-Key"] = "gateway-secret",
            [$"LlmAdapters:Providers:{provider}:Headers:X-Tenant"] = "tenant-7",
        });

        using var client = factory.CreateChatClient(spec, s => s.HttpClient = httpClient);
        var response = await client.GetResponseAsync("ping", cancellationToken: Ct);

        Assert.Equal("reached", response.Text);
        var request = emulator.LastRequest;
        Assert.Equal(path, request.Path);
        Assert.Equal(keyValue, request.Header(keyHeader));
        Assert.Equal("gateway-secret", request.Header("X-Gateway-Key"));
        Assert.Equal("tenant-7", request.Header("X-Tenant"));
        Assert.Equal("yes", request.Header(CallerClientHeader));
    }

    [Theory]
    [InlineData("openai:text-embedding-3-small", "openai", "v1/", "/v1/embeddings")]
    [InlineData("azure:embed-deployment", "azure", "", "/openai/deployments/embed-deployment/embeddings")]
    [InlineData("gemini:gemini-embedding-001", "gemini", "", "/v1beta/models/gemini-embedding-001:batchEmbedContents")]
    [InlineData("vertex:gemini-embedding-001", "vertex", "", "/v1/publishers/google/models/gemini-embedding-001:predict")]
    [InlineData("ollama:nomic-embed-text", "ollama", "", "/api/embed")]
    [InlineData("cohere:embed-v4.0", "cohere", "", "/v2/embed")]
    public async Task CreateEmbeddingGenerator_ConfiguredEndpointAndHeaders_ArriveAtTheServer(string spec, string provider, string endpoint, string path)
    {
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        using var httpClient = CallerClient();
        var factory = FactoryFrom(new()
        {
            [$"LlmAdapters:Providers:{provider}:Endpoint"] = emulator.Url(endpoint).ToString(),
            [$"LlmAdapters:Providers:{provider}:ApiKey"] = "configured-key",
            [$"LlmAdapters:Providers:{provider}:Headers:X-Gateway-Key"] = "gateway-secret",
        });

        using var generator = factory.CreateEmbeddingGenerator(spec, s => s.HttpClient = httpClient);
        var embeddings = await generator.GenerateAsync(["alpha"], cancellationToken: Ct);

        Assert.Single(embeddings);
        var request = emulator.LastRequest;
        Assert.Equal(path, request.Path);
        Assert.Equal("gateway-secret", request.Header("X-Gateway-Key"));
        Assert.Equal("yes", request.Header(CallerClientHeader));
    }

    [Theory]
    [InlineData("azure:dep", "azure", "2025-04-01-preview", "/openai/deployments/dep/chat/completions", "?api-version=2025-04-01-preview", null)]
    [InlineData("anthropic:claude-haiku-4-5", "anthropic", "2024-10-22", "/v1/messages", "", "2024-10-22")]
    [InlineData("gemini:gemini-2.5-flash", "gemini", "v1alpha", "/v1alpha/models/gemini-2.5-flash:generateContent", "", null)]
    [InlineData("vertex:gemini-2.5-flash", "vertex", "v1beta1", "/v1beta1/publishers/google/models/gemini-2.5-flash:generateContent", "", null)]
    public async Task CreateChatClient_ConfiguredApiVersion_ReachesTheProvidersVersionSlot(
        string spec, string provider, string apiVersion, string path, string query, string? anthropicVersion)
    {
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        emulator.Enqueue(ScriptedReply.Text("versioned"));
        var factory = FactoryFrom(new()
        {
            [$"LlmAdapters:Providers:{provider}:Endpoint"] = emulator.BaseAddress.ToString(),
            [$"LlmAdapters:Providers:{provider}:ApiKey"] = "k",
            [$"LlmAdapters:Providers:{provider}:ApiVersion"] = apiVersion,
        });

        using var client = factory.CreateChatClient(spec);
        await client.GetResponseAsync("ping", cancellationToken: Ct);

        var request = emulator.LastRequest;
        Assert.Equal((path, query), (request.Path, request.Query));
        if (anthropicVersion is not null)
        {
            Assert.Equal(anthropicVersion, request.Header("anthropic-version"));
        }
    }

    [Fact]
    public async Task CreateChatClient_BlankConfiguredValues_KeepTheAdaptersDefaults()
    {
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        emulator.Enqueue(ScriptedReply.Text("defaults"));
        var factory = FactoryFrom(new()
        {
            ["LlmAdapters:Providers:anthropic:Endpoint"] = emulator.BaseAddress.ToString(),
            ["LlmAdapters:Providers:anthropic:ApiKey"] = "k",
            ["LlmAdapters:Providers:anthropic:ApiVersion"] = " ",
        });

        using var client = factory.CreateChatClient("anthropic:claude-haiku-4-5", s => s.Headers["X-Empty"] = " ");
        await client.GetResponseAsync("ping", cancellationToken: Ct);

        Assert.Equal("2023-06-01", emulator.LastRequest.Header("anthropic-version"));
        Assert.Equal("k", emulator.LastRequest.Header("x-api-key"));
        Assert.Null(emulator.LastRequest.Header("X-Empty"));
    }

    [Fact]
    public void LlmClientSettings_OffersEveryConfigurableProviderSetting()
    {
        static string[] Names(Type type) =>
            [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => $"{p.Name}:{p.PropertyType.Name}").Order(StringComparer.Ordinal)];

        // HttpClient is not configuration; Model is the client's own.
        var provider = Names(typeof(LlmProviderSettings)).Where(n => !n.StartsWith("HttpClient:", StringComparison.Ordinal));
        var client = Names(typeof(LlmClientSettings)).Where(n => !n.StartsWith("Model:", StringComparison.Ordinal));

        Assert.Equal(provider, client);
    }

    private static LlmClientFactory FactoryFrom(Dictionary<string, string?> values)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection().AddLlmAdapters(configuration);
        return services.BuildServiceProvider().GetRequiredService<LlmClientFactory>();
    }

    // A caller-owned client whose handler marks each request, so the server sees which HttpClient sent it.
    private static HttpClient CallerClient() => new(new MarkingHandler { InnerHandler = new SocketsHttpHandler() });

    private sealed class MarkingHandler : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.TryAddWithoutValidation(CallerClientHeader, "yes");
            return base.SendAsync(request, cancellationToken);
        }
    }
}
