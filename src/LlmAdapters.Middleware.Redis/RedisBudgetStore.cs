using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace LlmAdapters.Middleware.Redis;

/// <summary>
/// An <see cref="IBudgetStore"/> in Redis, shared by every process: per budget key and period a hash of what was spent and
/// what calls in flight reserved (amounts in nano-USD), and a sorted set of reservation deadlines, so a reservation of a
/// process that died stops counting after <see cref="RedisStateOptions.ReservationTimeout"/>. A reservation checks and
/// takes every applicable budget in one atomic script; keys expire a day after their period ends.
/// </summary>
public sealed class RedisBudgetStore : IBudgetStore
{
    private const decimal NanosPerUsd = 1_000_000_000m;

    // KEYS: pairs (budget hash, its lease zset). ARGV: id, estimate, lease ms, then per budget: limit, ttl ms (0 none).
    private const string ReserveScript = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local est = tonumber(ARGV[2])
        local budgets = #KEYS / 2
        for i = 1, budgets do
          local key, leases = KEYS[2 * i - 1], KEYS[2 * i]
          local expired = redis.call('ZRANGEBYSCORE', leases, '-inf', now)
          for _, id in ipairs(expired) do
            local amount = tonumber(redis.call('HGET', key, 'r:' .. id) or '0')
            redis.call('HINCRBY', key, 'reserved', -amount)
            redis.call('HDEL', key, 'r:' .. id)
          end
          if #expired > 0 then redis.call('ZREMRANGEBYSCORE', leases, '-inf', now) end
          local committed = tonumber(redis.call('HGET', key, 'spent') or '0') + tonumber(redis.call('HGET', key, 'reserved') or '0')
          local limit = tonumber(ARGV[2 + 2 * i])
          if committed >= limit or committed + est > limit then return {0, i, committed} end
        end
        for i = 1, budgets do
          local key, leases = KEYS[2 * i - 1], KEYS[2 * i]
          redis.call('HINCRBY', key, 'reserved', est)
          redis.call('HSET', key, 'r:' .. ARGV[1], est)
          redis.call('ZADD', leases, now + tonumber(ARGV[3]), ARGV[1])
          local ttl = tonumber(ARGV[3 + 2 * i])
          redis.call('PEXPIRE', key, ttl)
          redis.call('PEXPIRE', leases, ttl)
        end
        return {1, 0, 0}
        """;

    // KEYS: pairs (budget hash, its lease zset). ARGV: id, actual, then per budget: ttl ms.
    private const string SettleScript = """
        for i = 1, #KEYS / 2 do
          local key, leases = KEYS[2 * i - 1], KEYS[2 * i]
          local amount = redis.call('HGET', key, 'r:' .. ARGV[1])
          if amount then
            redis.call('HINCRBY', key, 'reserved', -tonumber(amount))
            redis.call('HDEL', key, 'r:' .. ARGV[1])
            redis.call('ZREM', leases, ARGV[1])
          end
          redis.call('HINCRBY', key, 'spent', ARGV[2])
          redis.call('PEXPIRE', key, tonumber(ARGV[2 + i]))
        end
        return 1
        """;

    private readonly RedisStateConnection _connection;
    private readonly TimeProvider _timeProvider;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="connection">The connection and failure policy.</param>
    /// <param name="timeProvider">The clock key lifetimes are computed from; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    public RedisBudgetStore(RedisStateConnection connection, TimeProvider? timeProvider = null)
    {
        _connection = connection ?? throw new ArgumentNullException(nameof(connection));
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public async ValueTask<BudgetReservation> ReserveAsync(IReadOnlyList<BudgetScope> budgets, decimal estimate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(budgets);
        cancellationToken.ThrowIfCancellationRequested();
        var id = Guid.NewGuid().ToString("N");
        var values = new List<RedisValue> { id, Nanos(estimate), (long)_connection.Options.ReservationTimeout.TotalMilliseconds };
        foreach (var scope in budgets)
        {
            values.Add(Nanos(scope.Budget.Limit));
            values.Add(TtlMilliseconds(scope));
        }

        var result = await _connection.EvaluateAsync("budget", ReserveScript, Keys(budgets), [.. values]);
        if (result is null)
        {
            return new BudgetReservation(id, budgets, estimate, Recorded: false);
        }

        var parts = (RedisResult[])result!;
        if ((long)parts[0] == 0)
        {
            throw new BudgetExceededException(budgets[(int)(long)parts[1] - 1].Budget, (long)parts[2] / NanosPerUsd, estimate);
        }

        return new BudgetReservation(id, budgets, estimate);
    }

    /// <inheritdoc />
    /// <remarks>Sent without waiting for the reply (fire and forget), so a call costs one round trip it waits for, not two.
    /// Until the server runs it the reservation still counts in full, so no budget can be passed meanwhile; commands on
    /// one connection run in order, so this process's next reservation and reads see it. A settlement that never arrives
    /// (Redis unreachable) ends as an awaited one that failed would: the reservation expires after
    /// <see cref="RedisStateOptions.ReservationTimeout"/> and the cost is not booked.</remarks>
    public async ValueTask SettleAsync(BudgetReservation reservation, decimal actualCost, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        var values = new List<RedisValue> { reservation.Id, Nanos(actualCost) };
        foreach (var scope in reservation.Budgets)
        {
            values.Add(TtlMilliseconds(scope));
        }

        try
        {
            await _connection.EvaluateAsync("budget", SettleScript, Keys(reservation.Budgets), [.. values], CommandFlags.FireAndForget);
        }
        catch (SharedStateUnavailableException)
        {
            // The call has run; its cost cannot be booked now. The reservation expires on its own.
        }
    }

    /// <summary>Reads what was spent and what is reserved for one budget in its current period.</summary>
    /// <param name="scope">The budget scope.</param>
    /// <returns>Spent and reserved, in USD.</returns>
    public async Task<(decimal Spent, decimal Reserved)> GetAsync(BudgetScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var database = await _connection.GetDatabaseAsync();
        var values = await database.HashGetAsync(HashKey(scope), ["spent", "reserved"]);
        return (((long?)values[0] ?? 0) / NanosPerUsd, ((long?)values[1] ?? 0) / NanosPerUsd);
    }

    private static long Nanos(decimal usd) => (long)Math.Ceiling(usd * NanosPerUsd);

    private long TtlMilliseconds(BudgetScope scope)
    {
        var until = scope.PeriodEnd is { } end ? end.AddDays(1) : _timeProvider.GetUtcNow() + _connection.Options.TotalBudgetRetention;
        return Math.Max(1000, (long)(until - _timeProvider.GetUtcNow()).TotalMilliseconds);
    }

    private RedisKey[] Keys(IReadOnlyList<BudgetScope> budgets)
    {
        var keys = new RedisKey[budgets.Count * 2];
        for (var i = 0; i < budgets.Count; i++)
        {
            keys[2 * i] = HashKey(budgets[i]);
            keys[(2 * i) + 1] = _connection.Key("budget", "all", budgets[i].LedgerKey + ":leases");
        }

        return keys;
    }

    // All budget keys share one hash slot, so a call's budgets are checked in one script on a cluster too.
    private RedisKey HashKey(BudgetScope scope) => _connection.Key("budget", "all", scope.LedgerKey);
}
