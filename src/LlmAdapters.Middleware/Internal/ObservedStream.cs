using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Middleware;

/// <summary>What a middleware does with a stream it only watches: each update as it passes, a failure of the inner
/// stream, and the end (once, completed or not).</summary>
internal abstract class StreamObserver
{
    /// <summary>Called for every update, before the caller sees it; may change the update.</summary>
    public virtual void OnUpdate(ChatResponseUpdate update)
    {
    }

    /// <summary>Called when moving the inner stream throws; the exception then propagates unchanged.</summary>
    public virtual void OnError(Exception error)
    {
    }

    /// <summary>Called once: when the inner stream ended (<paramref name="completed"/> true), or when the stream is
    /// disposed before that (after a failure, or when the caller stopped early).</summary>
    public virtual void OnEnd(bool completed)
    {
    }

    /// <summary>Adds the usage <paramref name="update"/> carries to <paramref name="usage"/> (created on the first one).</summary>
    /// <returns>Whether the update carried usage.</returns>
    protected static bool AddUsage(ChatResponseUpdate update, ref UsageDetails? usage)
    {
        var sawUsage = false;
        var contents = update.Contents;
        for (var i = 0; i < contents.Count; i++)
        {
            if (contents[i] is UsageContent { Details: { } details })
            {
                (usage ??= new UsageDetails()).Add(details);
                sawUsage = true;
            }
        }

        return sawUsage;
    }
}

/// <summary>
/// Passes an inner stream's updates through a <see cref="StreamObserver"/>. Unlike an async iterator around the inner
/// stream, it costs no state machine per update: an update that is already available is observed and returned
/// synchronously, and only an update the inner stream is still waiting for goes through a pooled continuation.
/// </summary>
/// <param name="inner">The inner enumerator.</param>
/// <param name="observer">Sees every update, the failure and the end.</param>
internal sealed class ObservedStream(IAsyncEnumerator<ChatResponseUpdate> inner, StreamObserver observer) : IAsyncEnumerator<ChatResponseUpdate>
{
    private bool _ended;

    /// <summary>Opens <paramref name="source"/> under <paramref name="observer"/> and waits for its first update. A failure to
    /// open ends the observer (not completed); a failure before the first update disposes the stream (which ends it).</summary>
    /// <param name="source">The inner stream.</param>
    /// <param name="observer">Sees every update, the failure and the end.</param>
    /// <param name="cancellationToken">Passed to the inner stream.</param>
    /// <returns>The opened stream and whether it has a first update.</returns>
    public static async ValueTask<OpenedStream> OpenAsync(IAsyncEnumerable<ChatResponseUpdate> source, StreamObserver observer, CancellationToken cancellationToken)
    {
        ObservedStream stream;
        try
        {
            stream = new ObservedStream(source.GetAsyncEnumerator(cancellationToken), observer);
        }
        catch
        {
            observer.OnEnd(completed: false);
            throw;
        }

        try
        {
            return new OpenedStream(stream, await stream.MoveNextAsync().ConfigureAwait(false));
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    public ChatResponseUpdate Current => inner.Current;

    /// <inheritdoc />
    public ValueTask<bool> MoveNextAsync()
    {
        if (_ended)
        {
            return new ValueTask<bool>(false);
        }

        ValueTask<bool> next;
        try
        {
            next = inner.MoveNextAsync();
        }
        catch (Exception ex)
        {
            observer.OnError(ex);
            throw;
        }

        return next.IsCompletedSuccessfully ? new ValueTask<bool>(Observe(next.Result)) : AwaitAsync(next);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            await inner.DisposeAsync();
        }
        finally
        {
            End(completed: false);
        }
    }

    private bool Observe(bool hasNext)
    {
        if (hasNext)
        {
            observer.OnUpdate(inner.Current);
        }
        else
        {
            End(completed: true);
        }

        return hasNext;
    }

    private void End(bool completed)
    {
        if (!_ended)
        {
            _ended = true;
            observer.OnEnd(completed);
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> AwaitAsync(ValueTask<bool> pending)
    {
        bool hasNext;
        try
        {
            hasNext = await pending;
        }
        catch (Exception ex)
        {
            observer.OnError(ex);
            throw;
        }

        return Observe(hasNext);
    }
}
