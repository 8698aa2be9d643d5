using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace LlmAdapters.Polyfills.Tests;

public sealed class ServiceCollectionRegistrationTests
{
    [Fact]
    public void AddChatClient_RegistersOneDescriptorAndResolvesBuiltPipeline()
    {
        var services = new ServiceCollection();
        var inner = new FakeChatClient();

        services.AddChatClient(inner).UseFunctionInvocation();

        var descriptor = Assert.Single(services);
        Assert.Equal(typeof(IChatClient), descriptor.ServiceType);
        Assert.Equal(ServiceLifetime.Singleton, descriptor.Lifetime);

        using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IChatClient>();
        Assert.IsType<FunctionInvokingChatClient>(client);
        Assert.Same(inner, client.GetService<FakeChatClient>());
        Assert.Same(client, provider.GetRequiredService<IChatClient>());
    }

    [Fact]
    public void AddChatClient_FactoryAndScopedLifetime_BuildsPerScopeWithContainerServices()
    {
        var services = new ServiceCollection();
        var inner = new FakeChatClient();
        services.AddSingleton(inner);
        services.AddChatClient(sp => sp.GetRequiredService<FakeChatClient>(), ServiceLifetime.Scoped);

        using var provider = services.BuildServiceProvider();
        using var scope1 = provider.CreateScope();
        using var scope2 = provider.CreateScope();

        Assert.Equal(ServiceLifetime.Scoped, services.Single(d => d.ServiceType == typeof(IChatClient)).Lifetime);
        Assert.Same(inner, scope1.ServiceProvider.GetRequiredService<IChatClient>());
        Assert.Same(scope1.ServiceProvider.GetRequiredService<IChatClient>(), scope1.ServiceProvider.GetRequiredService<IChatClient>());
    }

    [Fact]
    public async Task AddKeyedChatClient_ResolvesOnlyUnderItsKey()
    {
        var services = new ServiceCollection();
        ChatOptions? seen = null;
        var inner = new FakeChatClient
        {
            GetResponseAsyncCallback = (_, o, _) =>
            {
                seen = o;
                return Task.FromResult(new ChatResponse());
            },
        };

        services.AddKeyedChatClient("k", inner).ConfigureOptions(o => o.ModelId = "keyed");

        using var provider = services.BuildServiceProvider();
        Assert.Null(provider.GetService<IChatClient>());
        var client = provider.GetRequiredKeyedService<IChatClient>("k");
        Assert.IsType<ConfigureOptionsChatClient>(client);
        await client.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal("keyed", seen?.ModelId);
    }

    [Fact]
    public void AddChatClient_NullArguments_Throw()
    {
        Assert.Equal("serviceCollection", Assert.Throws<ArgumentNullException>(() => ((IServiceCollection)null!).AddChatClient(new FakeChatClient())).ParamName);
        Assert.Equal("innerClient", Assert.Throws<ArgumentNullException>(() => new ServiceCollection().AddChatClient((IChatClient)null!)).ParamName);
        Assert.Equal("innerClientFactory", Assert.Throws<ArgumentNullException>(() => new ServiceCollection().AddKeyedChatClient("k", (Func<IServiceProvider, IChatClient>)null!)).ParamName);
    }

    [Fact]
    public void AddEmbeddingGenerator_RegistersGenericAndNonGenericServicesResolvingToSameInstance()
    {
        var services = new ServiceCollection();
        var inner = new FakeEmbeddingGenerator();

        services.AddEmbeddingGenerator(inner);

        Assert.Equal(2, services.Count);
        using var provider = services.BuildServiceProvider();
        var generic = provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
        Assert.Same(inner, generic);
        Assert.Same(generic, provider.GetRequiredService<IEmbeddingGenerator>());
    }

    [Fact]
    public void AddKeyedEmbeddingGenerator_RegistersKeyedGenericAndNonGeneric()
    {
        var services = new ServiceCollection();
        var inner = new FakeEmbeddingGenerator();

        services.AddKeyedEmbeddingGenerator("e", inner, ServiceLifetime.Transient).ConfigureOptions(o => o.Dimensions = 2);

        Assert.All(services, d => Assert.Equal(ServiceLifetime.Transient, d.Lifetime));
        using var provider = services.BuildServiceProvider();
        Assert.Null(provider.GetService<IEmbeddingGenerator>());
        Assert.IsType<ConfigureOptionsEmbeddingGenerator<string, Embedding<float>>>(provider.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>("e"));
        Assert.IsType<ConfigureOptionsEmbeddingGenerator<string, Embedding<float>>>(provider.GetRequiredKeyedService<IEmbeddingGenerator>("e"));
    }
}
