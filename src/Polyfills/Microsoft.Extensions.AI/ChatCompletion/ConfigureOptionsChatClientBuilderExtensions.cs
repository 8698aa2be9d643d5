namespace Microsoft.Extensions.AI;

/// <summary>Adds <see cref="ConfigureOptionsChatClient"/> to a <see cref="ChatClientBuilder"/>.</summary>
public static class ConfigureOptionsChatClientBuilderExtensions
{
    /// <summary>Adds a middleware that runs <paramref name="configure"/> on a copy of every request's options.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Adjusts the options of each request.</param>
    /// <returns>The builder.</returns>
    public static ChatClientBuilder ConfigureOptions(this ChatClientBuilder builder, Action<ChatOptions> configure)
    {
        _ = Throw.IfNull(builder);
        _ = Throw.IfNull(configure);
        return builder.Use(innerClient => new ConfigureOptionsChatClient(innerClient, configure));
    }
}
