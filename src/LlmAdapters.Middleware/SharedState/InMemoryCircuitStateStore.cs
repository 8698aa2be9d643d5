using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace LlmAdapters.Middleware;

/// <summary>A process-local <see cref="ICircuitStateStore"/> with the same semantics as the distributed one.</summary>
public sealed class InMemoryCircuitStateStore : ICircuitStateStore
{
    private readonly Dictionary<string, Circuit> _circuits = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly TimeProvider _timeProvider;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    public InMemoryCircuitStateStore(TimeProvider? timeProvider = null)
    {
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public ValueTask<CircuitPermit> TryEnterAsync(string circuit, CircuitSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        ArgumentNullException.ThrowIfNull(settings);
        var now = _timeProvider.GetUtcNow();
        lock (_lock)
        {
            var state = Get(circuit);
            if (!state.Open)
            {
                return new(new CircuitPermit(true, false, null));
            }

            if (now < state.OpenUntil)
            {
                return new(new CircuitPermit(false, false, state.OpenUntil - now));
            }

            // Past the break: one probe at a time; the probe's lease ends after another break so a lost probe cannot
            // hold the circuit half-open for ever.
            if (state.ProbeUntil > now)
            {
                return new(new CircuitPermit(false, false, state.ProbeUntil - now));
            }

            state.ProbeUntil = now + settings.BreakDuration;
            return new(new CircuitPermit(true, true, null));
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> ReportAsync(string circuit, CircuitSettings settings, CircuitPermit permit, CircuitOutcome outcome, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        ArgumentNullException.ThrowIfNull(settings);
        var now = _timeProvider.GetUtcNow();
        lock (_lock)
        {
            var state = Get(circuit);
            if (permit.IsProbe)
            {
                state.ProbeUntil = DateTimeOffset.MinValue;
                switch (outcome)
                {
                    case CircuitOutcome.Success:
                        state.Close(now);
                        return new(false);
                    case CircuitOutcome.Failure:
                        state.OpenUntil = now + settings.BreakDuration;
                        return new(true);
                    default:
                        return new(false);
                }
            }

            if (state.Open || outcome == CircuitOutcome.Ignored)
            {
                return new(false);
            }

            if (now - state.WindowStart > settings.SamplingDuration)
            {
                state.WindowStart = now;
                state.Attempts = 0;
                state.Failures = 0;
            }

            state.Attempts++;
            if (outcome == CircuitOutcome.Failure)
            {
                state.Failures++;
            }

            if (state.Attempts >= settings.MinimumThroughput && state.Failures >= settings.FailureRatio * state.Attempts)
            {
                state.Open = true;
                state.OpenUntil = now + settings.BreakDuration;
                return new(true);
            }

            return new(false);
        }
    }

    private Circuit Get(string key)
    {
        if (!_circuits.TryGetValue(key, out var state))
        {
            _circuits[key] = state = new Circuit { WindowStart = _timeProvider.GetUtcNow() };
        }

        return state;
    }

    private sealed class Circuit
    {
        public bool Open { get; set; }

        public DateTimeOffset OpenUntil { get; set; }

        public DateTimeOffset ProbeUntil { get; set; } = DateTimeOffset.MinValue;

        public DateTimeOffset WindowStart { get; set; }

        public int Attempts { get; set; }

        public int Failures { get; set; }

        public void Close(DateTimeOffset now)
        {
            Open = false;
            WindowStart = now;
            Attempts = 0;
            Failures = 0;
        }
    }
}
