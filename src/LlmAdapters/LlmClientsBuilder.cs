using System;
using System.Collections.Generic;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace LlmAdapters;

/// <summary>
/// The named clients registered by <c>AddLlmClients(configuration)</c>: one Microsoft.Extensions.AI builder per name, so
/// middleware can be added to every client or to one.
/// </summary>
/// <example>
/// <code>
/// services.AddLlmClients(builder.Configuration)
///     .ConfigureChatClients((name, client) => client.UseFunctionInvocation().UseOpenTelemetry())
///     .ChatClients["smart"].UseDistributedCache();
/// </code>
/// </example>
public sealed class LlmClientsBuilder
{
    internal LlmClientsBuilder(
        IServiceCollection services,
        IReadOnlyDictionary<string, ChatClientBuilder> chatClients,
        IReadOnlyDictionary<string, EmbeddingGeneratorBuilder<string, Embedding<float>>> embeddingGenerators)
    {
        Services = services;
        ChatClients = chatClients;
        EmbeddingGenerators = embeddingGenerators;
    }

    /// <summary>Gets the services the clients were registered in.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Gets the pipeline builder of each named chat client (<c>LlmAdapters:Clients:{name}</c>), by name
    /// (case-insensitive).</summary>
    public IReadOnlyDictionary<string, ChatClientBuilder> ChatClients { get; }

    /// <summary>Gets the pipeline builder of each named embedding generator (<c>LlmAdapters:EmbeddingClients:{name}</c>), by name
    /// (case-insensitive).</summary>
    public IReadOnlyDictionary<string, EmbeddingGeneratorBuilder<string, Embedding<float>>> EmbeddingGenerators { get; }

    /// <summary>Calls <paramref name="configure"/> with the name and builder of every named chat client, in name order.</summary>
    /// <param name="configure">Adds middleware, for example <c>(name, client) =&gt; client.UseFunctionInvocation()</c>.</param>
    /// <returns>This instance.</returns>
    public LlmClientsBuilder ConfigureChatClients(Action<string, ChatClientBuilder> configure)
    {
        Throw.IfNull(configure);
        foreach (var client in ChatClients)
        {
            configure(client.Key, client.Value);
        }

        return this;
    }

    /// <summary>Calls <paramref name="configure"/> with the name and builder of every named embedding generator, in name order.</summary>
    /// <param name="configure">Adds middleware, for example <c>(name, generator) =&gt; generator.UseOpenTelemetry()</c>.</param>
    /// <returns>This instance.</returns>
    public LlmClientsBuilder ConfigureEmbeddingGenerators(Action<string, EmbeddingGeneratorBuilder<string, Embedding<float>>> configure)
    {
        Throw.IfNull(configure);
        foreach (var generator in EmbeddingGenerators)
        {
            configure(generator.Key, generator.Value);
        }

        return this;
    }
}
