using LlmAdapters.Http;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Providers;

/// <summary>
/// What the engine writes on every response and on the first update of every stream (the same on both paths), and on
/// generated embeddings: the model (the requested one when the provider reported none), the origin provider (read by
/// fallback and cost tracking), the provider's request id and the rate limits of the HTTP response.
/// </summary>
internal static class ResponseStamp
{
    public static void Apply(ChatResponse response, ProviderResponse http, string provider, string model)
    {
        response.ModelId ??= model;
        Apply(response.AdditionalProperties ??= [], http, provider);
        // Indexed: a foreach over the IList would box its enumerator on every response.
        var messages = response.Messages;
        for (var i = 0; i < messages.Count; i++)
        {
            (messages[i].AdditionalProperties ??= [])[AdditionalPropertyKeys.OriginProvider] = provider;
        }
    }

    public static void Apply(ChatResponseUpdate update, ProviderResponse http, string provider, string model)
    {
        update.ModelId ??= model;
        Apply(update.AdditionalProperties ??= [], http, provider);
    }

    /// <summary>Writes the origin provider, request id and rate limits of <paramref name="http"/> (embeddings use it directly).</summary>
    public static void Apply(AdditionalPropertiesDictionary properties, ProviderResponse http, string provider)
    {
        properties[AdditionalPropertyKeys.OriginProvider] = provider;
        if (http.RequestId is { } requestId)
        {
            properties[AdditionalPropertyKeys.RequestId] = requestId;
        }

        if (http.RateLimits is { } limits)
        {
            properties[AdditionalPropertyKeys.RateLimits] = limits;
        }
    }
}
