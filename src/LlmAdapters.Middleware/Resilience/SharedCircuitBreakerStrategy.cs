using System;
using System.Threading;
using System.Threading.Tasks;
using Polly;
using Polly.CircuitBreaker;

namespace LlmAdapters.Middleware;

/// <summary>
/// A circuit breaker whose state lives in an <see cref="ICircuitStateStore"/>, so every process sharing the store opens,
/// probes and closes together. Placed where the process-local breaker would be (inside the retries, outside the attempt
/// timeout); a refused attempt fails with <see cref="BrokenCircuitException"/>, which the pipeline maps to
/// <see cref="CircuitOpenException"/> as before.
/// </summary>
internal sealed class SharedCircuitBreakerStrategy(
    ICircuitStateStore store, string circuit, CircuitSettings settings, Func<Exception, bool> isFailure, Action<TimeSpan> onOpened)
    : ResilienceStrategy
{
    protected override async ValueTask<Outcome<TResult>> ExecuteCore<TResult, TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback, ResilienceContext context, TState state)
    {
        var permit = await store.TryEnterAsync(circuit, settings, context.CancellationToken);
        if (!permit.Allowed)
        {
            return Outcome.FromException<TResult>(new BrokenCircuitException(permit.RetryAfter ?? settings.BreakDuration));
        }

        Outcome<TResult> outcome;
        try
        {
            outcome = await callback(context, state);
        }
        catch (Exception ex)
        {
            outcome = Outcome.FromException<TResult>(ex);
        }

        var result = outcome.Exception switch
        {
            null => CircuitOutcome.Success,
            OperationCanceledException when context.CancellationToken.IsCancellationRequested => CircuitOutcome.Ignored,
            var error when isFailure(error) => CircuitOutcome.Failure,
            _ => CircuitOutcome.Success,
        };

        // The report must not be lost to the caller's cancellation: the probe would otherwise stay taken until its lease ends.
        if (await store.ReportAsync(circuit, settings, permit, result, CancellationToken.None))
        {
            onOpened(settings.BreakDuration);
        }

        return outcome;
    }
}

/// <summary>The options Polly needs to add <see cref="SharedCircuitBreakerStrategy"/>; the settings travel in the strategy.</summary>
internal sealed class SharedCircuitBreakerStrategyOptions : ResilienceStrategyOptions
{
    public SharedCircuitBreakerStrategyOptions()
    {
        Name = "SharedCircuitBreaker";
    }
}
