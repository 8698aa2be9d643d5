using LlmAdapters.Gemini;
using LlmAdapters.Testing;
using LlmAdapters.Testing.Dialects.Gemini;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Middleware.Tests;

/// <summary>Prompt caching over HTTP: the real Gemini adapter against the emulator's <c>cachedContents</c>.</summary>
public sealed class PromptCachingGeminiEmulatorTests
{
    private const string Key = "AIzaTestKey0123456789abcdefghij";
    private static readonly string Document = string.Concat(Enumerable.Repeat("The quick brown fox jumps over the lazy dog. ", 500));

    private static List<ChatMessage> Conversation(string question) =>
        [new(ChatRole.User, Document), new(ChatRole.Assistant, "I have read it."), new(ChatRole.User, question)];

    private static ChatOptions Options() => new() { Instructions = "Answer from the document." };

    [Fact]
    public async Task GetResponseAsync_GeminiEmulator_CreateReuseExpireRecreateAndRecoverFromDeletion()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = TestClock.Create();
        var dialect = new GeminiDialect();
        await using var emulator = await ProviderEmulator.StartAsync(new ProviderEmulatorOptions { Dialects = [dialect], ExpectedApiKey = Key, TimeProvider = clock }, ct);
        using var gemini = new GeminiChatClient(new GeminiOptions { Endpoint = emulator.BaseAddress, ApiKey = Key, DefaultModelId = "gemini-2.5-flash" });
        using var client = new PromptCachingChatClient(gemini, new PromptCachingOptions { ContextCacheTtl = TimeSpan.FromMinutes(30), ContextCacheRefreshBefore = TimeSpan.FromMinutes(5) }, clock);

        // Create: the stable prefix (document turn + reply + instructions) goes to cachedContents; the call sends only the question.
        emulator.Enqueue(ScriptedReply.Text("a1"));
        var first = await client.GetResponseAsync(Conversation("q1"), Options(), ct);
        Assert.Equal("a1", first.Text);
        var cacheName = Assert.Single(dialect.CacheNames);
        var create = emulator.Requests[^2];
        Assert.Equal("POST", create.Method);
        Assert.EndsWith("/cachedContents", create.Path, StringComparison.Ordinal);
        Assert.Equal(2, create.Json!["contents"]!.AsArray().Count);
        Assert.Equal("Answer from the document.", create.Json["systemInstruction"]!["parts"]![0]!["text"]!.GetValue<string>());
        Assert.Equal("1800s", create.Json["ttl"]!.GetValue<string>());
        var generate = emulator.LastRequest.Json!;
        Assert.Equal(cacheName, generate["cachedContent"]!.GetValue<string>());
        Assert.Null(generate["systemInstruction"]);
        Assert.Equal("q1", Assert.Single(generate["contents"]!.AsArray())!["parts"]![0]!["text"]!.GetValue<string>());
        Assert.True(first.Usage!.CachedInputTokenCount > 0);

        // Reuse: same prefix, no new cache.
        clock.Advance(TimeSpan.FromMinutes(10));
        emulator.Enqueue(ScriptedReply.Text("a2"));
        await client.GetResponseAsync(Conversation("q2"), Options(), ct);
        Assert.Single(dialect.CacheNames);
        Assert.Equal(cacheName, emulator.LastRequest.Json!["cachedContent"]!.GetValue<string>());

        // Expire: after its lifetime a new cache is created and used.
        clock.Advance(TimeSpan.FromHours(1));
        emulator.Enqueue(ScriptedReply.Text("a3"));
        await client.GetResponseAsync(Conversation("q3"), Options(), ct);
        var secondName = emulator.LastRequest.Json!["cachedContent"]!.GetValue<string>();
        Assert.NotEqual(cacheName, secondName);

        // Gone: deleted on the provider side; the call fails once, the cache is recreated and the call repeated.
        await gemini.GetService<IContextCacheService>()!.DeleteAsync(secondName, ct);
        emulator.Enqueue(ScriptedReply.Text("a4"));
        var recovered = await client.GetResponseAsync(Conversation("q4"), Options(), ct);
        Assert.Equal("a4", recovered.Text);
        var thirdName = emulator.LastRequest.Json!["cachedContent"]!.GetValue<string>();
        Assert.NotEqual(secondName, thirdName);
        Assert.Contains(thirdName, dialect.CacheNames);
    }
}
