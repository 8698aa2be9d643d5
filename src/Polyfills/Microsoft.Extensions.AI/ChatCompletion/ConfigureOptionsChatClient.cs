namespace Microsoft.Extensions.AI;

/// <summary>
/// A middleware that lets a callback adjust the <see cref="ChatOptions"/> of every request. The callback works on a
/// copy (or on new options when the caller passed none), so the caller's instance is never changed.
/// </summary>
public sealed class ConfigureOptionsChatClient : DelegatingChatClient
{
    private readonly Action<ChatOptions> _configureOptions;

    /// <summary>Initializes a new instance of the <see cref="ConfigureOptionsChatClient"/> class.</summary>
    /// <param name="innerClient">The client that receives the adjusted options.</param>
    /// <param name="configure">Adjusts the options of each request.</param>
    public ConfigureOptionsChatClient(IChatClient innerClient, Action<ChatOptions> configure)
        : base(innerClient)
    {
        _configureOptions = Throw.IfNull(configure);
    }

    /// <inheritdoc/>
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        await base.GetResponseAsync(messages, Configure(options), cancellationToken);

    /// <inheritdoc/>
    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        base.GetStreamingResponseAsync(messages, Configure(options), cancellationToken);

    private ChatOptions Configure(ChatOptions? options)
    {
        var configured = options?.Clone() ?? new ChatOptions();
        _configureOptions(configured);
        return configured;
    }
}
