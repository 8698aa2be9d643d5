using Microsoft.Extensions.Time.Testing;

namespace LlmAdapters.Middleware.Tests;

/// <summary>
/// The real <see cref="FakeTimeProvider"/>, plus the one thing it does not offer: waiting until the code under test
/// has armed a timer. A retry back-off or a rate-limit wait arms its timer on another thread after the call fails;
/// advancing the clock before that would leave the timer due relative to the later time and the test would hang.
/// Timers are still created, scheduled and fired by the real provider; this class only watches them.
/// </summary>
internal sealed class TimerAwareFakeTimeProvider : FakeTimeProvider
{
    private readonly Lock _lock = new();
    private readonly HashSet<WatchedTimer> _armed = [];
    private TaskCompletionSource _armedChanged = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TimerAwareFakeTimeProvider()
        : base(TestClock.Start)
    {
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new WatchedTimer(this, callback, state);
        timer.Schedule(dueTime, period, () => timer.Inner = base.CreateTimer(static s => ((WatchedTimer)s!).Fire(), timer, dueTime, period));
        return timer;
    }

    /// <summary>Waits, without moving time, until at least <paramref name="count"/> timers are armed.</summary>
    public async Task WaitForPendingTimersAsync(int count = 1)
    {
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                if (_armed.Count >= count)
                {
                    return;
                }

                changed = _armedChanged.Task;
            }

            // A hang guard only: the wait ends as soon as the code under test arms its timer.
            await changed.WaitAsync(TimeSpan.FromSeconds(10));
        }
    }

    private void SetArmed(WatchedTimer timer, bool armed)
    {
        TaskCompletionSource signal;
        lock (_lock)
        {
            if (armed)
            {
                _armed.Add(timer);
            }
            else
            {
                _armed.Remove(timer);
            }

            signal = _armedChanged;
            _armedChanged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        signal.TrySetResult();
    }

    private sealed class WatchedTimer(TimerAwareFakeTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        private readonly Lock _lock = new();
        private bool _periodic;
        private int _schedule;
        private int _firedSchedule = -1;

        public ITimer Inner { get; set; } = null!;

        /// <summary>
        /// Lets the real provider (re)schedule the timer, then counts it as armed. Counting it only afterwards matters:
        /// a test that saw it armed earlier could advance the clock before the real timer exists. A one-shot timer
        /// that already fired during the call (a zero due time) is not counted.
        /// </summary>
        public void Schedule(TimeSpan dueTime, TimeSpan period, Action apply)
        {
            int schedule;
            lock (_lock)
            {
                schedule = ++_schedule;
                _periodic = period != Timeout.InfiniteTimeSpan && period != TimeSpan.Zero;
            }

            apply();
            lock (_lock)
            {
                var fired = !_periodic && _firedSchedule >= schedule;
                owner.SetArmed(this, dueTime != Timeout.InfiniteTimeSpan && !fired);
            }
        }

        public void Fire()
        {
            lock (_lock)
            {
                _firedSchedule = _schedule;
                if (!_periodic)
                {
                    owner.SetArmed(this, false);
                }
            }

            callback(state);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            var changed = false;
            Schedule(dueTime, period, () => changed = Inner.Change(dueTime, period));
            return changed;
        }

        public void Dispose()
        {
            Inner.Dispose();
            owner.SetArmed(this, false);
        }

        public async ValueTask DisposeAsync()
        {
            await Inner.DisposeAsync();
            owner.SetArmed(this, false);
        }
    }
}
