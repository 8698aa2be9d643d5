using Google.Apis.Auth.OAuth2;
using LlmAdapters.Gemini;
using LlmAdapters.Testing;
using LlmAdapters.Testing.Dialects.Gemini;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;

namespace LlmAdapters.Gemini.Tests;

/// <summary>Embeddings, token counting and context caches against the emulator.</summary>
public sealed class GeminiServicesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GenerateAsync_MoreInputsThanTheBatchLimit_SplitsIntoBatchesInOrder()
    {
        await using var h = await GeminiHarness.StartAsync();
        using var generator = new GeminiEmbeddingGenerator(h.Options());
        var inputs = Enumerable.Range(0, 250).Select(i => $"text {i}").ToList();

        var embeddings = await generator.GenerateAsync(inputs, cancellationToken: Ct);

        Assert.Equal(250, embeddings.Count);
        Assert.Equal([100, 100, 50], h.Emulator.Requests.Select(r => r.Json!["requests"]!.AsArray().Count));
        Assert.All(h.Emulator.Requests, r => Assert.Equal("/v1beta/models/gemini-embedding-001:batchEmbedContents", r.Path));
        Assert.Equal(GeminiDialect.EmbeddingOf("text 249", 8), embeddings[249].Vector.ToArray());
        Assert.Equal("gemini-embedding-001", embeddings[0].ModelId);
    }

    [Fact]
    public async Task GenerateAsync_DimensionsAndTaskType_AreSentPerRequest()
    {
        await using var h = await GeminiHarness.StartAsync();
        using var generator = new GeminiEmbeddingGenerator(h.Options());
        var options = new EmbeddingGenerationOptions
        {
            Dimensions = 16,
            AdditionalProperties = new() { [GeminiPropertyKeys.TaskType] = "RETRIEVAL_DOCUMENT", [GeminiPropertyKeys.Title] = "Doc" },
        };

        var embeddings = await generator.GenerateAsync(["hello"], options, Ct);

        Assert.Equal(16, embeddings[0].Vector.Length);
        Json.Equal("""
            {"requests":[{"model":"models/gemini-embedding-001","content":{"parts":[{"text":"hello"}]},"taskType":"RETRIEVAL_DOCUMENT","title":"Doc","outputDimensionality":16}]}
            """, h.Emulator.LastRequest.Json);
        Assert.Equal("gcp.gemini", generator.GetService<EmbeddingGeneratorMetadata>()!.ProviderName);
    }

    [Theory]
    [InlineData("text-embedding-005", "predict", 1)]
    [InlineData("gemini-embedding-001", "predict", 3)]
    [InlineData("gemini-embedding-2", "embedContent", 3)]
    public async Task GenerateAsync_Vertex_UsesTheEndpointTheModelNeeds(string model, string method, int requests)
    {
        await using var h = await GeminiHarness.StartAsync();
        var options = GeminiVertexTests.VertexOptions(h, GoogleCredential.FromAccessToken("tok"), "us-central1");
        options.DefaultEmbeddingModelId = model;
        using var generator = new GeminiEmbeddingGenerator(options);

        var embeddings = await generator.GenerateAsync(["a b", "c", "d e f"], new EmbeddingGenerationOptions { Dimensions = 4 }, Ct);

        Assert.Equal(3, embeddings.Count);
        Assert.Equal(GeminiDialect.EmbeddingOf("d e f", 4), embeddings[2].Vector.ToArray());
        Assert.Equal(requests, h.Emulator.Requests.Count);
        Assert.All(h.Emulator.Requests, r => Assert.Equal($"/v1/projects/proj-1/locations/us-central1/publishers/google/models/{model}:{method}", r.Path));
        Assert.Equal(6, embeddings.Usage!.InputTokenCount);
        if (method == "predict")
        {
            Assert.Equal(4, h.Emulator.LastRequest.Json!["parameters"]!["outputDimensionality"]!.GetValue<int>());
        }
        else
        {
            Assert.Equal(4, h.Emulator.LastRequest.Json!["embedContentConfig"]!["outputDimensionality"]!.GetValue<int>());
        }
    }

    [Fact]
    public async Task CountTokensAsync_WithInstructionsAndTools_CountsTheWholeRequest()
    {
        await using var h = await GeminiHarness.StartAsync();
        using var client = h.Client();
        var counter = client.GetService<ITokenCounter>()!;

        var plain = await counter.CountTokensAsync([new ChatMessage(ChatRole.User, "one two three")], cancellationToken: Ct);
        Json.Equal("""{"contents":[{"role":"user","parts":[{"text":"one two three"}]}]}""", h.Emulator.LastRequest.Json);
        var full = await counter.CountTokensAsync([new ChatMessage(ChatRole.User, "one two three")], new ChatOptions { Instructions = "be nice" }, Ct);

        Assert.Equal(3, plain);
        Assert.Equal(5, full);
        Assert.Equal("/v1beta/models/gemini-2.5-flash:countTokens", h.Emulator.LastRequest.Path);
        Json.Equal("""
            {"generateContentRequest":{"model":"models/gemini-2.5-flash","contents":[{"role":"user","parts":[{"text":"one two three"}]}],
              "systemInstruction":{"parts":[{"text":"be nice"}]}}}
            """, h.Emulator.LastRequest.Json);
    }

    [Fact]
    public async Task ContextCaches_CreateGetListUseUpdateDeleteAndExpire()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
        await using var h = await GeminiHarness.StartAsync(clock);
        using var client = h.Client();
        var caches = client.GetService<GeminiContextCaches>()!;

        var entry = await caches.CreateAsync(
            [new ChatMessage(ChatRole.User, "a long document of seven words here")],
            new ChatOptions { Instructions = "Answer from the document" }, TimeSpan.FromMinutes(5), displayName: "doc", cancellationToken: Ct);

        Assert.StartsWith("cachedContents/", entry.Name, StringComparison.Ordinal);
        Assert.Equal("models/gemini-2.5-flash", entry.Model);
        Assert.Equal(clock.GetUtcNow().AddMinutes(5), entry.ExpireTime);
        Assert.Equal(11, entry.TokenCount);
        Json.Equal("""
            {"model":"models/gemini-2.5-flash","displayName":"doc","systemInstruction":{"parts":[{"text":"Answer from the document"}]},
             "contents":[{"role":"user","parts":[{"text":"a long document of seven words here"}]}],"ttl":"300s"}
            """, h.Emulator.LastRequest.Json);

        h.Emulator.Enqueue(ScriptedReply.Text("cached answer"));
        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "summary?")],
            new ChatOptions { Instructions = "Answer from the document", AdditionalProperties = new() { [AdditionalPropertyKeys.ContextCacheName] = entry.Name } }, Ct);
        Assert.Equal(11, response.Usage!.CachedInputTokenCount);
        Assert.Equal(12, response.Usage.InputTokenCount);
        Assert.Equal(entry.Name, h.Emulator.LastRequest.Json!["cachedContent"]!.GetValue<string>());

        var listed = new List<ContextCacheEntry>();
        await foreach (var item in caches.ListAsync(pageSize: 1, cancellationToken: Ct))
        {
            listed.Add(item);
        }

        Assert.Equal([entry.Name], listed.Select(e => e.Name));
        clock.Advance(TimeSpan.FromMinutes(4));
        var extended = await caches.UpdateTtlAsync(entry.Name, TimeSpan.FromMinutes(10), Ct);
        Assert.Equal(clock.GetUtcNow().AddMinutes(10), extended.ExpireTime);
        Assert.Equal("?updateMask=ttl", h.Emulator.LastRequest.Query);
        Assert.Equal("PATCH", h.Emulator.LastRequest.Method);
        Assert.Equal(extended.ExpireTime, (await caches.GetAsync(entry.Name, Ct)).ExpireTime);

        clock.Advance(TimeSpan.FromMinutes(11));
        await Assert.ThrowsAsync<ContextCacheNotFoundException>(() => caches.GetAsync(entry.Name, Ct));
        await Assert.ThrowsAsync<ContextCacheNotFoundException>(() => caches.UpdateTtlAsync(entry.Name, TimeSpan.FromMinutes(5), Ct));
        await Assert.ThrowsAsync<ContextCacheNotFoundException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "x")],
            new ChatOptions { AdditionalProperties = new() { [AdditionalPropertyKeys.ContextCacheName] = entry.Name } }, Ct));

        var second = await caches.CreateAsync([new ChatMessage(ChatRole.User, "x")], null, expireTime: clock.GetUtcNow().AddHours(2), cancellationToken: Ct);
        Assert.Equal(clock.GetUtcNow().AddHours(2), second.ExpireTime);
        await ((IContextCacheService)caches).DeleteAsync(second.Name, Ct);
        Assert.DoesNotContain(second.Name, h.Dialect.CacheNames);
    }
}

public sealed class GeminiVertexShapeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CountTokensAsync_Vertex_SendsInstructionsAndToolsAtTopLevel()
    {
        await using var h = await GeminiHarness.StartAsync();
        using var client = new GeminiChatClient(GeminiVertexTests.VertexOptions(h, Google.Apis.Auth.OAuth2.GoogleCredential.FromAccessToken("tok"), "global"));

        var count = await client.GetService<ITokenCounter>()!.CountTokensAsync(
            [new ChatMessage(ChatRole.User, "one two")], new ChatOptions { Instructions = "be brief" }, Ct);

        Assert.Equal(4, count);
        Assert.Equal("/v1/projects/proj-1/locations/global/publishers/google/models/gemini-2.5-flash:countTokens", h.Emulator.LastRequest.Path);
        Json.Equal("""
            {"contents":[{"role":"user","parts":[{"text":"one two"}]}],"systemInstruction":{"parts":[{"text":"be brief"}]}}
            """, h.Emulator.LastRequest.Json);
    }

    [Fact]
    public async Task GetResponseAsync_VertexExpressMode_UsesKeyAndPublisherPath()
    {
        await using var h = await GeminiHarness.StartAsync();
        using var client = new GeminiChatClient(new GeminiOptions
        {
            Endpoint = h.Emulator.BaseAddress,
            ApiKey = GeminiHarness.Key,
            DefaultModelId = "gemini-2.5-flash",
            Vertex = new GeminiVertexOptions(),
        });
        h.Emulator.Enqueue(ScriptedReply.Text("express"));

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "x")], cancellationToken: Ct);

        Assert.Equal("express", response.Text);
        Assert.Equal("/v1/publishers/google/models/gemini-2.5-flash:generateContent", h.Emulator.LastRequest.Path);
        Assert.Equal(GeminiHarness.Key, h.Emulator.LastRequest.Header("x-goog-api-key"));
        Assert.Null(h.Emulator.LastRequest.Header("authorization"));
    }

    [Fact]
    public async Task GenerateAsync_VertexPredictTaskType_UsesSnakeCaseInstanceFields()
    {
        await using var h = await GeminiHarness.StartAsync();
        var options = GeminiVertexTests.VertexOptions(h, Google.Apis.Auth.OAuth2.GoogleCredential.FromAccessToken("tok"), "us-central1");
        options.DefaultEmbeddingModelId = "text-embedding-005";
        using var generator = new GeminiEmbeddingGenerator(options);

        await generator.GenerateAsync(["doc"], new EmbeddingGenerationOptions
        {
            AdditionalProperties = new() { [GeminiPropertyKeys.TaskType] = "RETRIEVAL_DOCUMENT", [GeminiPropertyKeys.AutoTruncate] = false },
        }, Ct);

        Json.Equal("""
            {"instances":[{"content":"doc","task_type":"RETRIEVAL_DOCUMENT"}],"parameters":{"autoTruncate":false}}
            """, h.Emulator.LastRequest.Json);
        Assert.Equal("gcp.vertex_ai", generator.GetService<EmbeddingGeneratorMetadata>()!.ProviderName);
    }

    [Fact]
    public async Task ContextCaches_Vertex_UseProjectScopedNames()
    {
        await using var h = await GeminiHarness.StartAsync();
        using var client = new GeminiChatClient(GeminiVertexTests.VertexOptions(h, Google.Apis.Auth.OAuth2.GoogleCredential.FromAccessToken("tok"), "us-central1"));
        var caches = client.GetService<GeminiContextCaches>()!;

        var entry = await caches.CreateAsync([new ChatMessage(ChatRole.User, "doc")], cancellationToken: Ct);
        Assert.Equal("/v1/projects/proj-1/locations/us-central1/cachedContents", h.Emulator.LastRequest.Path);
        Assert.StartsWith("projects/proj-1/locations/us-central1/cachedContents/", entry.Name, StringComparison.Ordinal);
        Assert.Equal("projects/proj-1/locations/us-central1/publishers/google/models/gemini-2.5-flash", h.Emulator.LastRequest.Json!["model"]!.GetValue<string>());

        h.Emulator.Enqueue(ScriptedReply.Text("ok"));
        var shortName = entry.Name[entry.Name.IndexOf("cachedContents/", StringComparison.Ordinal)..];
        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "q")],
            new ChatOptions { AdditionalProperties = new() { [AdditionalPropertyKeys.ContextCacheName] = shortName } }, Ct);
        Assert.Equal(entry.Name, h.Emulator.LastRequest.Json!["cachedContent"]!.GetValue<string>());

        Assert.Equal(entry.Name, (await caches.GetAsync(shortName, Ct)).Name);
        var missing = await Assert.ThrowsAsync<ContextCacheNotFoundException>(() => caches.GetAsync("cachedContents/missing", Ct));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("NOT_FOUND", missing.ProviderErrorType);
    }

    [Fact]
    public async Task GetResponseAsync_OnlySystemMessages_ThrowsBeforeAnyRequest()
    {
        await using var h = await GeminiHarness.StartAsync();
        using var client = h.Client();

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.System, "rules")], cancellationToken: Ct));

        Assert.Equal("messages", ex.ParamName);
        Assert.Empty(h.Emulator.Requests);
    }
}
