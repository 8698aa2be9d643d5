using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace LlmAdapters.Middleware.Redis;

/// <summary>
/// The connection, key naming and failure policy the Redis stores share. Every store call is one script (one round trip);
/// a failure to reach Redis is handled here, once: logged and counted, then either let through or refused.
/// </summary>
public sealed partial class RedisStateConnection : IAsyncDisposable
{
    private static readonly Meter s_meter = new("LlmAdapters.Middleware.Redis");
    private static readonly Counter<long> s_unavailable = s_meter.CreateCounter<long>(
        "llmadapters.shared_state.unavailable", unit: "{failure}", description: "Shared-state operations that could not reach Redis.");

    private readonly Lazy<Task<IConnectionMultiplexer>> _connection;
    private readonly bool _ownsConnection;
    private readonly ILogger _logger;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="options">The settings.</param>
    /// <param name="logger">Receives the warnings of <see cref="SharedStateFailurePolicy.FailOpen"/>.</param>
    public RedisStateConnection(RedisStateOptions options, ILogger? logger = null)
    {
        Options = options ?? throw new ArgumentNullException(nameof(options));
        _logger = logger ?? NullLogger.Instance;
        if (options.Connection is { } connection)
        {
            _connection = new(Task.FromResult(connection));
        }
        else
        {
            var text = options.ConnectionString ?? throw new ArgumentException(
                "Set RedisStateOptions.ConnectionString or Connection, or register an IConnectionMultiplexer.", nameof(options));
            var configuration = ConfigurationOptions.Parse(text);

            // Keep running when Redis is down at start, and fail commands at once while it is unreachable instead of
            // queueing them for the sync timeout: the failure policy then decides without a five-second stall.
            configuration.AbortOnConnectFail = false;
            configuration.BacklogPolicy = BacklogPolicy.FailFast;
            _connection = new(() => ConnectAsync(configuration));
            _ownsConnection = true;
        }
    }

    /// <summary>Gets the settings.</summary>
    public RedisStateOptions Options { get; }

    /// <summary>Gets the database the stores use.</summary>
    /// <returns>The database.</returns>
    public async ValueTask<IDatabase> GetDatabaseAsync() => (await _connection.Value).GetDatabase();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_ownsConnection && _connection.IsValueCreated && _connection.Value.IsCompletedSuccessfully)
        {
            await _connection.Value.Result.DisposeAsync();
        }
    }

    /// <summary>Builds a key under the prefix; the braces keep one object's keys in one cluster slot.</summary>
    internal string Key(string kind, string name, string? part = null) =>
        part is null ? $"{{{Options.KeyPrefix}:{kind}:{name}}}" : $"{{{Options.KeyPrefix}:{kind}:{name}}}:{part}";

    /// <summary>Runs one script, applying the failure policy when Redis cannot be reached.</summary>
    internal async ValueTask<RedisResult?> EvaluateAsync(string store, string script, RedisKey[] keys, RedisValue[] values, CommandFlags flags = CommandFlags.None)
    {
        try
        {
            var database = await GetDatabaseAsync();
            return await database.ScriptEvaluateAsync(script, keys, values, flags);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            s_unavailable.Add(1, new KeyValuePair<string, object?>("store", store), new KeyValuePair<string, object?>("policy", Options.FailurePolicy.ToString()));
            if (Options.FailurePolicy == SharedStateFailurePolicy.FailClosed)
            {
                throw new SharedStateUnavailableException(
                    $"The shared {store} state in Redis is unreachable ({ex.GetType().Name}) and the failure policy is FailClosed, so the call was not sent. Restore Redis or choose FailOpen.",
                    ex);
            }

            LogUnavailable(_logger, store, ex.GetType().Name);
            return null;
        }
    }

    private static async Task<IConnectionMultiplexer> ConnectAsync(ConfigurationOptions configuration) =>
        await ConnectionMultiplexer.ConnectAsync(configuration);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shared {Store} state in Redis is unreachable ({Error}); failing open: this call is not limited by the shared state.")]
    private static partial void LogUnavailable(ILogger logger, string store, string error);
}
