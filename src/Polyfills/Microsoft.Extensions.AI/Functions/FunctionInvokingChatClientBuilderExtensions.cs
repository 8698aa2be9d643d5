using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.AI;

/// <summary>Adds <see cref="FunctionInvokingChatClient"/> to a <see cref="ChatClientBuilder"/>.</summary>
public static class FunctionInvokingChatClientBuilderExtensions
{
    /// <summary>Adds automatic function invocation to the pipeline.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="loggerFactory">Creates the logger; resolved from the build's services when null.</param>
    /// <param name="configure">Adjusts the new client, for example its limits.</param>
    /// <returns>The builder.</returns>
    public static ChatClientBuilder UseFunctionInvocation(this ChatClientBuilder builder, ILoggerFactory? loggerFactory = null, Action<FunctionInvokingChatClient>? configure = null)
    {
        _ = Throw.IfNull(builder);
        return builder.Use((innerClient, services) =>
        {
            loggerFactory ??= services.GetService<ILoggerFactory>();
            var client = new FunctionInvokingChatClient(innerClient, loggerFactory, services);
            configure?.Invoke(client);
            return client;
        });
    }
}
