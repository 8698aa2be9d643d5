using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;

namespace LlmAdapters.Polyfills.Tests;

/// <summary>Caching through a real Redis server (see <see cref="RedisServerFixture"/>).</summary>
public sealed class RedisDistributedCacheTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RespCache_SetGetRefreshRemove_RoundTripsBytes()
    {
        using var cache = new RespDistributedCache(redis.Endpoint);
        var key = "resp-test:" + Guid.NewGuid().ToString("N");
        byte[] value = [0, 1, 2, 13, 10, 255];

        Assert.Null(await cache.GetAsync(key, Ct));
        await cache.SetAsync(key, value, new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5), SlidingExpiration = TimeSpan.FromMinutes(1) }, Ct);
        Assert.Equal(value, await cache.GetAsync(key, Ct));
        await cache.RefreshAsync(key, Ct);
        Assert.Equal(value, cache.Get(key));
        cache.Remove(key);
        Assert.Null(cache.Get(key));
    }

    [Fact]
    public async Task RespCache_ConcurrentCommands_EachGetsItsOwnReply()
    {
        using var cache = new RespDistributedCache(redis.Endpoint);
        var prefix = "resp-concurrent:" + Guid.NewGuid().ToString("N");

        await Task.WhenAll(Enumerable.Range(0, 50).Select(i => cache.SetAsync($"{prefix}:{i}", BitConverter.GetBytes(i), new DistributedCacheEntryOptions(), Ct)));
        var values = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => cache.GetAsync($"{prefix}:{i}", Ct)));

        Assert.Equal(Enumerable.Range(0, 50), values.Select(v => BitConverter.ToInt32(v!)));
    }

    [Fact]
    public async Task RespCache_AbsoluteExpiryInThePast_Throws()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        using var cache = new RespDistributedCache(redis.Endpoint, clock);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => cache.SetAsync(
            "resp-past", [1], new DistributedCacheEntryOptions { AbsoluteExpiration = clock.GetUtcNow().AddSeconds(-1) }, Ct));
    }

    [Fact]
    public async Task UseDistributedCache_SecondIndependentPipeline_GetsCacheHitThroughRedis()
    {
        var provider = new FakeChatClient
        {
            GetResponseAsyncCallback = (messages, _, _) => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "answer to " + messages.Last().Text))
            {
                ModelId = "m",
                Usage = new UsageDetails { InputTokenCount = 11, OutputTokenCount = 5 },
            }),
        };

        // A per-test key value keeps parallel runs against the same server apart.
        var testScope = Guid.NewGuid().ToString("N");
        async Task<ChatResponse> AskThroughNewPipelineAsync()
        {
            var services = new ServiceCollection();
            services.AddSingleton<IDistributedCache>(new RespDistributedCache(redis.Endpoint));
            services.AddChatClient(provider).UseDistributedCache(configure: c => c.CacheKeyAdditionalValues = [testScope]);
            await using var serviceProvider = services.BuildServiceProvider();
            var client = serviceProvider.GetRequiredService<IChatClient>();
            Assert.IsType<DistributedCachingChatClient>(client);
            return await client.GetResponseAsync("What is the capital of France?", new ChatOptions { Temperature = 0 }, Ct);
        }

        var first = await AskThroughNewPipelineAsync();
        var second = await AskThroughNewPipelineAsync();

        Assert.Equal(1, provider.Calls);
        Assert.Equal("answer to What is the capital of France?", second.Text);
        Assert.Equal(first.Text, second.Text);
        Assert.Equal(5, second.Usage?.OutputTokenCount);
    }
}
