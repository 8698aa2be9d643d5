using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Middleware;

/// <summary>
/// The first-output rule of retries and fallbacks: a stream may still be repeated (or sent elsewhere) until it yields an
/// update carrying something a caller could have shown — text, reasoning, a tool call, data or any other non-usage
/// content. Updates before that (a role-only <c>message_start</c>, Ollama's empty first line, Cohere's
/// <c>message-start</c>, finish reasons and usage on their own) are held back; if the attempt fails they are dropped with
/// it, so nothing reaches the caller twice. Once the first showable update arrives, the held updates are replayed in
/// order, then that update, then the rest of the inner stream as it comes.
/// </summary>
internal sealed class FirstOutputStream : IAsyncEnumerator<ChatResponseUpdate>
{
    private readonly IAsyncEnumerator<ChatResponseUpdate> _inner;
    private List<ChatResponseUpdate>? _held;
    private int _nextHeld;
    private bool _innerCurrentPending;
    private bool _innerEnded;
    private ChatResponseUpdate? _current;

    private FirstOutputStream(IAsyncEnumerator<ChatResponseUpdate> inner, List<ChatResponseUpdate> held, bool innerEnded)
    {
        _inner = inner;
        _held = held;
        _innerCurrentPending = !innerEnded;
        _innerEnded = innerEnded;
    }

    /// <inheritdoc />
    public ChatResponseUpdate Current => _current!;

    /// <summary>Whether an update shows the caller something: any content except usage, empty text and empty reasoning.</summary>
    public static bool IsShowable(ChatResponseUpdate update)
    {
        var contents = update.Contents;
        for (var i = 0; i < contents.Count; i++)
        {
            if (contents[i] switch
            {
                UsageContent => false,
                TextContent text => !string.IsNullOrEmpty(text.Text),
                TextReasoningContent reasoning => !string.IsNullOrEmpty(reasoning.Text) || !string.IsNullOrEmpty(reasoning.ProtectedData),
                _ => true,
            })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Moves <paramref name="inner"/> until its first showable update (or its end), holding back what came before. The
    /// returned enumerator is <paramref name="inner"/> itself when nothing was held back; otherwise it replays the held
    /// updates first. Exceptions propagate; the caller disposes <paramref name="inner"/> then, with the held updates.
    /// </summary>
    /// <returns>The enumerator to continue with, and whether its <see cref="Current"/> holds the stream's first update;
    /// <c>First</c> is that update (where an origin stamp goes), or <see langword="null"/> for an empty stream.</returns>
    public static async ValueTask<(IAsyncEnumerator<ChatResponseUpdate> Stream, ChatResponseUpdate? First)> OpenAsync(IAsyncEnumerator<ChatResponseUpdate> inner)
    {
        List<ChatResponseUpdate>? held = null;
        while (await inner.MoveNextAsync())
        {
            var update = inner.Current;
            if (IsShowable(update))
            {
                if (held is null)
                {
                    return (inner, update);
                }

                var stream = new FirstOutputStream(inner, held, innerEnded: false);
                await stream.MoveNextAsync();
                return (stream, held[0]);
            }

            (held ??= []).Add(update);
        }

        if (held is null)
        {
            return (inner, null);
        }

        // The stream ended without showable output (an empty answer): what it sent is still the answer.
        var ended = new FirstOutputStream(inner, held, innerEnded: true);
        await ended.MoveNextAsync();
        return (ended, held[0]);
    }

    /// <inheritdoc />
    public ValueTask<bool> MoveNextAsync()
    {
        if (_held is { } held)
        {
            if (_nextHeld < held.Count)
            {
                _current = held[_nextHeld++];
                return new ValueTask<bool>(true);
            }

            _held = null;
        }

        if (_innerCurrentPending)
        {
            _innerCurrentPending = false;
            _current = _inner.Current;
            return new ValueTask<bool>(true);
        }

        if (_innerEnded)
        {
            _current = null;
            return new ValueTask<bool>(false);
        }

        var next = _inner.MoveNextAsync();
        return next.IsCompletedSuccessfully ? new ValueTask<bool>(Take(next.Result)) : AwaitAsync(next);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _held = null;
        _current = null;
        return _inner.DisposeAsync();
    }

    private bool Take(bool hasNext)
    {
        _current = hasNext ? _inner.Current : null;
        return hasNext;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> AwaitAsync(ValueTask<bool> pending) => Take(await pending);
}
