namespace LlmAdapters.OpenAI;

/// <summary>
/// <c>ChatOptions.AdditionalProperties</c> keys for Chat Completions features that have no <c>ChatOptions</c> member,
/// and <c>ChatResponse.AdditionalProperties</c> keys for what the response carries beyond MEAI's model.
/// </summary>
public static class OpenAIPropertyKeys
{
    /// <summary>On <c>ChatOptions</c>: a <see cref="bool"/> asking for token log probabilities (<c>logprobs</c>).</summary>
    public const string Logprobs = "openai.logprobs";

    /// <summary>On <c>ChatOptions</c>: an <see cref="int"/> from 0 to 20, the alternatives per token (<c>top_logprobs</c>;
    /// implies <see cref="Logprobs"/>). On a non-streaming <c>ChatResponse</c>, <see cref="Logprobs"/> holds the returned
    /// <c>choices[0].logprobs</c> object as a <c>JsonElement</c>.</summary>
    public const string TopLogprobs = "openai.top_logprobs";

    /// <summary>On <c>ChatOptions</c>: a <see cref="string"/> <c>service_tier</c> (<c>auto</c>, <c>default</c>, <c>flex</c>, <c>priority</c>).
    /// On a non-streaming <c>ChatResponse</c>: the tier actually used.</summary>
    public const string ServiceTier = "openai.service_tier";

    /// <summary>On <c>ChatOptions</c>: a <see cref="string"/> <c>verbosity</c> (<c>low</c>, <c>medium</c>, <c>high</c>).</summary>
    public const string Verbosity = "openai.verbosity";

    /// <summary>On <c>ChatOptions</c>: a <see cref="string"/> <c>safety_identifier</c> (a hashed end-user id).</summary>
    public const string SafetyIdentifier = "openai.safety_identifier";

    /// <summary>On <c>ChatOptions</c>: a <see cref="bool"/> <c>store</c>.</summary>
    public const string Store = "openai.store";
}
