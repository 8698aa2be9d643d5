using Microsoft.Extensions.AI;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers an <see cref="IChatClient"/> pipeline in an <see cref="IServiceCollection"/>.</summary>
public static class ChatClientBuilderServiceCollectionExtensions
{
    /// <summary>Registers <see cref="IChatClient"/> built around <paramref name="innerClient"/>.</summary>
    /// <param name="serviceCollection">The services to add to.</param>
    /// <param name="innerClient">The client at the bottom of the pipeline.</param>
    /// <param name="lifetime">The lifetime of the registered client.</param>
    /// <returns>The builder, so middleware can be added after registering.</returns>
    public static ChatClientBuilder AddChatClient(this IServiceCollection serviceCollection, IChatClient innerClient, ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        _ = Throw.IfNull(serviceCollection);
        _ = Throw.IfNull(innerClient);
        return AddChatClient(serviceCollection, _ => innerClient, lifetime);
    }

    /// <summary>Registers <see cref="IChatClient"/> built around the client that <paramref name="innerClientFactory"/> creates.</summary>
    /// <param name="serviceCollection">The services to add to.</param>
    /// <param name="innerClientFactory">Creates the client at the bottom of the pipeline.</param>
    /// <param name="lifetime">The lifetime of the registered client.</param>
    /// <returns>The builder, so middleware can be added after registering.</returns>
    public static ChatClientBuilder AddChatClient(this IServiceCollection serviceCollection, Func<IServiceProvider, IChatClient> innerClientFactory, ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        _ = Throw.IfNull(serviceCollection);
        _ = Throw.IfNull(innerClientFactory);

        var builder = new ChatClientBuilder(innerClientFactory);
        serviceCollection.Add(new ServiceDescriptor(typeof(IChatClient), builder.Build, lifetime));
        return builder;
    }

    /// <summary>Registers a keyed <see cref="IChatClient"/> built around <paramref name="innerClient"/>.</summary>
    /// <param name="serviceCollection">The services to add to.</param>
    /// <param name="serviceKey">The service key.</param>
    /// <param name="innerClient">The client at the bottom of the pipeline.</param>
    /// <param name="lifetime">The lifetime of the registered client.</param>
    /// <returns>The builder, so middleware can be added after registering.</returns>
    public static ChatClientBuilder AddKeyedChatClient(this IServiceCollection serviceCollection, object? serviceKey, IChatClient innerClient, ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        _ = Throw.IfNull(serviceCollection);
        _ = Throw.IfNull(innerClient);
        return AddKeyedChatClient(serviceCollection, serviceKey, _ => innerClient, lifetime);
    }

    /// <summary>Registers a keyed <see cref="IChatClient"/> built around the client that <paramref name="innerClientFactory"/> creates.</summary>
    /// <param name="serviceCollection">The services to add to.</param>
    /// <param name="serviceKey">The service key.</param>
    /// <param name="innerClientFactory">Creates the client at the bottom of the pipeline.</param>
    /// <param name="lifetime">The lifetime of the registered client.</param>
    /// <returns>The builder, so middleware can be added after registering.</returns>
    public static ChatClientBuilder AddKeyedChatClient(this IServiceCollection serviceCollection, object? serviceKey, Func<IServiceProvider, IChatClient> innerClientFactory, ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        _ = Throw.IfNull(serviceCollection);
        _ = Throw.IfNull(innerClientFactory);

        var builder = new ChatClientBuilder(innerClientFactory);
        serviceCollection.Add(new ServiceDescriptor(typeof(IChatClient), serviceKey, (services, _) => builder.Build(services), lifetime));
        return builder;
    }
}
