using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Middleware;

/// <summary>
/// Bounds the wait for each update of an open stream: when the inner stream yields nothing for the idle time, it is
/// cancelled and the caller gets a retryable <see cref="ProviderTimeoutException"/>, keeping the updates already
/// received. Not retried here: the caller already has output from this attempt.
/// </summary>
/// <param name="inner">The open stream, positioned on its first update.</param>
/// <param name="cancellation">The attempt's cancellation, which the inner stream runs on.</param>
/// <param name="idle">The longest wait for one update.</param>
/// <param name="provider">The provider name, for the message.</param>
internal sealed class StreamIdleTimeout(IAsyncEnumerator<ChatResponseUpdate> inner, StreamCancellation cancellation, TimeSpan idle, string provider)
    : IAsyncEnumerator<ChatResponseUpdate>
{
    /// <inheritdoc />
    public ChatResponseUpdate Current => inner.Current;

    /// <inheritdoc />
    public ValueTask<bool> MoveNextAsync()
    {
        cancellation.CancelAfter(idle);
        ValueTask<bool> next;
        try
        {
            next = inner.MoveNextAsync();
        }
        catch (OperationCanceledException ex) when (cancellation.CancelledHere)
        {
            throw TimedOut(ex);
        }

        if (next.IsCompletedSuccessfully)
        {
            cancellation.CancelAfter(Timeout.InfiniteTimeSpan);
            return next;
        }

        return AwaitAsync(next);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => inner.DisposeAsync();

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> AwaitAsync(ValueTask<bool> pending)
    {
        try
        {
            return await pending;
        }
        catch (OperationCanceledException ex) when (cancellation.CancelledHere)
        {
            throw TimedOut(ex);
        }
        finally
        {
            cancellation.CancelAfter(Timeout.InfiniteTimeSpan);
        }
    }

    private ProviderTimeoutException TimedOut(OperationCanceledException inner) => new(
        string.Create(
            CultureInfo.InvariantCulture,
            $"'{provider}' sent nothing for {idle.TotalSeconds:0.###} s in the middle of the stream. The updates already received are kept; retry the request, or raise ResilienceOptions.StreamIdleTimeout."),
        new ProviderErrorDetails(provider, IsRetryable: true),
        inner);
}
