using LlmAdapters.Middleware.Redis;
using LlmAdapters.Middleware.Tests.Pipeline;
using LlmAdapters.OpenAI;
using LlmAdapters.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;

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

    [Fact]
    public async Task GetResponseAsync_ProviderReportsNoRequestsLeft_AnotherConnectionWaitsForTheReset()
    {
        await using var first = await ConnectAsync();
        await using var second = await ConnectAsync(first.Options.KeyPrefix);
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        var exhausted = ScriptedReply.Text("last one").WithUsage(5, 5);
        exhausted.Headers["x-ratelimit-remaining-requests"] = "0";
        exhausted.Headers["x-ratelimit-reset-requests"] = "30s";
        emulator.Enqueue(exhausted);
        var secondClock = new FakeTimeProvider(DateTimeOffset.UtcNow);

        // Two instances of a service: one adapter configuration, each pipeline on its own Redis connection.
        IChatClient Instance(RedisStateConnection connection, TimeProvider clock) =>
            new RateLimitingChatClient(
                new OpenAIChatClient(new OpenAIOptions { Endpoint = emulator.Url("v1/"), ApiKey = "sk-shared", DefaultModelId = "gpt-4o-mini" }),
                new RateLimitingOptions { RequestsPerMinute = 1000, Store = new RedisRateLimitStore(connection) },
                clock);
        using var a = Instance(first, TimeProvider.System);
        using var b = Instance(second, secondClock);

        await a.GetResponseAsync("one", cancellationToken: Ct);
        var waiting = b.GetResponseAsync("two", cancellationToken: Ct);
        await Task.Delay(100, Ct);
        var heldBack = !waiting.IsCompleted && emulator.Requests.Count == 1;
        var database = await second.GetDatabaseAsync();
        var server = database.Multiplexer.GetServer(database.Multiplexer.GetEndPoints()[0]);
        var pauseKey = Assert.Single(server.Keys(pattern: "{" + second.Options.KeyPrefix + ":rl:openai|*}:pause"));
        var pause = await database.KeyTimeToLiveAsync(pauseKey);

        // B follows the pause (at most MaxAdaptiveWait, 60 s, on its own clock) and then goes.
        for (var i = 0; i < 20 && !waiting.IsCompleted; i++)
        {
            secondClock.Advance(TimeSpan.FromSeconds(30));
            await Task.Delay(50, Ct);
        }

        await waiting;
        Assert.True(heldBack);
        Assert.InRange(pause!.Value, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(30));
        Assert.Equal(2, emulator.Requests.Count);
    }

    private async Task<RedisStateConnection> ConnectAsync(string? prefix = null) =>
        new(new RedisStateOptions { ConnectionString = await redis.GetEndpointAsync(), KeyPrefix = prefix ?? "t" + Guid.NewGuid().ToString("N")[..12] });
}
