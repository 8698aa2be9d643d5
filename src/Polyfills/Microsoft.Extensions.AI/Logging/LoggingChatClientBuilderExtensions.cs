using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Microsoft.Extensions.AI;

/// <summary>Adds <see cref="LoggingChatClient"/> to a <see cref="ChatClientBuilder"/>.</summary>
public static class LoggingChatClientBuilderExtensions
{
    /// <summary>Adds request logging to the pipeline.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="loggerFactory">
    /// Creates the logger; resolved (required) from the build's services when null. With <see cref="NullLoggerFactory.Instance"/>
    /// nothing is added.
    /// </param>
    /// <param name="configure">Adjusts the new client.</param>
    /// <returns>The builder.</returns>
    public static ChatClientBuilder UseLogging(this ChatClientBuilder builder, ILoggerFactory? loggerFactory = null, Action<LoggingChatClient>? configure = null)
    {
        _ = Throw.IfNull(builder);
        return builder.Use((innerClient, services) =>
        {
            loggerFactory ??= services.GetRequiredService<ILoggerFactory>();
            if (loggerFactory == NullLoggerFactory.Instance)
            {
                return innerClient;
            }

            var client = new LoggingChatClient(innerClient, loggerFactory.CreateLogger<LoggingChatClient>());
            configure?.Invoke(client);
            return client;
        });
    }
}
