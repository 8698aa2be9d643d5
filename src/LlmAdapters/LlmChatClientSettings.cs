namespace LlmAdapters;

/// <summary>
/// A named chat client, bound from <c>LlmAdapters:Clients:{name}</c> and registered by <c>AddLlmClients(configuration)</c> as a
/// keyed <c>IChatClient</c>. Besides the model and provider overrides it may set request defaults, applied to every call that
/// does not set them itself.
/// </summary>
public sealed class LlmChatClientSettings : LlmClientSettings
{
    /// <summary>Gets or sets the temperature used when a call's <c>ChatOptions.Temperature</c> is not set.
    /// <value>The default is <see langword="null"/>: the provider's.</value></summary>
    public float? Temperature { get; set; }

    /// <summary>Gets or sets the nucleus-sampling probability used when a call's <c>ChatOptions.TopP</c> is not set.
    /// <value>The default is <see langword="null"/>: the provider's.</value></summary>
    public float? TopP { get; set; }

    /// <summary>Gets or sets the output-token limit used when a call's <c>ChatOptions.MaxOutputTokens</c> is not set.
    /// <value>The default is <see langword="null"/>: the adapter's.</value></summary>
    public int? MaxOutputTokens { get; set; }

    /// <summary>Gets a value indicating whether any request default is set.</summary>
    internal bool HasRequestDefaults => Temperature is not null || TopP is not null || MaxOutputTokens is not null;
}
