using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace LlmAdapters.Polyfills.Tests;

public sealed class DistributedCachingChatClientTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static MemoryDistributedCache NewCache() => new(Options.Create(new MemoryDistributedCacheOptions()));

    private static FakeChatClient CountingModel() => new()
    {
        GetResponseAsyncCallback = (messages, _, _) => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "echo: " + messages.Last().Text))
        {
            ResponseId = Guid.NewGuid().ToString("N"),
            Usage = new UsageDetails { InputTokenCount = 3, OutputTokenCount = 4 },
        }),
        GetStreamingResponseAsyncCallback = (messages, _, ct) => FakeChatClient.Stream(
        [
            new(ChatRole.Assistant, "str") { MessageId = "m1", ResponseId = "r1" },
            new(ChatRole.Assistant, "eam") { MessageId = "m1", ResponseId = "r1" },
            new(ChatRole.Assistant, "ed") { MessageId = "m1", ResponseId = "r1", FinishReason = ChatFinishReason.Stop },
        ], ct),
    };

    [Fact]
    public async Task GetResponseAsync_SameRequestTwice_SecondIsServedFromCache()
    {
        var inner = CountingModel();
        var client = inner.AsBuilder().UseDistributedCache(NewCache()).Build();

        var first = await client.GetResponseAsync("hello", new ChatOptions { Temperature = 0.1f }, Ct);
        var second = await client.GetResponseAsync("hello", new ChatOptions { Temperature = 0.1f }, Ct);

        Assert.Equal(1, inner.Calls);
        Assert.Equal("echo: hello", second.Text);
        Assert.Equal(first.ResponseId, second.ResponseId);
        Assert.Equal(4, second.Usage?.OutputTokenCount);
    }

    [Fact]
    public async Task GetResponseAsync_DifferentMessagesOrOptionsOrKeyValues_AreMisses()
    {
        var inner = CountingModel();
        var cache = NewCache();
        var client = inner.AsBuilder().UseDistributedCache(cache).Build();
        var tenantB = inner.AsBuilder().UseDistributedCache(cache, c => c.CacheKeyAdditionalValues = ["tenant-b"]).Build();

        await client.GetResponseAsync("hello", new ChatOptions { Temperature = 0.1f }, Ct);
        await client.GetResponseAsync("hello!", new ChatOptions { Temperature = 0.1f }, Ct);
        await client.GetResponseAsync("hello", new ChatOptions { Temperature = 0.2f }, Ct);
        await client.GetResponseAsync("hello", new ChatOptions { Temperature = 0.1f, ModelId = "other" }, Ct);
        await tenantB.GetResponseAsync("hello", new ChatOptions { Temperature = 0.1f }, Ct);

        Assert.Equal(5, inner.Calls);
    }

    [Fact]
    public async Task GetResponseAsync_SameMessagesAsListArrayOrLazySequence_ShareOneEntry()
    {
        var inner = CountingModel();
        var client = inner.AsBuilder().UseDistributedCache(NewCache()).Build();
        ChatMessage[] array = [new(ChatRole.System, "be brief"), new(ChatRole.User, "hello")];

        await client.GetResponseAsync(array.ToList(), cancellationToken: Ct);
        await client.GetResponseAsync(array, cancellationToken: Ct);
        await client.GetResponseAsync(array.Select(m => m), cancellationToken: Ct);

        Assert.Equal(1, inner.Calls);
    }

    [Fact]
    public async Task GetResponseAsync_ConversationId_BypassesCache()
    {
        var inner = CountingModel();
        var client = inner.AsBuilder().UseDistributedCache(NewCache()).Build();

        await client.GetResponseAsync("hello", new ChatOptions { ConversationId = "c" }, Ct);
        await client.GetResponseAsync("hello", new ChatOptions { ConversationId = "c" }, Ct);

        Assert.Equal(2, inner.Calls);
    }

    [Fact]
    public async Task GetResponseAsync_InnerFails_NothingIsWritten()
    {
        var fail = true;
        var inner = new FakeChatClient
        {
            GetResponseAsyncCallback = (_, _, _) => fail
                ? throw new InvalidOperationException("provider down")
                : Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok"))),
        };
        var client = inner.AsBuilder().UseDistributedCache(NewCache()).Build();

        await Assert.ThrowsAsync<InvalidOperationException>(() => client.GetResponseAsync("hello", cancellationToken: Ct));
        fail = false;
        Assert.Equal("ok", (await client.GetResponseAsync("hello", cancellationToken: Ct)).Text);
        Assert.Equal("ok", (await client.GetResponseAsync("hello", cancellationToken: Ct)).Text);

        Assert.Equal(2, inner.Calls);
    }

    [Fact]
    public async Task GetResponseAsync_Cancelled_NothingIsWritten()
    {
        var cache = new CountingCache(NewCache());
        using var cts = new CancellationTokenSource();
        var inner = new FakeChatClient
        {
            GetResponseAsyncCallback = async (_, _, ct) =>
            {
                await cts.CancelAsync();
                ct.ThrowIfCancellationRequested();
                return new ChatResponse();
            },
        };
        var client = inner.AsBuilder().UseDistributedCache(cache).Build();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetResponseAsync("hello", cancellationToken: cts.Token));

        Assert.Equal(0, cache.Writes);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_Coalescing_ReplaysSameTextAsFewerUpdates()
    {
        var inner = CountingModel();
        var client = inner.AsBuilder().UseDistributedCache(NewCache()).Build();

        var first = await Collect(client.GetStreamingResponseAsync("hello", cancellationToken: Ct));
        var second = await Collect(client.GetStreamingResponseAsync("hello", cancellationToken: Ct));

        Assert.Equal(1, inner.Calls);
        Assert.Equal(3, first.Count);
        Assert.Equal("streamed", string.Concat(second.Select(u => u.Text)));
        Assert.True(second.Count < first.Count);
        Assert.Equal(ChatFinishReason.Stop, second.ToChatResponse().FinishReason);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_CoalescingOff_ReplaysIdenticalUpdates()
    {
        var inner = CountingModel();
        var client = inner.AsBuilder().UseDistributedCache(NewCache(), c => c.CoalesceStreamingUpdates = false).Build();

        await Collect(client.GetStreamingResponseAsync("hello", cancellationToken: Ct));
        var replay = await Collect(client.GetStreamingResponseAsync("hello", cancellationToken: Ct));

        Assert.Equal(1, inner.Calls);
        Assert.Equal(["str", "eam", "ed"], replay.Select(u => u.Text));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_AndNonStreaming_UseDifferentEntries()
    {
        var inner = CountingModel();
        var client = inner.AsBuilder().UseDistributedCache(NewCache()).Build();

        await client.GetResponseAsync("hello", cancellationToken: Ct);
        await Collect(client.GetStreamingResponseAsync("hello", cancellationToken: Ct));

        Assert.Equal(2, inner.Calls);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_StreamFailsMidway_NothingIsWritten()
    {
        var cache = new CountingCache(NewCache());
        async IAsyncEnumerable<ChatResponseUpdate> Broken()
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, "partial");
            await Task.Yield();
            throw new IOException("connection dropped");
        }

        var client = new FakeChatClient { GetStreamingResponseAsyncCallback = (_, _, _) => Broken() }.AsBuilder().UseDistributedCache(cache).Build();

        await Assert.ThrowsAsync<IOException>(() => Collect(client.GetStreamingResponseAsync("hello", cancellationToken: Ct)));

        Assert.Equal(0, cache.Writes);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ConsumerStopsEarly_NothingIsWritten()
    {
        var cache = new CountingCache(NewCache());
        var client = CountingModel().AsBuilder().UseDistributedCache(cache).Build();

        await foreach (var _ in client.GetStreamingResponseAsync("hello", cancellationToken: Ct))
        {
            break;
        }

        Assert.Equal(0, cache.Writes);
    }

    [Fact]
    public void UseDistributedCache_NoStorageAndNoServices_ThrowsOnBuild()
    {
        var builder = new FakeChatClient().AsBuilder().UseDistributedCache();

        Assert.Throws<InvalidOperationException>(() => builder.Build());
    }

    [Fact]
    public async Task EmbeddingCache_SecondBatch_SendsOnlyMissesToInnerGenerator()
    {
        var inner = new FakeEmbeddingGenerator();
        var generator = inner.AsBuilder().UseDistributedCache(NewCache()).Build();

        var first = await generator.GenerateAsync(["a", "bb"], cancellationToken: Ct);
        var second = await generator.GenerateAsync(["bb", "ccc", "a"], cancellationToken: Ct);
        var single = await generator.GenerateAsync(["ccc"], cancellationToken: Ct);

        Assert.Equal(2, inner.Batches.Count);
        Assert.Equal(["ccc"], inner.Batches[1]);
        Assert.Equal([2f, 'b'], second[0].Vector.ToArray());
        Assert.Equal([3f, 'c'], second[1].Vector.ToArray());
        Assert.Equal([1f, 'a'], second[2].Vector.ToArray());
        Assert.Equal([3f, 'c'], Assert.Single(single).Vector.ToArray());
        Assert.Empty(await generator.GenerateAsync([], cancellationToken: Ct));
    }

    private static async Task<List<ChatResponseUpdate>> Collect(IAsyncEnumerable<ChatResponseUpdate> updates)
    {
        var list = new List<ChatResponseUpdate>();
        await foreach (var update in updates)
        {
            list.Add(update);
        }

        return list;
    }

    /// <summary>Wraps a real cache and counts writes.</summary>
    private sealed class CountingCache(IDistributedCache inner) : IDistributedCache
    {
        private int _writes;

        public int Writes => Volatile.Read(ref _writes);

        public byte[]? Get(string key) => inner.Get(key);

        public Task<byte[]?> GetAsync(string key, CancellationToken token = default) => inner.GetAsync(key, token);

        public void Refresh(string key) => inner.Refresh(key);

        public Task RefreshAsync(string key, CancellationToken token = default) => inner.RefreshAsync(key, token);

        public void Remove(string key) => inner.Remove(key);

        public Task RemoveAsync(string key, CancellationToken token = default) => inner.RemoveAsync(key, token);

        public void Set(string key, byte[] value, DistributedCacheEntryOptions options)
        {
            Interlocked.Increment(ref _writes);
            inner.Set(key, value, options);
        }

        public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default)
        {
            Interlocked.Increment(ref _writes);
            return inner.SetAsync(key, value, options, token);
        }
    }
}
