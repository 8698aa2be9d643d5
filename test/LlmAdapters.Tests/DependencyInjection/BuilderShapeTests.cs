using System.Text.Json.Nodes;
using LlmAdapters.Middleware;
using LlmAdapters.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace LlmAdapters.Tests.DependencyInjection;

/// <summary>The registration methods return Microsoft.Extensions.AI's own builders, so middleware chains as it does on AddChatClient.</summary>
public sealed class BuilderShapeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AddLlmChatClient_UseFunctionInvocation_RunsAToolCallEndToEnd()
    {
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        emulator.Enqueue(
            ScriptedReply.ToolCalls(("call_1", "get_temperature", """{"city":"Paris"}""")),
            ScriptedReply.Text("It is 21 degrees in Paris."));
        var services = new ServiceCollection();
        services.AddLlmChatClient("openai:gpt-4.1-mini", s =>
        {
            s.ApiKey = "k";
            s.Endpoint = emulator.Url("v1/");
        }).UseFunctionInvocation();
        await using var provider = services.BuildServiceProvider();
        var cities = new List<string>();
        var tool = AIFunctionFactory.Create(
            (string city) =>
            {
                cities.Add(city);
                return 21;
            },
            "get_temperature");

        var client = provider.GetRequiredService<IChatClient>();
        var response = await client.GetResponseAsync("How warm is Paris?", new ChatOptions { Tools = [tool] }, Ct);

        Assert.NotNull(client.GetService<FunctionInvokingChatClient>());
        Assert.Equal("It is 21 degrees in Paris.", response.Text);
        Assert.Equal(["Paris"], cities);
        Assert.Equal(2, emulator.Requests.Count);
        var toolMessage = emulator.Requests[1].Json?["messages"]?.AsArray()[^1];
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"role":"tool","content":"21","tool_call_id":"call_1"}"""), toolMessage), toolMessage?.ToJsonString());
    }

    [Fact]
    public async Task AddLlmChatClient_ChainedMiddleware_EveryLayerIsInThePipeline()
    {
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        emulator.Enqueue(ScriptedReply.Text("layered").WithUsage(5, 2));
        var services = new ServiceCollection();
        services.AddLlmChatClient("anthropic:claude-haiku-4-5", s =>
            {
                s.ApiKey = "k";
                s.Endpoint = emulator.BaseAddress;
            })
            .UseFunctionInvocation()
            .UseOpenTelemetry()
            .UseCostTracking();
        await using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<IChatClient>();
        var response = await client.GetResponseAsync("hi", cancellationToken: Ct);

        Assert.Equal("layered", response.Text);
        Assert.IsType<FunctionInvokingChatClient>(client);
        Assert.NotNull(client.GetService<OpenTelemetryChatClient>());
        Assert.NotNull(client.GetService<CostTrackingChatClient>());
        Assert.Equal("anthropic", client.GetService<ChatClientMetadata>()?.ProviderName);
        Assert.Equal("claude-haiku-4-5", client.GetService<ChatClientMetadata>()?.DefaultModelId);
    }

    [Fact]
    public void AddLlmChatClient_ScopedLifetime_OneClientPerScope()
    {
        var services = new ServiceCollection();
        services.AddLlmChatClient("openai:gpt-4.1", s => s.ApiKey = "k", ServiceLifetime.Scoped);
        using var provider = services.BuildServiceProvider(validateScopes: true);

        using var first = provider.CreateScope();
        using var second = provider.CreateScope();
        var a = first.ServiceProvider.GetRequiredService<IChatClient>();

        Assert.Equal(ServiceLifetime.Scoped, Assert.Single(services, d => d.ServiceType == typeof(IChatClient)).Lifetime);
        Assert.Same(a, first.ServiceProvider.GetRequiredService<IChatClient>());
        Assert.NotSame(a, second.ServiceProvider.GetRequiredService<IChatClient>());
    }

    [Fact]
    public void AddKeyedLlmChatClient_Builder_WrapsOnlyTheKeyedClient()
    {
        var services = new ServiceCollection();
        services.AddKeyedLlmChatClient("tools", "openai:gpt-4.1", s => s.ApiKey = "k").UseFunctionInvocation();
        services.AddKeyedLlmChatClient("plain", "openai:gpt-4.1-mini", s => s.ApiKey = "k");
        using var provider = services.BuildServiceProvider();

        var tools = provider.GetRequiredKeyedService<IChatClient>("tools");
        var plain = provider.GetRequiredKeyedService<IChatClient>("plain");

        Assert.IsType<FunctionInvokingChatClient>(tools);
        Assert.Equal("gpt-4.1", tools.GetService<ChatClientMetadata>()?.DefaultModelId);
        Assert.Null(plain.GetService<FunctionInvokingChatClient>());
        Assert.Equal("gpt-4.1-mini", plain.GetService<ChatClientMetadata>()?.DefaultModelId);
    }

    [Fact]
    public async Task AddLlmEmbeddingGenerator_Builder_ChainsMiddlewareAroundTheGenerator()
    {
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        var services = new ServiceCollection();
        services.AddLlmEmbeddingGenerator("openai:text-embedding-3-small", s =>
            {
                s.ApiKey = "k";
                s.Endpoint = emulator.Url("v1/");
            })
            .ConfigureOptions(o => o.Dimensions ??= 64)
            .UseOpenTelemetry();
        await using var provider = services.BuildServiceProvider();

        var generator = provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
        var embeddings = await generator.GenerateAsync(["alpha"], cancellationToken: Ct);

        Assert.Single(embeddings);
        Assert.NotNull(generator.GetService<OpenTelemetryEmbeddingGenerator<string, Embedding<float>>>());
        Assert.Equal("text-embedding-3-small", generator.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId);
        Assert.Equal(64, emulator.LastRequest.Json?["dimensions"]?.GetValue<int>());
    }

    [Fact]
    public void AddKeyedLlmEmbeddingGenerator_TransientLifetime_NewGeneratorPerResolve()
    {
        var services = new ServiceCollection();
        services.AddKeyedLlmEmbeddingGenerator("search", "openai", s => s.ApiKey = "k", ServiceLifetime.Transient).UseOpenTelemetry();
        using var provider = services.BuildServiceProvider();

        var first = provider.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>("search");
        var second = provider.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>("search");

        Assert.NotSame(first, second);
        Assert.NotNull(first.GetService<OpenTelemetryEmbeddingGenerator<string, Embedding<float>>>());
        Assert.Equal("text-embedding-3-small", first.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId);
    }
}
