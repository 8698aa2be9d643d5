using System;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Middleware;

/// <summary>Service lookups and provider identity shared by the middleware.</summary>
internal static class PipelineServices
{
    public static T? Get<T>(this IServiceProvider? services)
        where T : class => services?.GetService(typeof(T)) as T;

    /// <summary>Gets the provider name the inner client reports, or <see langword="null"/>.</summary>
    public static string? ProviderName(IChatClient client) => client.GetService<ChatClientMetadata>()?.ProviderName;

    /// <summary>A short hash of the API key <paramref name="client"/> sends (the first 8 bytes of its SHA-256, in hex), or
    /// <c>none</c>: enough to tell credentials apart in shared-state keys without the key ever leaving the process.</summary>
    public static string CredentialHash(IChatClient client) =>
        client.GetService<ProviderOptions>()?.ApiKey is { } key
            ? Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)).AsSpan(0, 8))
            : "none";

    /// <summary>Reads a string option from <see cref="ChatOptions.AdditionalProperties"/>.</summary>
    public static string? GetString(ChatOptions? options, string key) =>
        options?.AdditionalProperties is { } props && props.TryGetValue(key, out var value) ? value as string : null;
}
