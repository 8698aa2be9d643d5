using LlmAdapters;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers <see cref="LlmClientFactory"/>, <see cref="IChatClient"/> and embedding generators resolved from
/// <c>provider:model</c> specs, with provider settings bound from the <c>LlmAdapters</c> configuration section.
/// </summary>
public static class LlmAdaptersServiceCollectionExtensions
{
    /// <summary>Registers <see cref="LlmClientFactory"/> (singleton) with settings bound from <paramref name="configuration"/>'s
    /// <c>LlmAdapters</c> section (<c>LlmAdapters:Providers:openai:ApiKey</c>, <c>…:Endpoint</c> …).</summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The application configuration (its <c>LlmAdapters</c> section is read).</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddLlmAdapters(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.Configure<LlmAdaptersOptions>(configuration.GetSection(LlmAdaptersOptions.SectionName));
        return services.AddLlmAdapters();
    }

    /// <summary>Registers <see cref="LlmClientFactory"/> (singleton); <paramref name="configure"/> adjusts its settings.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets provider keys, endpoints and default models in code.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddLlmAdapters(this IServiceCollection services, Action<LlmAdaptersOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<LlmAdaptersOptions>();
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.TryAddSingleton(sp => new LlmClientFactory(sp.GetRequiredService<IOptions<LlmAdaptersOptions>>().Value));
        return services;
    }

    /// <summary>Registers an <see cref="IChatClient"/> singleton for <paramref name="spec"/>, for example <c>openai:gpt-4.1</c>.</summary>
    /// <param name="services">The services.</param>
    /// <param name="spec">The <c>provider:model</c> spec. It is checked now, so a typo fails at start-up.</param>
    /// <param name="configure">Adjusts the provider's settings for this client.</param>
    /// <returns>The services.</returns>
    /// <exception cref="ArgumentException">The spec is malformed or names an unknown provider.</exception>
    public static IServiceCollection AddLlmChatClient(this IServiceCollection services, string spec, Action<LlmProviderSettings>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        LlmClientFactory.ResolveSpec(spec);
        services.AddLlmAdapters();
        services.AddSingleton(sp => sp.GetRequiredService<LlmClientFactory>().CreateChatClient(spec, configure));
        return services;
    }

    /// <summary>Registers an <see cref="IChatClient"/> singleton for the spec in <c>LlmAdapters:ChatModel</c>, with provider
    /// settings bound from the <c>LlmAdapters</c> section.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The application configuration.</param>
    /// <returns>The services.</returns>
    /// <exception cref="ProviderConfigurationException"><c>LlmAdapters:ChatModel</c> is not set.</exception>
    public static IServiceCollection AddLlmChatClient(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var spec = configuration.GetSection(LlmAdaptersOptions.SectionName)[nameof(LlmAdaptersOptions.ChatModel)]
            ?? throw new ProviderConfigurationException("No chat model configured: set LlmAdapters:ChatModel to a provider:model spec such as openai:gpt-4.1.");
        return services.AddLlmAdapters(configuration).AddLlmChatClient(spec);
    }

    /// <summary>Registers a keyed <see cref="IChatClient"/> singleton, so one application can hold several models.</summary>
    /// <param name="services">The services.</param>
    /// <param name="serviceKey">The key, for example <c>"fast"</c>.</param>
    /// <param name="spec">The <c>provider:model</c> spec.</param>
    /// <param name="configure">Adjusts the provider's settings for this client.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddKeyedLlmChatClient(this IServiceCollection services, object? serviceKey, string spec, Action<LlmProviderSettings>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        LlmClientFactory.ResolveSpec(spec);
        services.AddLlmAdapters();
        services.AddKeyedSingleton(serviceKey, (sp, _) => sp.GetRequiredService<LlmClientFactory>().CreateChatClient(spec, configure));
        return services;
    }

    /// <summary>Registers an <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> singleton for <paramref name="spec"/>,
    /// for example <c>openai:text-embedding-3-small</c>.</summary>
    /// <param name="services">The services.</param>
    /// <param name="spec">The spec; a provider name alone uses its default embedding model.</param>
    /// <param name="configure">Adjusts the provider's settings for this generator.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddLlmEmbeddingGenerator(this IServiceCollection services, string spec, Action<LlmProviderSettings>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(spec);
        services.AddLlmAdapters();
        services.AddSingleton(sp => sp.GetRequiredService<LlmClientFactory>().CreateEmbeddingGenerator(spec, configure));
        return services;
    }

    /// <summary>Registers an embedding generator singleton for the spec in <c>LlmAdapters:EmbeddingModel</c>.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The application configuration.</param>
    /// <returns>The services.</returns>
    /// <exception cref="ProviderConfigurationException"><c>LlmAdapters:EmbeddingModel</c> is not set.</exception>
    public static IServiceCollection AddLlmEmbeddingGenerator(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var spec = configuration.GetSection(LlmAdaptersOptions.SectionName)[nameof(LlmAdaptersOptions.EmbeddingModel)]
            ?? throw new ProviderConfigurationException("No embedding model configured: set LlmAdapters:EmbeddingModel to a provider:model spec such as openai:text-embedding-3-small.");
        return services.AddLlmAdapters(configuration).AddLlmEmbeddingGenerator(spec);
    }

    /// <summary>Registers a keyed embedding generator singleton.</summary>
    /// <param name="services">The services.</param>
    /// <param name="serviceKey">The key.</param>
    /// <param name="spec">The spec.</param>
    /// <param name="configure">Adjusts the provider's settings for this generator.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddKeyedLlmEmbeddingGenerator(this IServiceCollection services, object? serviceKey, string spec, Action<LlmProviderSettings>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(spec);
        services.AddLlmAdapters();
        services.AddKeyedSingleton(serviceKey, (sp, _) => sp.GetRequiredService<LlmClientFactory>().CreateEmbeddingGenerator(spec, configure));
        return services;
    }
}
