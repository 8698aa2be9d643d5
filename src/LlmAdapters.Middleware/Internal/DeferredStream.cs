using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Middleware;

/// <summary>What opening a stream produced: the inner enumerator, already moved to its first update, and what to
/// dispose with it.</summary>
/// <param name="Enumerator">The inner enumerator; <see cref="IAsyncEnumerator{T}.MoveNextAsync"/> was called once.</param>
/// <param name="HasFirst">Whether that first move produced an update.</param>
/// <param name="Resource">Disposed after the enumerator, or <see langword="null"/>.</param>
internal readonly record struct OpenedStream(IAsyncEnumerator<ChatResponseUpdate> Enumerator, bool HasFirst, IDisposable? Resource = null);

/// <summary>
/// A stream whose opening step (planning the request, retrying, waiting for the first update) runs on the first
/// <see cref="IAsyncEnumerator{T}.MoveNextAsync"/>, as an async iterator's body would; from then on every move goes
/// straight to the inner enumerator. A middleware that only decides how a stream is opened thus costs no iterator
/// state machine per update.
/// </summary>
/// <typeparam name="TState">What the opening step needs.</typeparam>
/// <param name="state">Passed to <paramref name="open"/>.</param>
/// <param name="open">Opens the inner stream on the token it is given; cleans up after itself when it throws.</param>
/// <param name="callToken">The token given with the call; combined with the enumerator's token like an
/// async iterator's <c>[EnumeratorCancellation]</c> parameter.</param>
internal sealed class DeferredStream<TState>(
    TState state, Func<TState, CancellationToken, ValueTask<OpenedStream>> open, CancellationToken callToken) : IAsyncEnumerable<ChatResponseUpdate>
{
    /// <inheritdoc />
    public IAsyncEnumerator<ChatResponseUpdate> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        CancellationTokenSource? linked = null;
        var token = callToken;
        if (cancellationToken.CanBeCanceled && cancellationToken != callToken)
        {
            if (callToken.CanBeCanceled)
            {
                linked = CancellationTokenSource.CreateLinkedTokenSource(callToken, cancellationToken);
                token = linked.Token;
            }
            else
            {
                token = cancellationToken;
            }
        }

        return new Enumerator(state, open, linked, token);
    }

    private sealed class Enumerator(
        TState state, Func<TState, CancellationToken, ValueTask<OpenedStream>> open, CancellationTokenSource? linked, CancellationToken token)
        : IAsyncEnumerator<ChatResponseUpdate>
    {
        private IAsyncEnumerator<ChatResponseUpdate>? _inner;
        private IDisposable? _resource;
        private bool _finished;

        public ChatResponseUpdate Current => _inner is { } inner ? inner.Current : default!;

        public ValueTask<bool> MoveNextAsync() =>
            _finished ? new ValueTask<bool>(false)
            : _inner is { } inner ? inner.MoveNextAsync()
            : OpenAsync();

        public async ValueTask DisposeAsync()
        {
            _finished = true;
            var inner = _inner;
            var resource = _resource;
            _resource = null;
            try
            {
                if (inner is not null)
                {
                    await inner.DisposeAsync();
                }
            }
            finally
            {
                resource?.Dispose();
                linked?.Dispose();
            }
        }

        private async ValueTask<bool> OpenAsync()
        {
            OpenedStream opened;
            try
            {
                opened = await open(state, token);
            }
            catch
            {
                _finished = true;
                throw;
            }

            _inner = opened.Enumerator;
            _resource = opened.Resource;
            _finished = !opened.HasFirst;
            return opened.HasFirst;
        }
    }
}
