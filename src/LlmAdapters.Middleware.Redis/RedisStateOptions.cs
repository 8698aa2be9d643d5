using System;
using StackExchange.Redis;

namespace LlmAdapters.Middleware.Redis;

/// <summary>Settings of the Redis-backed shared state (rate limits, budgets, circuit state).</summary>
public sealed class RedisStateOptions
{
    /// <summary>Gets or sets the StackExchange.Redis configuration string (<c>host:port,password=…</c>). Used when no
    /// <see cref="IConnectionMultiplexer"/> is registered and <see cref="Connection"/> is not set.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? ConnectionString { get; set; }

    /// <summary>Gets or sets a connection to use instead of <see cref="ConnectionString"/>; it is not disposed by the stores.</summary>
    /// <value>The default is <see langword="null"/> (a registered <see cref="IConnectionMultiplexer"/>, else one made from
    /// <see cref="ConnectionString"/>).</value>
    public IConnectionMultiplexer? Connection { get; set; }

    /// <summary>Gets or sets the prefix of every key written, so several services (or environments) can share a server.</summary>
    /// <value>The default is <c>llmadapters</c>.</value>
    public string KeyPrefix { get; set; } = "llmadapters";

    /// <summary>Gets or sets what happens when Redis cannot be reached.</summary>
    /// <value>The default is <see cref="SharedStateFailurePolicy.FailOpen"/>: calls go on under no shared limit (each
    /// failure logged as a warning and counted in the <c>llmadapters.shared_state.unavailable</c> metric) rather than an
    /// outage of the state store becoming an outage of the service.</value>
    public SharedStateFailurePolicy FailurePolicy { get; set; } = SharedStateFailurePolicy.FailOpen;

    /// <summary>Gets or sets how long a budget reservation is held when its call never settles (the process died); after
    /// that it no longer counts against the budget.</summary>
    /// <value>The default is 10 minutes.</value>
    public TimeSpan ReservationTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Gets or sets how long Total budgets (which have no period end) keep their spending after the last call.</summary>
    /// <value>The default is 400 days.</value>
    public TimeSpan TotalBudgetRetention { get; set; } = TimeSpan.FromDays(400);
}

/// <summary>What the shared state does when its store cannot be reached.</summary>
public enum SharedStateFailurePolicy
{
    /// <summary>Let calls through without the shared limits, with a warning log and a metric per failure.</summary>
    FailOpen,

    /// <summary>Refuse calls with <see cref="SharedStateUnavailableException"/> until the store is back.</summary>
    FailClosed,
}
