using System;
using LlmAdapters.Middleware.Redis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Redis-backed shared state of the LlmAdapters middleware.</summary>
public static class RedisStateServiceCollectionExtensions
{
    /// <summary>Shares rate limits, budgets and circuit-breaker state through Redis: registers
    /// <see cref="LlmAdapters.Middleware.IRateLimitStore"/>, <see cref="LlmAdapters.Middleware.IBudgetStore"/> and
    /// <see cref="LlmAdapters.Middleware.ICircuitStateStore"/>, which <c>UseRateLimiting()</c>, <c>UseCostTracking()</c>
    /// and <c>UseResilience()</c> pick up from the service provider.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the connection (a connection string, or a registered <see cref="IConnectionMultiplexer"/>
    /// is used), the key prefix and the failure policy.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddLlmAdaptersRedisState(this IServiceCollection services, Action<RedisStateOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.TryAddSingleton(provider =>
        {
            var options = new RedisStateOptions();
            configure(options);
            options.Connection ??= options.ConnectionString is null ? provider.GetService<IConnectionMultiplexer>() : null;
            return new RedisStateConnection(options, provider.GetService<ILoggerFactory>()?.CreateLogger<RedisStateConnection>());
        });
        services.TryAddSingleton<LlmAdapters.Middleware.IRateLimitStore>(provider => new RedisRateLimitStore(provider.GetRequiredService<RedisStateConnection>()));
        services.TryAddSingleton<LlmAdapters.Middleware.IBudgetStore>(provider =>
            new RedisBudgetStore(provider.GetRequiredService<RedisStateConnection>(), provider.GetService<TimeProvider>()));
        services.TryAddSingleton<LlmAdapters.Middleware.ICircuitStateStore>(provider => new RedisCircuitStateStore(provider.GetRequiredService<RedisStateConnection>()));
        return services;
    }
}
