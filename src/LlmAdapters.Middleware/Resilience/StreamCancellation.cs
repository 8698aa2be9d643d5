using System;
using System.Threading;

namespace LlmAdapters.Middleware;

/// <summary>
/// The cancellation of one streamed attempt: cancelled by the caller's token, by the attempt timeout while the stream
/// opens, and, once it is open, by <see cref="ResilienceOptions.StreamIdleTimeout"/> on the resilience clock. Disposed
/// with the stream.
/// </summary>
internal sealed class StreamCancellation : IDisposable
{
    private readonly CancellationTokenSource _source;
    private readonly CancellationTokenRegistration _caller;

    public StreamCancellation(TimeProvider timeProvider, CancellationToken callerToken)
    {
        _source = new CancellationTokenSource(Timeout.InfiniteTimeSpan, timeProvider);
        CallerToken = callerToken;
        _caller = callerToken.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), _source);
    }

    /// <summary>Gets the token the attempt's stream runs on.</summary>
    public CancellationToken Token => _source.Token;

    /// <summary>Gets the caller's own token.</summary>
    public CancellationToken CallerToken { get; }

    /// <summary>Gets a value indicating whether the stream was cancelled by this client rather than by the caller.</summary>
    public bool CancelledHere => _source.IsCancellationRequested && !CallerToken.IsCancellationRequested;

    public void Cancel() => _source.Cancel();

    public void CancelAfter(TimeSpan delay) => _source.CancelAfter(delay);

    public void Dispose()
    {
        _caller.Dispose();
        _source.Dispose();
    }
}
