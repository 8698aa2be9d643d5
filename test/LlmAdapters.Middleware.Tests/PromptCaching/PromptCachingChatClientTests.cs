using System.Net;
using Microsoft.Extensions.AI;
using NSubstitute;

namespace LlmAdapters.Middleware.Tests;

public sealed class PromptCachingChatClientTests
{
    private static readonly string LongText = string.Concat(Enumerable.Repeat("The quick brown fox jumps over the lazy dog. ", 500)); // ≈ 5,600 tokens

    private static bool HasHint(ChatMessage message) => message.TryGetCacheBreakpoint(out _);

    [Fact]
    public async Task GetResponseAsync_AnthropicLongPrompt_HintsInstructionsAndLastUserTurnWithoutTouchingCallerObjects()
    {
        var inner = ChatClientSubstitute.Create("anthropic", "claude-sonnet-4-5").CachesPrompts(PromptCachingStyle.Breakpoints);
        using var client = new PromptCachingChatClient(inner, new PromptCachingOptions { BreakpointTtl = TimeSpan.FromHours(1) });
        var options = new ChatOptions { Instructions = LongText, Tools = [AIFunctionFactory.Create(() => 1, "one")] };
        List<ChatMessage> messages = [new(ChatRole.User, "first"), new(ChatRole.Assistant, "reply"), new(ChatRole.User, "second")];

        await client.GetResponseAsync(messages, options, TestContext.Current.CancellationToken);

        var sent = Assert.Single(inner.ChatCalls());
        Assert.True(sent.Options!.TryGetCacheBreakpoint(AdditionalPropertyKeys.InstructionsCacheBreakpoint, out var instructions));
        Assert.Equal(TimeSpan.FromHours(1), instructions.Ttl);
        Assert.False(sent.Options!.TryGetCacheBreakpoint(AdditionalPropertyKeys.ToolsCacheBreakpoint, out _)); // covered by the system mark
        Assert.Equal([false, false, true], sent.Messages.Select(HasHint));
        Assert.Equal("second", sent.Messages[2].Text);

        Assert.Null(options.AdditionalProperties);
        Assert.DoesNotContain(messages, HasHint);
    }

    [Fact]
    public async Task GetResponseAsync_AnthropicToolsOnlyWithTtl_ToolsAndLastUserTurnCarryTheConfiguredTtl()
    {
        var inner = ChatClientSubstitute.Create("anthropic", "claude-sonnet-4-5").CachesPrompts(PromptCachingStyle.Breakpoints);
        using var client = new PromptCachingChatClient(inner, new PromptCachingOptions { BreakpointTtl = TimeSpan.FromHours(1) });
        var options = new ChatOptions { Tools = [AIFunctionFactory.Create(() => 1, "one", LongText)] };

        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "question")], options, TestContext.Current.CancellationToken);

        var sent = Assert.Single(inner.ChatCalls());
        Assert.True(sent.Options!.TryGetCacheBreakpoint(AdditionalPropertyKeys.ToolsCacheBreakpoint, out var tools));
        Assert.Equal(TimeSpan.FromHours(1), tools.Ttl);
        Assert.False(sent.Options!.TryGetCacheBreakpoint(AdditionalPropertyKeys.InstructionsCacheBreakpoint, out _));
        Assert.True(sent.Messages[0].TryGetCacheBreakpoint(out var message));
        Assert.Equal(TimeSpan.FromHours(1), message.Ttl);
        Assert.Null(options.AdditionalProperties);
    }

    [Fact]
    public async Task GetResponseAsync_AnthropicPrefixBelowModelMinimum_NoHints()
    {
        var inner = ChatClientSubstitute.Create("anthropic", "claude-haiku-4-5").CachesPrompts(PromptCachingStyle.Breakpoints); // 4096-token minimum
        using var client = new PromptCachingChatClient(inner);
        var options = new ChatOptions { Instructions = "Short." };

        await client.GetResponseAsync([new ChatMessage(ChatRole.User, string.Concat(Enumerable.Repeat("word ", 2000)))], options, TestContext.Current.CancellationToken);

        var sent = Assert.Single(inner.ChatCalls());
        Assert.Same(options, sent.Options);
        Assert.False(HasHint(sent.Messages[0]));
    }

    [Fact]
    public async Task GetResponseAsync_AnthropicCallerHintsFillLimit_NothingAdded()
    {
        var inner = ChatClientSubstitute.Create("anthropic", "claude-sonnet-4-5").CachesPrompts(PromptCachingStyle.Breakpoints);
        using var client = new PromptCachingChatClient(inner);
        var options = new ChatOptions { Instructions = LongText }.WithInstructionsCacheBreakpoint().WithToolsCacheBreakpoint();
        List<ChatMessage> messages =
        [
            new ChatMessage(ChatRole.User, LongText).WithCacheBreakpoint(),
            new ChatMessage(ChatRole.Assistant, "ok").WithCacheBreakpoint(),
            new ChatMessage(ChatRole.User, LongText),
        ];

        await client.GetResponseAsync(messages, options, TestContext.Current.CancellationToken);

        var sent = Assert.Single(inner.ChatCalls());
        Assert.Same(options, sent.Options);
        Assert.Equal([true, true, false], sent.Messages.Select(HasHint));
    }

    [Fact]
    public async Task GetResponseAsync_AnthropicCallerInstructionsHint_KeptAndConversationHintAdded()
    {
        var inner = ChatClientSubstitute.Create("anthropic", "claude-sonnet-4-5").CachesPrompts(PromptCachingStyle.Breakpoints);
        using var client = new PromptCachingChatClient(inner);
        var options = new ChatOptions { Instructions = LongText }.WithInstructionsCacheBreakpoint(TimeSpan.FromHours(1));

        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "q")], options, TestContext.Current.CancellationToken);

        var sent = Assert.Single(inner.ChatCalls());
        Assert.True(sent.Options!.TryGetCacheBreakpoint(AdditionalPropertyKeys.InstructionsCacheBreakpoint, out var kept));
        Assert.Equal(TimeSpan.FromHours(1), kept.Ttl);
        Assert.True(HasHint(sent.Messages[0]));
    }

    [Fact]
    public async Task GetResponseAsync_OpenAi_StablePromptCacheKeyAndCallerKeyUntouched()
    {
        var inner = ChatClientSubstitute.Create("openai", "gpt-4.1").CachesPrompts(PromptCachingStyle.PromptCacheKey);
        using var client = new PromptCachingChatClient(inner);

        await client.GetResponseAsync([new(ChatRole.User, "a")], new ChatOptions { Instructions = "You are a helpful bot." }, TestContext.Current.CancellationToken);
        await client.GetResponseAsync([new(ChatRole.User, "b"), new(ChatRole.Assistant, "c"), new(ChatRole.User, "d")], new ChatOptions { Instructions = "You are a helpful bot." }, TestContext.Current.CancellationToken);
        await client.GetResponseAsync([new(ChatRole.User, "a")], new ChatOptions { Instructions = "Other bot." }, TestContext.Current.CancellationToken);
        await client.GetResponseAsync([new(ChatRole.User, "a")], new ChatOptions { Instructions = "x", AdditionalProperties = new() { [AdditionalPropertyKeys.PromptCacheKey] = "mine" } }, TestContext.Current.CancellationToken);

        var keys = inner.ChatCalls().Select(c => c.Options!.AdditionalProperties![AdditionalPropertyKeys.PromptCacheKey] as string).ToList();
        Assert.StartsWith("llmadapters-", keys[0], StringComparison.Ordinal);
        Assert.Equal(44, keys[0]!.Length);
        Assert.Equal(keys[0], keys[1]);
        Assert.NotEqual(keys[0], keys[2]);
        Assert.Equal("mine", keys[3]);
    }

    [Fact]
    public async Task GetResponseAsync_GeminiContextCache_CreateReuseRefreshExpireRecreate()
    {
        var clock = TestClock.Create();
        var (caches, log) = ContextCaches(clock);
        var inner = ChatClientSubstitute.Create("gcp.gemini", "gemini-2.5-flash").CachesPrompts(PromptCachingStyle.ContextCache).Offers(caches);
        using var client = new PromptCachingChatClient(inner, new PromptCachingOptions { ContextCacheTtl = TimeSpan.FromHours(1), ContextCacheRefreshBefore = TimeSpan.FromMinutes(10) }, clock);
        var tool = AIFunctionFactory.Create(() => 1, "one");
        List<ChatMessage> Conversation(string question) =>
            [new(ChatRole.System, "Answer from the document."), new(ChatRole.User, LongText), new(ChatRole.Assistant, "Read it."), new(ChatRole.User, question)];
        ChatOptions Options() => new() { Instructions = "Be exact.", Tools = [tool], Temperature = 0.2f };

        // 1. First call creates the cache from the stable prefix and sends only the last user turn.
        await client.GetResponseAsync(Conversation("q1"), Options(), TestContext.Current.CancellationToken);
        Assert.Equal(["create cachedContents/1 gemini-2.5-flash 3 messages, instructions+tools"], log);
        var first = inner.ChatCalls()[^1];
        Assert.Equal(["q1"], first.Messages.Select(m => m.Text));
        Assert.Equal("cachedContents/1", first.Options!.AdditionalProperties![AdditionalPropertyKeys.ContextCacheName]);
        Assert.Null(first.Options.Instructions);
        Assert.Null(first.Options.Tools);
        Assert.Equal(0.2f, first.Options.Temperature);

        // 2. Same prefix later: reused, nothing created.
        clock.Advance(TimeSpan.FromMinutes(20));
        await client.GetResponseAsync(Conversation("q2"), Options(), TestContext.Current.CancellationToken);
        Assert.Single(log);
        Assert.Equal("cachedContents/1", inner.ChatCalls()[^1].Options!.AdditionalProperties![AdditionalPropertyKeys.ContextCacheName]);

        // 3. Within ten minutes of expiry: lifetime extended, same cache.
        clock.Advance(TimeSpan.FromMinutes(35));
        await client.GetResponseAsync(Conversation("q3"), Options(), TestContext.Current.CancellationToken);
        Assert.Equal("update cachedContents/1 3600s", log[^1]);

        // 4. Expired: a new cache is created.
        clock.Advance(TimeSpan.FromHours(2));
        await client.GetResponseAsync(Conversation("q4"), Options(), TestContext.Current.CancellationToken);
        Assert.StartsWith("create cachedContents/2", log[^1], StringComparison.Ordinal);

        // 5. The provider lost it: recreated once and the call repeated.
        var failOnce = 1;
        inner.Answers(call => call.Arg<ChatOptions?>()?.AdditionalProperties?[AdditionalPropertyKeys.ContextCacheName] as string == "cachedContents/2" && Interlocked.Exchange(ref failOnce, 0) == 1
            ? Task.FromException<ChatResponse>(new ContextCacheNotFoundException("gone", new ProviderErrorDetails("gcp.gemini", HttpStatusCode.Forbidden, "PERMISSION_DENIED")))
            : Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok"))));
        var response = await client.GetResponseAsync(Conversation("q5"), Options(), TestContext.Current.CancellationToken);
        Assert.Equal("ok", response.Text);
        Assert.StartsWith("create cachedContents/3", log[^1], StringComparison.Ordinal);
        Assert.Equal("cachedContents/3", inner.ChatCalls()[^1].Options!.AdditionalProperties![AdditionalPropertyKeys.ContextCacheName]);
        Assert.Equal(4, log.Count);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_GeminiCacheGoneBeforeFirstUpdate_RecreatedAndStreamed()
    {
        var clock = TestClock.Create();
        var (caches, log) = ContextCaches(clock);
        var attempts = 0;
        var inner = ChatClientSubstitute.Create("gcp.vertex_ai", "gemini-2.5-pro").CachesPrompts(PromptCachingStyle.ContextCache).Offers(caches).Streams(_ => Interlocked.Increment(ref attempts) == 1
            ? ChatClientSubstitute.Updates([], thenThrow: new ContextCacheNotFoundException("gone", new ProviderErrorDetails("gcp.vertex_ai", HttpStatusCode.NotFound, "NOT_FOUND")))
            : ChatClientSubstitute.Updates(["a"]));
        using var client = new PromptCachingChatClient(inner, timeProvider: clock);

        var texts = await ResilienceChatClientTests.Collect(client.GetStreamingResponseAsync([new(ChatRole.User, LongText), new(ChatRole.Assistant, "ok"), new(ChatRole.User, "q")], cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(["a"], texts);
        Assert.Equal(2, log.Count(l => l.StartsWith("create", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task GetResponseAsync_GeminiShortPrefix_NoContextCache()
    {
        var clock = TestClock.Create();
        var (caches, log) = ContextCaches(clock);
        var inner = ChatClientSubstitute.Create("gcp.gemini", "gemini-2.5-flash").CachesPrompts(PromptCachingStyle.ContextCache).Offers(caches);
        using var client = new PromptCachingChatClient(inner, timeProvider: clock);

        await client.GetResponseAsync([new(ChatRole.User, "hi"), new(ChatRole.Assistant, "hello"), new(ChatRole.User, "bye")], cancellationToken: TestContext.Current.CancellationToken);

        Assert.Empty(log);
        Assert.Equal(3, inner.ChatCalls()[0].Messages.Count);
    }

    [Fact]
    public async Task GetResponseAsync_ProviderNameWithoutStyle_RequestPassesUnchanged()
    {
        // Named like a caching provider, but reports no style: names decide nothing.
        var inner = ChatClientSubstitute.Create("anthropic", "claude-sonnet-4-5");
        using var client = new PromptCachingChatClient(inner);
        var options = new ChatOptions { Instructions = LongText };
        List<ChatMessage> messages = [new(ChatRole.User, LongText)];

        await client.GetResponseAsync(messages, options, TestContext.Current.CancellationToken);

        var sent = Assert.Single(inner.ChatCalls());
        Assert.Same(options, sent.Options);
        Assert.Same(messages[0], sent.Messages[0]);
        Assert.False(HasHint(sent.Messages[0]));
    }

    [Fact]
    public async Task GetResponseAsync_UnknownProviderReportingBreakpoints_HintsWithTheDefaultMinimum()
    {
        var inner = ChatClientSubstitute.Create("acme", "acme-large").CachesPrompts(PromptCachingStyle.Breakpoints);
        using var client = new PromptCachingChatClient(inner, new PromptCachingOptions { DefaultMinCacheableTokens = 1024 });

        await client.GetResponseAsync([new ChatMessage(ChatRole.User, LongText)], new ChatOptions { Instructions = LongText }, TestContext.Current.CancellationToken);

        var sent = Assert.Single(inner.ChatCalls());
        Assert.True(sent.Options!.TryGetCacheBreakpoint(AdditionalPropertyKeys.InstructionsCacheBreakpoint, out _));
        Assert.True(HasHint(sent.Messages[0]));
    }

    [Fact]
    public async Task GetResponseAsync_UnknownProviderReportingPromptCacheKey_SetsTheKey()
    {
        var inner = ChatClientSubstitute.Create("acme", "acme-large").CachesPrompts(PromptCachingStyle.PromptCacheKey);
        using var client = new PromptCachingChatClient(inner);

        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "a")], new ChatOptions { Instructions = "Be brief." }, TestContext.Current.CancellationToken);

        var key = Assert.IsType<string>(Assert.Single(inner.ChatCalls()).Options!.AdditionalProperties![AdditionalPropertyKeys.PromptCacheKey]);
        Assert.StartsWith("llmadapters-", key, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_ContextCacheStyleOtherErrorNamingTheCache_PropagatesWithoutRecreating()
    {
        // Only ContextCacheNotFoundException means "gone": an error whose text talks about the cache is not read.
        var clock = TestClock.Create();
        var (caches, log) = ContextCaches(clock);
        var failure = new ProviderPermissionException("Permission denied on cachedContents/1.", new ProviderErrorDetails("gcp.gemini", HttpStatusCode.Forbidden, "PERMISSION_DENIED"));
        var inner = ChatClientSubstitute.Create("gcp.gemini", "gemini-2.5-flash").CachesPrompts(PromptCachingStyle.ContextCache).Offers(caches)
            .Answers(_ => Task.FromException<ChatResponse>(failure));
        using var client = new PromptCachingChatClient(inner, timeProvider: clock);

        var thrown = await Assert.ThrowsAsync<ProviderPermissionException>(() =>
            client.GetResponseAsync([new(ChatRole.User, LongText), new(ChatRole.Assistant, "ok"), new(ChatRole.User, "q")], cancellationToken: TestContext.Current.CancellationToken));

        Assert.Same(failure, thrown);
        Assert.Equal(["create cachedContents/1 gemini-2.5-flash 2 messages"], log);
        Assert.Single(inner.ChatCalls());
    }

    [Fact]
    public async Task GetResponseAsync_NoneStyle_NeitherMetadataNorCachesAreAsked()
    {
        var inner = ChatClientSubstitute.Create("ollama", "llama3.2").CachesPrompts(PromptCachingStyle.None);
        using var client = new PromptCachingChatClient(inner);
        var options = new ChatOptions { Instructions = LongText };

        await client.GetResponseAsync([new ChatMessage(ChatRole.User, LongText)], options, TestContext.Current.CancellationToken);

        Assert.Same(options, Assert.Single(inner.ChatCalls()).Options);
        inner.DidNotReceive().GetService(typeof(ChatClientMetadata), Arg.Any<object?>());
        inner.DidNotReceive().GetService(typeof(IContextCacheService), Arg.Any<object?>());
    }

    /// <summary>A context-cache service that names caches cachedContents/1, /2, … and logs each call in one line.</summary>
    private static (IContextCacheService Service, List<string> Log) ContextCaches(TimeProvider clock)
    {
        var log = new List<string>();
        var next = 0;
        var caches = Substitute.For<IContextCacheService>();
        caches.CreateAsync(Arg.Any<IEnumerable<ChatMessage>>(), Arg.Any<ChatOptions?>(), Arg.Any<TimeSpan>(), Arg.Any<CancellationToken>()).Returns(call =>
        {
            var (prefix, options, ttl) = (call.ArgAt<IEnumerable<ChatMessage>>(0), call.ArgAt<ChatOptions?>(1), call.ArgAt<TimeSpan>(2));
            var name = $"cachedContents/{Interlocked.Increment(ref next)}";
            var extras = options is { Instructions: not null, Tools.Count: > 0 } ? ", instructions+tools" : string.Empty;
            log.Add($"create {name} {options?.ModelId} {prefix.Count()} messages{extras}");
            return new ContextCacheEntry(name, options?.ModelId ?? "?", clock.GetUtcNow() + ttl, 5000);
        });
        caches.UpdateTtlAsync(Arg.Any<string>(), Arg.Any<TimeSpan>(), Arg.Any<CancellationToken>()).Returns(call =>
        {
            var (name, ttl) = (call.ArgAt<string>(0), call.ArgAt<TimeSpan>(1));
            log.Add($"update {name} {ttl.TotalSeconds}s");
            return new ContextCacheEntry(name, "gemini-2.5-flash", clock.GetUtcNow() + ttl);
        });
        caches.DeleteAsync(Arg.Any<string>(), Arg.Any<CancellationToken>()).Returns(call =>
        {
            log.Add($"delete {call.ArgAt<string>(0)}");
            return Task.CompletedTask;
        });
        return (caches, log);
    }
}
