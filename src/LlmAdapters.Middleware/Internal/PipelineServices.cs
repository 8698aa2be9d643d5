using System;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Middleware;

/// <summary>Service lookups and provider identity shared by the middleware.</summary>
internal static class PipelineServices
{
    public static T? Get<T>(this IServiceProvider? services)
        where T : class => services?.GetService(typeof(T)) as T;

    /// <summary>Gets the provider name the inner client reports, or <see langword="null"/>.</summary>
    public static string? ProviderName(IChatClient client) => client.GetService<ChatClientMetadata>()?.ProviderName;

    /// <summary>Reads a string option from <see cref="ChatOptions.AdditionalProperties"/>.</summary>
    public static string? GetString(ChatOptions? options, string key) =>
        options?.AdditionalProperties is { } props && props.TryGetValue(key, out var value) ? value as string : null;
}
