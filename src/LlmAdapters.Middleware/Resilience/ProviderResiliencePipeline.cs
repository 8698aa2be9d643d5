using System;
using System.Diagnostics.CodeAnalysis;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace LlmAdapters.Middleware;

/// <summary>Builds the Polly pipeline behind <see cref="ResilienceChatClient"/> and maps its failures to the Core
/// exception family.</summary>
internal sealed partial class ProviderResiliencePipeline
{
    private static readonly ResiliencePropertyKey<long> s_startKey = new("llmadapters.resilience.start");

    private readonly ResilienceOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Func<double> _random;
    private readonly ICircuitStateStore? _circuitStore;
    private readonly string _circuitKey;

    public ProviderResiliencePipeline(
        string provider, ResilienceOptions options, TimeProvider timeProvider, ILogger logger, Func<double>? random = null,
        ICircuitStateStore? circuitStore = null, string? circuitKey = null)
    {
        Provider = provider;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        _random = random ?? Random.Shared.NextDouble;
        _circuitStore = circuitStore;
        _circuitKey = circuitKey ?? provider;
        Pipeline = Build();
    }

    public string Provider { get; }

    public ResiliencePipeline Pipeline { get; }

    public TimeProvider TimeProvider => _timeProvider;

    public async Task<TResult> ExecuteAsync<TResult, TState>(Func<ResilienceContext, TState, ValueTask<TResult>> operation, TState state, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(continueOnCapturedContext: true, cancellationToken);
        context.Properties.Set(s_startKey, _timeProvider.GetTimestamp());
        try
        {
            return await Pipeline.ExecuteAsync(operation, context, state);
        }
        catch (TimeoutRejectedException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ProviderTimeoutException(
                $"No response from '{Provider}' within {ex.Timeout.TotalSeconds:0.###} s. Raise ResilienceOptions.AttemptTimeout or TotalTimeout, or check the provider's status.",
                new ProviderErrorDetails(Provider, IsRetryable: true),
                ex);
        }
        catch (BrokenCircuitException ex)
        {
            throw new CircuitOpenException(
                $"Calls to '{Provider}' are paused after repeated failures (circuit open). Retry later or add a fallback provider.",
                new ProviderErrorDetails(Provider, RetryAfter: ex.RetryAfter, IsRetryable: true),
                ex);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>Computes the wait before retry number <paramref name="attempt"/> (0-based): the provider's Retry-After
    /// exactly when it sent one, otherwise exponential backoff with optional jitter.</summary>
    internal TimeSpan ComputeDelay(int attempt, Exception? error)
    {
        if (error is ProviderException { RetryAfter: { } retryAfter })
        {
            return retryAfter < TimeSpan.Zero ? TimeSpan.Zero : retryAfter;
        }

        var backoff = MaxBackoff(attempt);
        return _options.UseJitter ? backoff * (0.5 + (_random() * 0.5)) : backoff;
    }

    private TimeSpan MaxBackoff(int attempt)
    {
        var ticks = _options.BaseDelay.Ticks * Math.Pow(2, Math.Min(attempt, 30));
        return ticks >= _options.MaxDelay.Ticks ? _options.MaxDelay : TimeSpan.FromTicks((long)ticks);
    }

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Polly validates strategy options by data annotations; SharedCircuitBreakerStrategyOptions declares none, so nothing it reflects over can be trimmed away.")]
    private ResiliencePipeline Build()
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = _timeProvider };
        if (_options.TotalTimeout is { } total)
        {
            builder.AddTimeout(total);
        }

        if (_options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = _options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Constant,
                Delay = TimeSpan.Zero,
                UseJitter = false,
                ShouldHandle = args => new ValueTask<bool>(ShouldRetry(args.Outcome.Exception, args.AttemptNumber, args.Context)),
                DelayGenerator = args => new ValueTask<TimeSpan?>(ComputeDelay(args.AttemptNumber, args.Outcome.Exception)),
                OnRetry = args =>
                {
                    LogRetry(_logger, Provider, args.AttemptNumber + 1, args.RetryDelay.TotalMilliseconds, args.Outcome.Exception?.GetType().Name ?? "none");
                    return default;
                },
            });
        }

        if (_options.UseCircuitBreaker && _circuitStore is not null)
        {
            // Shared state: every process using the store opens, probes and closes this circuit together.
            var settings = new CircuitSettings(_options.FailureRatio, _options.MinimumThroughput, _options.SamplingDuration, _options.BreakDuration);
            builder.AddStrategy(
                _ => new SharedCircuitBreakerStrategy(_circuitStore, _circuitKey, settings, IsProviderFailure, duration => LogCircuitOpened(_logger, Provider, duration.TotalSeconds)),
                new SharedCircuitBreakerStrategyOptions());
        }
        else if (_options.UseCircuitBreaker)
        {
            builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = _options.FailureRatio,
                MinimumThroughput = _options.MinimumThroughput,
                SamplingDuration = _options.SamplingDuration,
                BreakDuration = _options.BreakDuration,
                ShouldHandle = args => new ValueTask<bool>(IsProviderFailure(args.Outcome.Exception)),
                OnOpened = args =>
                {
                    LogCircuitOpened(_logger, Provider, args.BreakDuration.TotalSeconds);
                    return default;
                },
            });
        }

        if (_options.AttemptTimeout is { } attempt)
        {
            builder.AddTimeout(attempt);
        }

        return builder.Build();
    }

    private bool IsProviderFailure(Exception? error) => error is TimeoutRejectedException || (error is not null && _options.ShouldRetry(error));

    private bool ShouldRetry(Exception? error, int attempt, ResilienceContext context)
    {
        if (error is null or OperationCanceledException || !IsProviderFailure(error))
        {
            return false;
        }

        var retryAfter = (error as ProviderException)?.RetryAfter;
        if (retryAfter > _options.MaxRetryAfter)
        {
            LogRetryAfterTooLong(_logger, Provider, retryAfter.Value.TotalSeconds);
            return false;
        }

        // Do not start a wait that cannot end before the deadline: fail now with the provider's own error.
        if (_options.TotalTimeout is { } total && context.Properties.TryGetValue(s_startKey, out var start))
        {
            var wait = retryAfter ?? MaxBackoff(attempt) * (_options.UseJitter ? 0.5 : 1.0);
            if (_timeProvider.GetElapsedTime(start) + wait >= total)
            {
                return false;
            }
        }

        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Call to {Provider} failed ({Error}); retry {Attempt} in {DelayMs} ms.")]
    private static partial void LogRetry(ILogger logger, string provider, int attempt, double delayMs, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Provider} asked to wait {Seconds} s, longer than ResilienceOptions.MaxRetryAfter; not retrying.")]
    private static partial void LogRetryAfterTooLong(ILogger logger, string provider, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Circuit for {Provider} opened for {Seconds} s after repeated failures.")]
    private static partial void LogCircuitOpened(ILogger logger, string provider, double seconds);
}
