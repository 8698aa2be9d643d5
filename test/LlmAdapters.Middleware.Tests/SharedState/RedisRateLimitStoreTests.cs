using LlmAdapters.Middleware.Redis;
using LlmAdapters.Middleware.Tests.Pipeline;

namespace LlmAdapters.Middleware.Tests.SharedState;

public sealed class RedisRateLimitStoreTests(RedisServerFixture redis)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TryAcquireAsync_WindowFullAcrossTwoConnections_RefusesWithWaitWithinWindow()
    {
        await using var first = await ConnectAsync();
        await using var second = await ConnectAsync(first.Options.KeyPrefix);
        var bucket = new RateLimitBucket("openai|http://emulator/v1/|abcd", 3, null, TimeSpan.FromSeconds(5));
        var a = new RedisRateLimitStore(first);
        var b = new RedisRateLimitStore(second);

        var grants = new[]
        {
            await a.TryAcquireAsync(bucket, 10, true, Ct),
            await b.TryAcquireAsync(bucket, 10, true, Ct),
            await a.TryAcquireAsync(bucket, 10, true, Ct),
        };
        var refused = await b.TryAcquireAsync(bucket, 10, true, Ct);

        Assert.All(grants, g => Assert.True(g.Acquired));
        Assert.Equal(3, grants.Select(g => g.LeaseId).Distinct().Count());
        Assert.False(refused.Acquired);
        Assert.Null(refused.LeaseId);
        Assert.InRange(refused.RetryAfter, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(5));
        Assert.False(refused.Paused);
    }

    [Fact]
    public async Task SettleAsync_ActualBelowEstimate_FreesTokensForTheNextCall()
    {
        await using var connection = await ConnectAsync();
        var store = new RedisRateLimitStore(connection);
        var bucket = new RateLimitBucket("b", null, 100, TimeSpan.FromSeconds(30));

        var grant = await store.TryAcquireAsync(bucket, 90, true, Ct);
        var tooBig = await store.TryAcquireAsync(bucket, 20, true, Ct);
        await store.SettleAsync(bucket, grant, 30, null, Ct);
        var afterSettle = await store.TryAcquireAsync(bucket, 70, true, Ct);
        var overLimit = await store.TryAcquireAsync(bucket, 1, true, Ct);

        Assert.True(grant.Acquired);
        Assert.False(tooBig.Acquired);
        Assert.True(afterSettle.Acquired);
        Assert.False(overLimit.Acquired);
    }

    [Fact]
    public async Task SettleAsync_ProviderPause_BlocksEveryCallerUntilItEndsUnlessIgnored()
    {
        await using var connection = await ConnectAsync();
        var store = new RedisRateLimitStore(connection);
        var bucket = new RateLimitBucket("b", 100, null, TimeSpan.FromSeconds(30));

        var grant = await store.TryAcquireAsync(bucket, 1, true, Ct);
        await store.SettleAsync(bucket, grant, null, TimeSpan.FromSeconds(20), Ct);
        var paused = await store.TryAcquireAsync(bucket, 1, true, Ct);
        var ignoring = await store.TryAcquireAsync(bucket, 1, false, Ct);

        Assert.False(paused.Acquired);
        Assert.True(paused.Paused);
        Assert.InRange(paused.RetryAfter, TimeSpan.FromSeconds(19), TimeSpan.FromSeconds(20));
        Assert.True(ignoring.Acquired);
    }

    [Fact]
    public async Task TryAcquireAsync_Keys_AreNamespacedAndExpire()
    {
        await using var connection = await ConnectAsync();
        var store = new RedisRateLimitStore(connection);
        await store.TryAcquireAsync(new RateLimitBucket("Provider|X", 5, 50, TimeSpan.FromSeconds(10)), 5, true, Ct);

        var database = await connection.GetDatabaseAsync();
        var prefix = connection.Options.KeyPrefix;
        var requests = $"{{{prefix}:rl:provider|x}}:req";
        var ttl = await database.KeyTimeToLiveAsync(requests);

        Assert.Equal(1, await database.SortedSetLengthAsync(requests));
        Assert.InRange(ttl!.Value, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(20));
        Assert.Equal(3, await redis.RemoveKeysAsync("{" + prefix));
    }

    private async Task<RedisStateConnection> ConnectAsync(string? prefix = null) =>
        new(new RedisStateOptions { ConnectionString = await redis.GetEndpointAsync(), KeyPrefix = prefix ?? "t" + Guid.NewGuid().ToString("N")[..12] });
}
