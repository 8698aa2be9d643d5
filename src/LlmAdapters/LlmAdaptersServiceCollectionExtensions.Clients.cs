using System;
using System.Collections.Generic;
using System.Linq;
using LlmAdapters;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <content>Named clients from one configuration section.</content>
public static partial class LlmAdaptersServiceCollectionExtensions
{
    private const string ClientsKey = nameof(LlmAdaptersOptions.Clients);
    private const string EmbeddingClientsKey = nameof(LlmAdaptersOptions.EmbeddingClients);

    /// <summary>
    /// Registers every client named under <c>LlmAdapters:Clients</c> as a keyed <see cref="IChatClient"/> and every one under
    /// <c>LlmAdapters:EmbeddingClients</c> as a keyed <c>IEmbeddingGenerator&lt;string, Embedding&lt;float&gt;&gt;</c>, the key being
    /// the name as written in configuration: <c>[FromKeyedServices("fast")] IChatClient</c>. Each client starts from
    /// <c>LlmAdapters:Providers:{provider}</c> and layers its own <c>ApiKey</c>, <c>Endpoint</c>, <c>Headers</c> … over it.
    /// </summary>
    /// <remarks>
    /// What configuration alone can tell is checked now, so it fails at start-up: a client without <c>Model</c>, a spec that is
    /// malformed or names an unknown provider (or one without embeddings), a value that does not convert, a key no client has
    /// (a typo). A missing API key or endpoint is reported when the client is first resolved, because keys may come from the
    /// environment or from options configured after this call; that error names the client's configuration path too.
    /// </remarks>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The application configuration (its <c>LlmAdapters</c> section is read).</param>
    /// <param name="lifetime">The lifetime of every client. <value>The default is <see cref="ServiceLifetime.Singleton"/>.</value></param>
    /// <returns>The clients' builders, to add middleware to all of them or to one.</returns>
    /// <exception cref="ProviderConfigurationException">No client is configured, or one is configured wrongly; the message names its
    /// configuration key and what to set.</exception>
    public static LlmClientsBuilder AddLlmClients(this IServiceCollection services, IConfiguration configuration, ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(LlmAdaptersOptions.SectionName);
        var chatSections = section.GetSection(ClientsKey).GetChildren().ToList();
        var embeddingSections = section.GetSection(EmbeddingClientsKey).GetChildren().ToList();
        if (chatSections.Count == 0 && embeddingSections.Count == 0)
        {
            throw new ProviderConfigurationException(
                "No clients configured: add LlmAdapters:Clients:{name}:Model (a chat client) or LlmAdapters:EmbeddingClients:{name}:Model " +
                "(an embedding generator), for example LlmAdapters:Clients:fast:Model = groq:llama-3.1-8b-instant.");
        }

        // Read everything before registering anything, so a bad client leaves the services untouched.
        foreach (var client in chatSections)
        {
            CheckClient<LlmChatClientSettings>(client, embeddings: false);
        }

        foreach (var client in embeddingSections)
        {
            CheckClient<LlmEmbeddingClientSettings>(client, embeddings: true);
        }

        services.AddLlmAdapters(configuration);
        var chat = new SortedDictionary<string, ChatClientBuilder>(StringComparer.OrdinalIgnoreCase);
        foreach (var client in chatSections)
        {
            var name = client.Key;
            var path = client.Path;
            chat[name] = services
                .AddKeyedChatClient(name, sp => CreateNamedChatClient(sp, name, path), lifetime)
                .Use((inner, sp) => WithRequestDefaults(inner, NamedSettings(sp, name, path, o => o.Clients)));
        }

        var embeddings = new SortedDictionary<string, EmbeddingGeneratorBuilder<string, Embedding<float>>>(StringComparer.OrdinalIgnoreCase);
        foreach (var client in embeddingSections)
        {
            var name = client.Key;
            var path = client.Path;
            embeddings[name] = services
                .AddKeyedEmbeddingGenerator(name, sp => CreateNamedEmbeddingGenerator(sp, name, path), lifetime)
                .Use((inner, sp) => WithRequestDefaults(inner, NamedSettings(sp, name, path, o => o.EmbeddingClients)));
        }

        return new LlmClientsBuilder(services, chat, embeddings);
    }

    private static void CheckClient<T>(IConfigurationSection client, bool embeddings)
        where T : LlmClientSettings, new()
    {
        if (client.Value is not null)
        {
            throw new ProviderConfigurationException(
                $"{client.Path} is a single value: write it as an object with a Model, for example {client.Path}:Model = {client.Value}.");
        }

        var settings = new T();
        try
        {
            client.Bind(settings, binder => binder.ErrorOnUnknownConfiguration = true);
        }
        catch (InvalidOperationException ex)
        {
            throw new ProviderConfigurationException(
                $"{client.Path} cannot be read: {ex.Message} Its keys are Model, ApiKey, Endpoint, ApiVersion, Project, Location, ResponseHeadersTimeout, StreamIdleTimeout, Headers:{{name}}" +
                (embeddings ? ", Dimensions." : ", Temperature, TopP, MaxOutputTokens."),
                ex);
        }

        CheckModel(settings, client.Path, embeddings);
    }

    private static string CheckModel(LlmClientSettings settings, string path, bool embeddings)
    {
        if (string.IsNullOrWhiteSpace(settings.Model))
        {
            throw new ProviderConfigurationException(
                $"{path}:Model is not set: set it to a provider:model spec such as " +
                (embeddings ? "openai:text-embedding-3-small." : "groq:llama-3.1-8b-instant or anthropic:claude-sonnet-4-5."));
        }

        return LlmClientFactory.CheckSpec(settings.Model, embeddings, out var cause) is { } error
            ? throw ConfigurationError($"{path}:Model is not a usable model spec: {error}", cause)
            : settings.Model;
    }

    /// <summary>The client's settings as the options system holds them when it is resolved (configuration plus any
    /// <c>Configure&lt;LlmAdaptersOptions&gt;</c> in code).</summary>
    private static T NamedSettings<T>(IServiceProvider services, string name, string path, Func<LlmAdaptersOptions, IDictionary<string, T>> clients)
        where T : LlmClientSettings
    {
        var options = services.GetRequiredService<IOptions<LlmAdaptersOptions>>().Value;
        return clients(options).TryGetValue(name, out var settings) && settings is not null
            ? settings
            : throw new ProviderConfigurationException($"{path} is no longer in the LlmAdapters options: set {path}:Model.");
    }

    private static IChatClient CreateNamedChatClient(IServiceProvider services, string name, string path)
    {
        var settings = NamedSettings(services, name, path, o => o.Clients);
        var spec = CheckModel(settings, path, embeddings: false);
        return Named(path, spec, () => services.GetRequiredService<LlmClientFactory>().CreateChatClient(spec, settings.ApplyTo));
    }

    private static IEmbeddingGenerator<string, Embedding<float>> CreateNamedEmbeddingGenerator(IServiceProvider services, string name, string path)
    {
        var settings = NamedSettings(services, name, path, o => o.EmbeddingClients);
        var spec = CheckModel(settings, path, embeddings: true);
        return Named(path, spec, () => services.GetRequiredService<LlmClientFactory>().CreateEmbeddingGenerator(spec, settings.ApplyTo));
    }

    // A missing key or endpoint is reported by the adapter in its own terms; say which client and which keys feed it.
    private static T Named<T>(string path, string spec, Func<T> create)
    {
        try
        {
            return create();
        }
        catch (ProviderConfigurationException ex)
        {
            var provider = LlmClientFactory.ResolveSpec(spec).Provider;
            throw new ProviderConfigurationException(
                $"{path} ({spec}) cannot be created: {ex.Message} In configuration its settings are {path}:ApiKey, :Endpoint … " +
                $"layered over LlmAdapters:Providers:{provider}:ApiKey, :Endpoint ….",
                ex);
        }
    }

    private static IChatClient WithRequestDefaults(IChatClient inner, LlmChatClientSettings settings) =>
        !settings.HasRequestDefaults
            ? inner
            : new ConfigureOptionsChatClient(inner, options =>
            {
                // Defaults only: a value the caller set wins.
                options.Temperature ??= settings.Temperature;
                options.TopP ??= settings.TopP;
                options.MaxOutputTokens ??= settings.MaxOutputTokens;
            });

    private static IEmbeddingGenerator<string, Embedding<float>> WithRequestDefaults(
        IEmbeddingGenerator<string, Embedding<float>> inner, LlmEmbeddingClientSettings settings) =>
        settings.Dimensions is not { } dimensions
            ? inner
            : new ConfigureOptionsEmbeddingGenerator<string, Embedding<float>>(inner, options => options.Dimensions ??= dimensions);
}
