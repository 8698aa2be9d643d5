using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.AI;

/// <summary>Adds <see cref="DistributedCachingChatClient"/> to a <see cref="ChatClientBuilder"/>.</summary>
public static class DistributedCachingChatClientBuilderExtensions
{
    /// <summary>Adds response caching in an <see cref="IDistributedCache"/> to the pipeline.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="storage">The cache; resolved (required) from the build's services when null.</param>
    /// <param name="configure">Adjusts the new client, for example its key values.</param>
    /// <returns>The builder.</returns>
    public static ChatClientBuilder UseDistributedCache(this ChatClientBuilder builder, IDistributedCache? storage = null, Action<DistributedCachingChatClient>? configure = null)
    {
        _ = Throw.IfNull(builder);
        return builder.Use((innerClient, services) =>
        {
            storage ??= services.GetRequiredService<IDistributedCache>();
            var client = new DistributedCachingChatClient(innerClient, storage);
            configure?.Invoke(client);
            return client;
        });
    }
}
