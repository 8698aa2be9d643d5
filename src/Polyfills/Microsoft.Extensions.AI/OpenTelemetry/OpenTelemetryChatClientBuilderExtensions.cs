using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.AI;

/// <summary>Adds <see cref="OpenTelemetryChatClient"/> to a <see cref="ChatClientBuilder"/>.</summary>
public static class OpenTelemetryChatClientBuilderExtensions
{
    /// <summary>Adds OpenTelemetry spans and metrics (GenAI semantic conventions) to the pipeline.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="loggerFactory">Creates the logger for failed requests; resolved from the build's services when null.</param>
    /// <param name="sourceName">The activity source and meter name; <c>Experimental.Microsoft.Extensions.AI</c> when null.</param>
    /// <param name="configure">Adjusts the new client, for example <see cref="OpenTelemetryChatClient.EnableSensitiveData"/>.</param>
    /// <returns>The builder.</returns>
    public static ChatClientBuilder UseOpenTelemetry(this ChatClientBuilder builder, ILoggerFactory? loggerFactory = null, string? sourceName = null, Action<OpenTelemetryChatClient>? configure = null)
    {
        _ = Throw.IfNull(builder);
        return builder.Use((innerClient, services) =>
        {
            loggerFactory ??= services.GetService<ILoggerFactory>();
            var client = new OpenTelemetryChatClient(innerClient, loggerFactory?.CreateLogger(typeof(OpenTelemetryChatClient)), sourceName);
            configure?.Invoke(client);
            return client;
        });
    }
}
