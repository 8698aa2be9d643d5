using System;
using System.Threading;
using System.Threading.Tasks;

namespace LlmAdapters.Middleware;

/// <summary>
/// Where circuit-breaker state lives when it is shared: closed (failures counted over a sampling window), open until a
/// time, or half-open with exactly one probe in flight. Resilience uses it instead of its process-local breaker when one is
/// registered; <see cref="InMemoryCircuitStateStore"/> keeps it in one process, the Redis store in
/// <c>LlmAdapters.Middleware.Redis</c> shares it across processes (one probe fleet-wide).
/// </summary>
public interface ICircuitStateStore
{
    /// <summary>Asks whether an attempt may go to the provider.</summary>
    /// <param name="circuit">The circuit key (provider and endpoint).</param>
    /// <param name="settings">The breaker's thresholds.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The permit: allowed, allowed as the one probe, or refused with the time left.</returns>
    ValueTask<CircuitPermit> TryEnterAsync(string circuit, CircuitSettings settings, CancellationToken cancellationToken);

    /// <summary>Reports how an allowed attempt ended.</summary>
    /// <param name="circuit">The circuit key.</param>
    /// <param name="settings">The breaker's thresholds.</param>
    /// <param name="permit">The permit the attempt ran under.</param>
    /// <param name="outcome">How it ended.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="true"/> when this report opened the circuit.</returns>
    ValueTask<bool> ReportAsync(string circuit, CircuitSettings settings, CircuitPermit permit, CircuitOutcome outcome, CancellationToken cancellationToken);
}

/// <summary>The thresholds of a shared circuit breaker.</summary>
/// <param name="FailureRatio">The share of failed attempts within <paramref name="SamplingDuration"/> that opens the circuit.</param>
/// <param name="MinimumThroughput">The attempts that must be seen in the window before it may open.</param>
/// <param name="SamplingDuration">The window failures are counted over.</param>
/// <param name="BreakDuration">How long an open circuit refuses calls before one probe is let through.</param>
public sealed record CircuitSettings(double FailureRatio, int MinimumThroughput, TimeSpan SamplingDuration, TimeSpan BreakDuration);

/// <summary>The answer of <see cref="ICircuitStateStore.TryEnterAsync"/>.</summary>
/// <param name="Allowed">Whether the attempt may go.</param>
/// <param name="IsProbe">Whether it is the one probe of a half-open circuit.</param>
/// <param name="RetryAfter">When refused, how long until a probe may be let through.</param>
public readonly record struct CircuitPermit(bool Allowed, bool IsProbe, TimeSpan? RetryAfter);

/// <summary>How an attempt under a circuit ended.</summary>
public enum CircuitOutcome
{
    /// <summary>It succeeded (or failed in a way that says nothing about the provider's health).</summary>
    Success,

    /// <summary>It failed in a way the breaker counts.</summary>
    Failure,

    /// <summary>It was cancelled by the caller: not counted; a probe is released for another caller.</summary>
    Ignored,
}
