using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Microsoft.Extensions.AI;

/// <summary>A middleware defined by delegates passed to <see cref="ChatClientBuilder.Use(Func{IEnumerable{ChatMessage}, ChatOptions?, Func{IEnumerable{ChatMessage}, ChatOptions?, CancellationToken, Task}, CancellationToken, Task})"/>.</summary>
internal sealed class AnonymousDelegatingChatClient : DelegatingChatClient
{
    private readonly Func<IEnumerable<ChatMessage>, ChatOptions?, IChatClient, CancellationToken, Task<ChatResponse>>? _getResponseFunc;
    private readonly Func<IEnumerable<ChatMessage>, ChatOptions?, IChatClient, CancellationToken, IAsyncEnumerable<ChatResponseUpdate>>? _getStreamingResponseFunc;
    private readonly Func<IEnumerable<ChatMessage>, ChatOptions?, Func<IEnumerable<ChatMessage>, ChatOptions?, CancellationToken, Task>, CancellationToken, Task>? _sharedFunc;

    public AnonymousDelegatingChatClient(
        IChatClient innerClient,
        Func<IEnumerable<ChatMessage>, ChatOptions?, Func<IEnumerable<ChatMessage>, ChatOptions?, CancellationToken, Task>, CancellationToken, Task> sharedFunc)
        : base(innerClient)
    {
        _sharedFunc = Throw.IfNull(sharedFunc);
    }

    public AnonymousDelegatingChatClient(
        IChatClient innerClient,
        Func<IEnumerable<ChatMessage>, ChatOptions?, IChatClient, CancellationToken, Task<ChatResponse>>? getResponseFunc,
        Func<IEnumerable<ChatMessage>, ChatOptions?, IChatClient, CancellationToken, IAsyncEnumerable<ChatResponseUpdate>>? getStreamingResponseFunc)
        : base(innerClient)
    {
        ThrowIfBothDelegatesNull(getResponseFunc, getStreamingResponseFunc);
        _getResponseFunc = getResponseFunc;
        _getStreamingResponseFunc = getStreamingResponseFunc;
    }

    internal static void ThrowIfBothDelegatesNull(object? getResponseFunc, object? getStreamingResponseFunc)
    {
        if (getResponseFunc is null && getStreamingResponseFunc is null)
        {
            throw new ArgumentNullException(nameof(getResponseFunc), $"At least one of the {nameof(getResponseFunc)} or {nameof(getStreamingResponseFunc)} delegates must be non-null.");
        }
    }

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNull(messages);

        if (_sharedFunc is not null)
        {
            ChatResponse? response = null;
            await _sharedFunc(messages, options, async (m, o, ct) => response = await InnerClient.GetResponseAsync(m, o, ct), cancellationToken);
            return response ?? throw new InvalidOperationException("The wrapper completed successfully without producing a ChatResponse.");
        }

        if (_getResponseFunc is not null)
        {
            return await _getResponseFunc(messages, options, InnerClient, cancellationToken);
        }

        return await _getStreamingResponseFunc!(messages, options, InnerClient, cancellationToken).ToChatResponseAsync(cancellationToken);
    }

    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNull(messages);

        if (_sharedFunc is not null)
        {
            return StreamThroughSharedFuncAsync(messages, options, cancellationToken);
        }

        if (_getStreamingResponseFunc is not null)
        {
            return _getStreamingResponseFunc(messages, options, InnerClient, cancellationToken);
        }

        return StreamFromNonStreamingAsync(messages, options, cancellationToken);
    }

    private async IAsyncEnumerable<ChatResponseUpdate> StreamFromNonStreamingAsync(IEnumerable<ChatMessage> messages, ChatOptions? options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var response = await _getResponseFunc!(messages, options, InnerClient, cancellationToken);
        foreach (var update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    private async IAsyncEnumerable<ChatResponseUpdate> StreamThroughSharedFuncAsync(IEnumerable<ChatMessage> messages, ChatOptions? options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // The shared delegate drives the inner stream from its own task; a one-slot channel hands each
        // update to the consumer, so the producer never runs more than one update ahead.
        var channel = Channel.CreateBounded<ChatResponseUpdate>(1);

        var producer = Task.Run(async () =>
        {
            Exception? error = null;
            try
            {
                await _sharedFunc!(messages, options, async (m, o, ct) =>
                {
                    await foreach (var update in InnerClient.GetStreamingResponseAsync(m, o, ct))
                    {
                        await channel.Writer.WriteAsync(update, ct);
                    }
                }, cancellationToken);
            }
            catch (Exception ex)
            {
                error = ex;
                throw;
            }
            finally
            {
                _ = channel.Writer.TryComplete(error);
            }
        }, cancellationToken);

        await foreach (var update in channel.Reader.ReadAllAsync(cancellationToken))
        {
            yield return update;
        }

        await producer;
    }
}
