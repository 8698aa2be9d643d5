using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Threading;
using System.Threading.RateLimiting;
using System.Threading.Tasks;

namespace LlmAdapters.Middleware;

/// <summary>
/// A token bucket <see cref="RateLimiter"/> replenished by a <see cref="TimeProvider"/> timer. The built-in
/// <see cref="TokenBucketRateLimiter"/> measures elapsed time with the system stopwatch even when replenished by hand,
/// so it cannot follow an injected clock; this one can, which keeps waits exact and testable.
/// </summary>
internal sealed class ClockedTokenBucketRateLimiter : ReplenishingRateLimiter
{
    private readonly Lock _lock = new();
    private readonly LinkedList<Waiter> _queue = new();
    private readonly int _limit;
    private readonly int _perPeriod;
    private readonly int _queueLimit;
    private readonly TimeSpan _period;
    private readonly TimeProvider _timeProvider;
    private readonly ITimer _timer;
    private int _tokens;
    private int _queuedPermits;
    private long _successful;
    private long _failed;
    private long? _idleSince;
    private bool _disposed;

    public ClockedTokenBucketRateLimiter(int limit, int perPeriod, TimeSpan period, int queueLimit, TimeProvider timeProvider)
    {
        _limit = limit;
        _perPeriod = perPeriod;
        _period = period;
        _queueLimit = queueLimit;
        _timeProvider = timeProvider;
        _tokens = limit;
        _idleSince = timeProvider.GetTimestamp();
        _timer = timeProvider.CreateTimer(static s => ((ClockedTokenBucketRateLimiter)s!).TryReplenish(), this, period, period);
    }

    public override TimeSpan? IdleDuration
    {
        get
        {
            lock (_lock)
            {
                return _idleSince is { } since ? _timeProvider.GetElapsedTime(since) : null;
            }
        }
    }

    public override bool IsAutoReplenishing => true;

    public override TimeSpan ReplenishmentPeriod => _period;

    public override RateLimiterStatistics? GetStatistics()
    {
        lock (_lock)
        {
            return new RateLimiterStatistics
            {
                CurrentAvailablePermits = _tokens,
                CurrentQueuedCount = _queuedPermits,
                TotalSuccessfulLeases = _successful,
                TotalFailedLeases = _failed,
            };
        }
    }

    public override bool TryReplenish()
    {
        List<Waiter>? granted = null;
        lock (_lock)
        {
            if (_disposed)
            {
                return false;
            }

            _tokens = Math.Min(_limit, _tokens + _perPeriod);
            while (_queue.First is { } first && first.Value.Permits <= _tokens)
            {
                _queue.RemoveFirst();
                _tokens -= first.Value.Permits;
                _queuedPermits -= first.Value.Permits;
                _successful++;
                (granted ??= []).Add(first.Value);
            }

            if (_tokens == _limit && _queue.Count == 0)
            {
                _idleSince ??= _timeProvider.GetTimestamp();
            }
        }

        foreach (var waiter in granted ?? [])
        {
            waiter.Registration.Dispose();
            waiter.Completion.TrySetResult(Lease.Acquired);
        }

        return true;
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(permitCount, _limit);
        lock (_lock)
        {
            return TryTake(permitCount) ? Lease.Acquired : Failed(permitCount);
        }
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(permitCount, _limit);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            if (TryTake(permitCount))
            {
                return new ValueTask<RateLimitLease>(Lease.Acquired);
            }

            if (_disposed || _queuedPermits + permitCount > _queueLimit)
            {
                return new ValueTask<RateLimitLease>(Failed(permitCount));
            }

            var completion = new TaskCompletionSource<RateLimitLease>(TaskCreationOptions.RunContinuationsAsynchronously);
            var node = new LinkedListNode<Waiter>(default);
            var registration = cancellationToken.CanBeCanceled
                ? cancellationToken.Register(static s => { var (limiter, n) = ((ClockedTokenBucketRateLimiter, LinkedListNode<Waiter>))s!; limiter.Cancel(n); }, (this, node))
                : default;
            if (cancellationToken.IsCancellationRequested)
            {
                registration.Dispose();
                return ValueTask.FromCanceled<RateLimitLease>(cancellationToken);
            }

            node.Value = new Waiter(permitCount, completion, registration, cancellationToken);
            _queue.AddLast(node);
            _queuedPermits += permitCount;
            _idleSince = null;
            return new ValueTask<RateLimitLease>(completion.Task);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            List<Waiter> waiting;
            lock (_lock)
            {
                _disposed = true;
                waiting = [.. _queue];
                _queue.Clear();
                _queuedPermits = 0;
            }

            _timer.Dispose();
            foreach (var waiter in waiting)
            {
                waiter.Registration.Dispose();
                waiter.Completion.TrySetResult(new Lease(false, null));
            }
        }

        base.Dispose(disposing);
    }

    private bool TryTake(int permitCount)
    {
        if (_disposed || _queue.Count > 0 || _tokens < permitCount)
        {
            return false;
        }

        _tokens -= permitCount;
        _successful++;
        _idleSince = null;
        return true;
    }

    private Lease Failed(int permitCount)
    {
        _failed++;
        var missing = Math.Max(0, permitCount + _queuedPermits - _tokens);
        var periods = (missing + _perPeriod - 1) / _perPeriod;
        return new Lease(false, _period * Math.Max(1, periods));
    }

    private void Cancel(LinkedListNode<Waiter> node)
    {
        lock (_lock)
        {
            if (node.List is null)
            {
                return;
            }

            _queue.Remove(node);
            _queuedPermits -= node.Value.Permits;
        }

        node.Value.Completion.TrySetCanceled(node.Value.CancellationToken);
    }

    private readonly record struct Waiter(int Permits, TaskCompletionSource<RateLimitLease> Completion, CancellationTokenRegistration Registration, CancellationToken CancellationToken);

    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static Lease Acquired { get; } = new(true, null);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, [NotNullWhen(true)] out object? metadata)
        {
            if (retryAfter is { } after && metadataName == MetadataName.RetryAfter.Name)
            {
                metadata = after;
                return true;
            }

            metadata = null;
            return false;
        }
    }
}
