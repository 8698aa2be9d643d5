using System;

namespace LlmAdapters.Cohere;

/// <summary>Settings of a <see cref="CohereChatClient"/> or <see cref="CohereEmbeddingGenerator"/>.</summary>
/// <remarks>
/// <see cref="ProviderOptions.Endpoint"/> defaults to <c>https://api.cohere.com/</c> (the part before <c>v2/chat</c>).
/// <see cref="ProviderOptions.ApiKey"/> is sent as <c>Authorization: Bearer</c>; when unset, <c>COHERE_API_KEY</c> is read,
/// then <c>CO_API_KEY</c>. <see cref="ProviderOptions.DefaultModelId"/> is a chat model such as <c>command-a-03-2025</c> for
/// <see cref="CohereChatClient"/>, an embedding model such as <c>embed-v4.0</c> for <see cref="CohereEmbeddingGenerator"/>.
/// </remarks>
public sealed class CohereOptions : ProviderOptions
{
    /// <summary>Initializes a new instance with Cohere's public endpoint.</summary>
    public CohereOptions()
        : base(new Uri(CohereConstants.DefaultEndpoint))
    {
    }
}
