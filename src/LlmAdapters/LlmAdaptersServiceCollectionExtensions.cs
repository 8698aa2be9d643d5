using System;
using LlmAdapters;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers <see cref="LlmClientFactory"/>, <see cref="IChatClient"/> and embedding generators resolved from
/// <c>provider:model</c> specs, with provider settings bound from the <c>LlmAdapters</c> configuration section. Clients are
/// registered through Microsoft.Extensions.AI's own <c>AddChatClient</c> / <c>AddEmbeddingGenerator</c>, so each method returns
/// the builder those return and middleware chains on it:
/// <code>
/// services.AddLlmChatClient("openai:gpt-4.1-mini").UseFunctionInvocation().UseOpenTelemetry().UseCostTracking();
/// </code>
/// </summary>
public static partial class LlmAdaptersServiceCollectionExtensions
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

    /// <summary>Registers an <see cref="IChatClient"/> for <paramref name="spec"/>, for example <c>openai:gpt-4.1</c>, through
    /// <see cref="ChatClientBuilderServiceCollectionExtensions.AddChatClient(IServiceCollection, Func{IServiceProvider, IChatClient}, ServiceLifetime)"/>.</summary>
    /// <param name="services">The services.</param>
    /// <param name="spec">The <c>provider:model</c> spec. It is checked now, so a typo fails at start-up.</param>
    /// <param name="configure">Adjusts the provider's settings for this client.</param>
    /// <param name="lifetime">The service lifetime. <value>The default is <see cref="ServiceLifetime.Singleton"/>.</value> Any other
    /// lifetime creates a provider client, and its connection pool unless <see cref="LlmProviderSettings.HttpClient"/> is set,
    /// per scope or resolve.</param>
    /// <returns>The builder of the client's pipeline: add middleware with <c>.UseFunctionInvocation()</c>, <c>.UseXxx()</c> ….</returns>
    /// <exception cref="ArgumentException">The spec is malformed or names an unknown provider.</exception>
    public static ChatClientBuilder AddLlmChatClient(
        this IServiceCollection services,
        string spec,
        Action<LlmProviderSettings>? configure = null,
        ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        ArgumentNullException.ThrowIfNull(services);
        LlmClientFactory.ResolveSpec(spec);
        services.AddLlmAdapters();
        return services.AddChatClient(sp => sp.GetRequiredService<LlmClientFactory>().CreateChatClient(spec, configure), lifetime);
    }

    /// <summary>Registers an <see cref="IChatClient"/> for the spec in <c>LlmAdapters:ChatModel</c>, with provider settings bound
    /// from the <c>LlmAdapters</c> section.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The application configuration.</param>
    /// <param name="lifetime">The service lifetime. <value>The default is <see cref="ServiceLifetime.Singleton"/>.</value></param>
    /// <returns>The builder of the client's pipeline.</returns>
    /// <exception cref="ProviderConfigurationException"><c>LlmAdapters:ChatModel</c> is not set or is not a usable spec.</exception>
    public static ChatClientBuilder AddLlmChatClient(this IServiceCollection services, IConfiguration configuration, ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var spec = RequiredSpec(
            configuration.GetSection(LlmAdaptersOptions.SectionName).GetSection(nameof(LlmAdaptersOptions.ChatModel)),
            embeddings: false,
            "No chat model configured: set LlmAdapters:ChatModel to a provider:model spec such as openai:gpt-4.1.");
        return services.AddLlmAdapters(configuration).AddLlmChatClient(spec, configure: null, lifetime);
    }

    /// <summary>Registers a keyed <see cref="IChatClient"/>, so one application can hold several models, through
    /// <see cref="ChatClientBuilderServiceCollectionExtensions.AddKeyedChatClient(IServiceCollection, object, Func{IServiceProvider, IChatClient}, ServiceLifetime)"/>.
    /// Resolve it with <c>[FromKeyedServices("fast")] IChatClient</c> or <c>GetRequiredKeyedService&lt;IChatClient&gt;("fast")</c>.</summary>
    /// <param name="services">The services.</param>
    /// <param name="serviceKey">The key, for example <c>"fast"</c>.</param>
    /// <param name="spec">The <c>provider:model</c> spec. It is checked now, so a typo fails at start-up.</param>
    /// <param name="configure">Adjusts the provider's settings for this client.</param>
    /// <param name="lifetime">The service lifetime. <value>The default is <see cref="ServiceLifetime.Singleton"/>.</value></param>
    /// <returns>The builder of the client's pipeline.</returns>
    /// <exception cref="ArgumentException">The spec is malformed or names an unknown provider.</exception>
    public static ChatClientBuilder AddKeyedLlmChatClient(
        this IServiceCollection services,
        object? serviceKey,
        string spec,
        Action<LlmProviderSettings>? configure = null,
        ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        ArgumentNullException.ThrowIfNull(services);
        LlmClientFactory.ResolveSpec(spec);
        services.AddLlmAdapters();
        return services.AddKeyedChatClient(serviceKey, sp => sp.GetRequiredService<LlmClientFactory>().CreateChatClient(spec, configure), lifetime);
    }

    /// <summary>Registers an <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> for <paramref name="spec"/>, for example
    /// <c>openai:text-embedding-3-small</c>, through Microsoft.Extensions.AI's <c>AddEmbeddingGenerator</c>.</summary>
    /// <param name="services">The services.</param>
    /// <param name="spec">The spec; a provider name alone uses its default embedding model. It is checked now.</param>
    /// <param name="configure">Adjusts the provider's settings for this generator.</param>
    /// <param name="lifetime">The service lifetime. <value>The default is <see cref="ServiceLifetime.Singleton"/>.</value></param>
    /// <returns>The builder of the generator's pipeline: add middleware with <c>.UseOpenTelemetry()</c>, <c>.UseDistributedCache()</c> ….</returns>
    /// <exception cref="ArgumentException">The spec is malformed, names an unknown provider, or a provider without embeddings.</exception>
    public static EmbeddingGeneratorBuilder<string, Embedding<float>> AddLlmEmbeddingGenerator(
        this IServiceCollection services,
        string spec,
        Action<LlmProviderSettings>? configure = null,
        ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        ArgumentNullException.ThrowIfNull(services);
        LlmClientFactory.ResolveEmbeddingSpec(spec);
        services.AddLlmAdapters();
        return services.AddEmbeddingGenerator(sp => sp.GetRequiredService<LlmClientFactory>().CreateEmbeddingGenerator(spec, configure), lifetime);
    }

    /// <summary>Registers an embedding generator for the spec in <c>LlmAdapters:EmbeddingModel</c>.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The application configuration.</param>
    /// <param name="lifetime">The service lifetime. <value>The default is <see cref="ServiceLifetime.Singleton"/>.</value></param>
    /// <returns>The builder of the generator's pipeline.</returns>
    /// <exception cref="ProviderConfigurationException"><c>LlmAdapters:EmbeddingModel</c> is not set or is not a usable spec.</exception>
    public static EmbeddingGeneratorBuilder<string, Embedding<float>> AddLlmEmbeddingGenerator(
        this IServiceCollection services,
        IConfiguration configuration,
        ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var spec = RequiredSpec(
            configuration.GetSection(LlmAdaptersOptions.SectionName).GetSection(nameof(LlmAdaptersOptions.EmbeddingModel)),
            embeddings: true,
            "No embedding model configured: set LlmAdapters:EmbeddingModel to a provider:model spec such as openai:text-embedding-3-small.");
        return services.AddLlmAdapters(configuration).AddLlmEmbeddingGenerator(spec, configure: null, lifetime);
    }

    /// <summary>Registers a keyed embedding generator through Microsoft.Extensions.AI's <c>AddKeyedEmbeddingGenerator</c>.</summary>
    /// <param name="services">The services.</param>
    /// <param name="serviceKey">The key.</param>
    /// <param name="spec">The spec. It is checked now.</param>
    /// <param name="configure">Adjusts the provider's settings for this generator.</param>
    /// <param name="lifetime">The service lifetime. <value>The default is <see cref="ServiceLifetime.Singleton"/>.</value></param>
    /// <returns>The builder of the generator's pipeline.</returns>
    /// <exception cref="ArgumentException">The spec is malformed, names an unknown provider, or a provider without embeddings.</exception>
    public static EmbeddingGeneratorBuilder<string, Embedding<float>> AddKeyedLlmEmbeddingGenerator(
        this IServiceCollection services,
        object? serviceKey,
        string spec,
        Action<LlmProviderSettings>? configure = null,
        ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        ArgumentNullException.ThrowIfNull(services);
        LlmClientFactory.ResolveEmbeddingSpec(spec);
        services.AddLlmAdapters();
        return services.AddKeyedEmbeddingGenerator(
            serviceKey, sp => sp.GetRequiredService<LlmClientFactory>().CreateEmbeddingGenerator(spec, configure), lifetime);
    }

    /// <summary>Reads a spec from configuration: missing or unusable is a <see cref="ProviderConfigurationException"/> naming the key.</summary>
    private static string RequiredSpec(IConfigurationSection key, bool embeddings, string whenMissing)
    {
        var spec = key.Value;
        if (string.IsNullOrWhiteSpace(spec))
        {
            throw new ProviderConfigurationException(whenMissing);
        }

        return LlmClientFactory.CheckSpec(spec, embeddings, out var cause) is { } error
            ? throw ConfigurationError($"{key.Path} is not a usable model spec: {error}", cause)
            : spec;
    }

    private static ProviderConfigurationException ConfigurationError(string message, Exception? cause) =>
        cause is null ? new ProviderConfigurationException(message) : new ProviderConfigurationException(message, cause);
}
