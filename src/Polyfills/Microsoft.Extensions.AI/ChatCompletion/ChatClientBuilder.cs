namespace Microsoft.Extensions.AI;

/// <summary>Builds a pipeline of chat client middleware around an inner <see cref="IChatClient"/>.</summary>
public sealed class ChatClientBuilder
{
    private readonly Func<IServiceProvider, IChatClient> _innerClientFactory;
    private List<Func<IChatClient, IServiceProvider, IChatClient>>? _clientFactories;

    /// <summary>Initializes a new instance of the <see cref="ChatClientBuilder"/> class.</summary>
    /// <param name="innerClient">The client at the bottom of the pipeline; every <see cref="Build"/> reuses this instance.</param>
    public ChatClientBuilder(IChatClient innerClient)
    {
        _ = Throw.IfNull(innerClient);
        _innerClientFactory = _ => innerClient;
    }

    /// <summary>Initializes a new instance of the <see cref="ChatClientBuilder"/> class.</summary>
    /// <param name="innerClientFactory">Creates the client at the bottom of the pipeline from the build's services.</param>
    public ChatClientBuilder(Func<IServiceProvider, IChatClient> innerClientFactory)
    {
        _innerClientFactory = Throw.IfNull(innerClientFactory);
    }

    /// <summary>Creates the pipeline: the inner client wrapped by every registered middleware, first registered outermost.</summary>
    /// <param name="services">Services the factories may resolve dependencies from; an empty provider when null.</param>
    /// <returns>The outermost <see cref="IChatClient"/>.</returns>
    /// <exception cref="InvalidOperationException">A factory returned null.</exception>
    public IChatClient Build(IServiceProvider? services = null)
    {
        services ??= EmptyServiceProvider.Instance;
        var client = _innerClientFactory(services);

        if (_clientFactories is not null)
        {
            // Apply in reverse so that the first Use call ends up outermost.
            for (var i = _clientFactories.Count - 1; i >= 0; i--)
            {
                client = _clientFactories[i](client, services) ??
                    throw new InvalidOperationException(
                        $"The {nameof(ChatClientBuilder)} entry at index {i} returned null. " +
                        $"Ensure that the callbacks passed to {nameof(Use)} return non-null {nameof(IChatClient)} instances.");
            }
        }

        return client;
    }

    /// <summary>Adds a middleware factory to the pipeline.</summary>
    /// <param name="clientFactory">Wraps the client built so far.</param>
    /// <returns>This builder.</returns>
    public ChatClientBuilder Use(Func<IChatClient, IChatClient> clientFactory)
    {
        _ = Throw.IfNull(clientFactory);
        return Use((innerClient, _) => clientFactory(innerClient));
    }

    /// <summary>Adds a middleware factory that may resolve dependencies from the build's services.</summary>
    /// <param name="clientFactory">Wraps the client built so far.</param>
    /// <returns>This builder.</returns>
    public ChatClientBuilder Use(Func<IChatClient, IServiceProvider, IChatClient> clientFactory)
    {
        _ = Throw.IfNull(clientFactory);
        (_clientFactories ??= []).Add(clientFactory);
        return this;
    }

    /// <summary>
    /// Adds an anonymous middleware whose one delegate serves both streaming and non-streaming calls.
    /// The delegate receives a <c>next</c> callback that invokes the rest of the pipeline.
    /// </summary>
    /// <param name="sharedFunc">The middleware: (messages, options, next, cancellationToken).</param>
    /// <returns>This builder.</returns>
    public ChatClientBuilder Use(Func<IEnumerable<ChatMessage>, ChatOptions?, Func<IEnumerable<ChatMessage>, ChatOptions?, CancellationToken, Task>, CancellationToken, Task> sharedFunc)
    {
        _ = Throw.IfNull(sharedFunc);
        return Use((innerClient, _) => new AnonymousDelegatingChatClient(innerClient, sharedFunc));
    }

    /// <summary>
    /// Adds an anonymous middleware with separate non-streaming and streaming delegates. When only one is given,
    /// the other mode is derived from it.
    /// </summary>
    /// <param name="getResponseFunc">The non-streaming implementation, or null to derive it from the streaming one.</param>
    /// <param name="getStreamingResponseFunc">The streaming implementation, or null to derive it from the non-streaming one.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException">Both delegates are null.</exception>
    public ChatClientBuilder Use(
        Func<IEnumerable<ChatMessage>, ChatOptions?, IChatClient, CancellationToken, Task<ChatResponse>>? getResponseFunc,
        Func<IEnumerable<ChatMessage>, ChatOptions?, IChatClient, CancellationToken, IAsyncEnumerable<ChatResponseUpdate>>? getStreamingResponseFunc)
    {
        AnonymousDelegatingChatClient.ThrowIfBothDelegatesNull(getResponseFunc, getStreamingResponseFunc);
        return Use((innerClient, _) => new AnonymousDelegatingChatClient(innerClient, getResponseFunc, getStreamingResponseFunc));
    }
}
