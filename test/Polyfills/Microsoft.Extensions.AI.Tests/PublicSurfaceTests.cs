using System.Reflection;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace LlmAdapters.Polyfills.Tests;

/// <summary>The shape user code depends on: which types may be subclassed and where the DI extensions live.</summary>
public sealed class PublicSurfaceTests
{
    [Theory]
    [InlineData(typeof(FunctionInvokingChatClient))]
    [InlineData(typeof(LoggingChatClient))]
    [InlineData(typeof(DistributedCachingChatClient))]
    [InlineData(typeof(CachingChatClient))]
    [InlineData(typeof(FunctionInvocationContext))]
    [InlineData(typeof(ChatResponse<>))]
    [InlineData(typeof(LoggingEmbeddingGenerator<,>))]
    [InlineData(typeof(DistributedCachingEmbeddingGenerator<,>))]
    public void Type_IsOpenForSubclassing(Type type) => Assert.False(type.IsSealed);

    [Theory]
    [InlineData(typeof(ChatClientBuilder))]
    [InlineData(typeof(EmbeddingGeneratorBuilder<,>))]
    [InlineData(typeof(OpenTelemetryChatClient))]
    [InlineData(typeof(OpenTelemetryEmbeddingGenerator<,>))]
    [InlineData(typeof(ConfigureOptionsChatClient))]
    [InlineData(typeof(ConfigureOptionsEmbeddingGenerator<,>))]
    [InlineData(typeof(FunctionInvokingChatClient.FunctionInvocationResult))]
    public void Type_IsSealed(Type type) => Assert.True(type.IsSealed);

    [Fact]
    public void AbstractCachingBases_AreAbstract()
    {
        Assert.True(typeof(CachingChatClient).IsAbstract);
        Assert.True(typeof(CachingEmbeddingGenerator<,>).IsAbstract);
    }

    [Fact]
    public void FunctionInvocationResult_HasNoPublicConstructor() =>
        Assert.Empty(typeof(FunctionInvokingChatClient.FunctionInvocationResult).GetConstructors(BindingFlags.Public | BindingFlags.Instance));

    [Fact]
    public void ServiceCollectionExtensions_LiveInDependencyInjectionNamespace()
    {
        Assert.Equal("Microsoft.Extensions.DependencyInjection", typeof(ChatClientBuilderServiceCollectionExtensions).Namespace);
        Assert.Equal("Microsoft.Extensions.DependencyInjection", typeof(EmbeddingGeneratorBuilderServiceCollectionExtensions).Namespace);
        Assert.Equal("Microsoft.Extensions.AI", typeof(FunctionInvokingChatClientBuilderExtensions).Namespace);
    }

    [Fact]
    public void FunctionInvokingChatClient_ExposesProtectedExtensionPoints()
    {
        var flags = BindingFlags.NonPublic | BindingFlags.Instance;
        Assert.True(typeof(FunctionInvokingChatClient).GetMethod("CreateResponseMessages", flags)!.IsVirtual);
        Assert.True(typeof(FunctionInvokingChatClient).GetMethod("InvokeFunctionAsync", flags)!.IsVirtual);
        Assert.True(typeof(FunctionInvokingChatClient).GetProperty("FunctionInvocationServices", flags)!.GetMethod!.IsFamily);
        Assert.True(typeof(FunctionInvokingChatClient).GetProperty(nameof(FunctionInvokingChatClient.CurrentContext))!.SetMethod!.IsFamily);
    }
}
