using Microsoft.Extensions.AI;

namespace LlmAdapters.Middleware.Tests;

public sealed class FallbackChatClientTests
{
    /// <summary>A conversation the Anthropic adapter produced: signed and redacted thinking, a raw block, a tool call.</summary>
    private static List<ChatMessage> AnthropicConversation()
    {
        static AdditionalPropertiesDictionary Origin(string provider) => new() { [AdditionalPropertyKeys.OriginProvider] = provider };
        return
        [
            new(ChatRole.System, "Be brief."),
            new(ChatRole.User, "Weather in Paris?"),
            new(ChatRole.Assistant,
            [
                new TextReasoningContent("I should call the tool.") { ProtectedData = "sig-abc", AdditionalProperties = Origin("anthropic") },
                new TextReasoningContent(string.Empty) { ProtectedData = "redacted-blob", AdditionalProperties = Origin("anthropic") },
                new AIContent { RawRepresentation = new object(), AdditionalProperties = Origin("anthropic") },
                new FunctionCallContent("toolu_1", "get_weather", new Dictionary<string, object?> { ["city"] = "Paris" }) { AdditionalProperties = Origin("anthropic"), RawRepresentation = new object() },
            ]) { AdditionalProperties = Origin("anthropic"), RawRepresentation = new object() },
            new(ChatRole.Tool, [new FunctionResultContent("toolu_1", "18°C")]),
            new(ChatRole.Assistant, [new TextReasoningContent("Only thinking.") { ProtectedData = "sig-def", AdditionalProperties = Origin("anthropic") }]) { AdditionalProperties = Origin("anthropic") },
            new(ChatRole.User, "And tomorrow?"),
        ];
    }

    [Fact]
    public async Task GetResponseAsync_RetryableFailure_FallbackGetsSanitisedHistoryAndNeutralOptions()
    {
        var primary = ChatClientSubstitute.Create("anthropic", "claude-sonnet-4-5").Answers(_ => Task.FromException<ChatResponse>(Errors.Overloaded()));
        var secondary = ChatClientSubstitute.Create("openai", "gpt-4o");
        using var client = new FallbackChatClient(primary, [secondary]);
        var conversation = AnthropicConversation();
        var options = new ChatOptions
        {
            ModelId = "claude-sonnet-4-5",
            RawRepresentationFactory = _ => new object(),
            AdditionalProperties = new() { [AdditionalPropertyKeys.ContextCacheName] = "cachedContents/x", ["keep"] = 1 },
        };

        var response = await client.GetResponseAsync(conversation, options, TestContext.Current.CancellationToken);

        Assert.Equal("ok", response.Text);
        var sent = Assert.Single(secondary.ChatCalls());
        Assert.Null(sent.Options!.ModelId);
        Assert.Null(sent.Options.RawRepresentationFactory);
        Assert.False(sent.Options.AdditionalProperties!.ContainsKey(AdditionalPropertyKeys.ContextCacheName));
        Assert.Equal(1, sent.Options.AdditionalProperties["keep"]);

        // The thinking-only assistant turn disappears; the tool-call turn keeps only the portable call.
        Assert.Equal([ChatRole.System, ChatRole.User, ChatRole.Assistant, ChatRole.Tool, ChatRole.User], sent.Messages.Select(m => m.Role));
        var assistant = sent.Messages[2];
        Assert.Null(assistant.RawRepresentation);
        Assert.Null(assistant.AdditionalProperties);
        var call = Assert.IsType<FunctionCallContent>(Assert.Single(assistant.Contents));
        Assert.Equal(("toolu_1", "get_weather", "Paris"), (call.CallId, call.Name, call.Arguments!["city"]));
        Assert.Null(call.RawRepresentation);
        Assert.Null(call.AdditionalProperties);
        Assert.DoesNotContain(sent.Messages.SelectMany(m => m.Contents), c => c is TextReasoningContent);

        // The caller's conversation is untouched.
        Assert.Equal(4, conversation[2].Contents.Count);
        Assert.Equal("claude-sonnet-4-5", options.ModelId);
    }

    [Fact]
    public void ForProvider_ConvertToText_KeepsReasoningAsPlainTextAndStripsThoughtSignatures()
    {
        List<ChatMessage> conversation =
        [
            new(ChatRole.Assistant,
            [
                new TextReasoningContent("Think.") { ProtectedData = "sig", AdditionalProperties = new() { [AdditionalPropertyKeys.OriginProvider] = "gcp.gemini" } },
                new TextContent("Answer.") { AdditionalProperties = new() { [AdditionalPropertyKeys.ThoughtSignature] = "ts-1", [AdditionalPropertyKeys.OriginProvider] = "gcp.gemini" } },
            ]),
        ];

        var sanitized = ConversationSanitizer.ForProvider(conversation, "anthropic", ReasoningHandoff.ConvertToText);

        var contents = Assert.Single(sanitized).Contents;
        Assert.Equal(["Think.", "Answer."], contents.Select(c => Assert.IsType<TextContent>(c).Text));
        Assert.All(contents, c => Assert.Null(c.AdditionalProperties));
    }

    [Fact]
    public void ForProvider_SameProviderOrigin_LeavesArtefactsInPlace()
    {
        var reasoning = new TextReasoningContent("x") { ProtectedData = "sig", AdditionalProperties = new() { [AdditionalPropertyKeys.OriginProvider] = "anthropic" } };
        var message = new ChatMessage(ChatRole.Assistant, [reasoning]);

        var sanitized = ConversationSanitizer.ForProvider([message], "anthropic");

        Assert.Same(message, Assert.Single(sanitized));
    }

    [Fact]
    public async Task GetResponseAsync_NonRetryableFailure_DoesNotFallBack()
    {
        var primary = ChatClientSubstitute.Create("anthropic").Answers(_ => Task.FromException<ChatResponse>(Errors.BadRequest("anthropic")));
        var secondary = ChatClientSubstitute.Create("openai");
        using var client = new FallbackChatClient(primary, [secondary]);

        await Assert.ThrowsAsync<InvalidRequestException>(() => client.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Empty(secondary.ChatCalls());
    }

    [Fact]
    public async Task GetResponseAsync_OpenCircuitThenLastFallbackFails_LastErrorSurfaces()
    {
        var open = new CircuitOpenException("open", new ProviderErrorDetails("anthropic", IsRetryable: true));
        var primary = ChatClientSubstitute.Create("anthropic").Answers(_ => Task.FromException<ChatResponse>(open));
        var second = ChatClientSubstitute.Create("openai").Answers(_ => Task.FromException<ChatResponse>(Errors.RateLimited()));
        var third = ChatClientSubstitute.Create("gcp.gemini").Answers(_ => Task.FromException<ChatResponse>(Errors.RateLimited("gcp.gemini")));
        using var client = new FallbackChatClient(primary, [second, third]);

        var ex = await Assert.ThrowsAsync<RateLimitedException>(() => client.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal("gcp.gemini", ex.Provider);
        Assert.Equal([1, 1, 1], new[] { primary.ChatCalls().Count, second.ChatCalls().Count, third.ChatCalls().Count });
    }

    [Fact]
    public async Task GetStreamingResponseAsync_FailureBeforeFirstUpdate_FallsBack()
    {
        var primary = ChatClientSubstitute.Create("anthropic").Streams(_ => ChatClientSubstitute.Updates([], thenThrow: Errors.Overloaded()));
        var secondary = ChatClientSubstitute.Create("openai").Streams(_ => ChatClientSubstitute.Updates(["x", "y"]));
        using var client = new FallbackChatClient(primary, [secondary]);

        var texts = await ResilienceChatClientTests.Collect(client.GetStreamingResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(["x", "y"], texts);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_FallbackAnswers_OnlyItsFirstUpdateNamesTheOriginProvider()
    {
        var primary = ChatClientSubstitute.Create("anthropic").Streams(_ => ChatClientSubstitute.Updates([], thenThrow: Errors.Overloaded()));
        var secondary = ChatClientSubstitute.Create("openai").Streams(_ => ChatClientSubstitute.Updates(["x", "y"]));
        using var client = new FallbackChatClient(primary, [secondary]);
        var updates = new List<ChatResponseUpdate>();

        await foreach (var update in client.GetStreamingResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken))
        {
            updates.Add(update);
        }

        Assert.Equal(2, updates.Count);
        Assert.Equal("openai", updates[0].AdditionalProperties![AdditionalPropertyKeys.OriginProvider]);
        Assert.False(updates[1].AdditionalProperties?.ContainsKey(AdditionalPropertyKeys.OriginProvider) ?? false);
        Assert.Equal([1, 1], new[] { primary.ChatCalls().Count, secondary.ChatCalls().Count });
    }

    [Fact]
    public async Task GetStreamingResponseAsync_FailureAfterFirstUpdate_SurfacesWithoutFallback()
    {
        var primary = ChatClientSubstitute.Create("anthropic").Streams(_ => ChatClientSubstitute.Updates(["a"], thenThrow: Errors.Overloaded()));
        var secondary = ChatClientSubstitute.Create("openai");
        using var client = new FallbackChatClient(primary, [secondary]);
        var received = new List<string>();

        await Assert.ThrowsAsync<ProviderOverloadedException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken))
            {
                received.Add(update.Text);
            }
        });

        Assert.Equal(["a"], received);
        Assert.Empty(secondary.ChatCalls());
    }

    [Fact]
    public async Task GetResponseAsync_CostTrackingAboveFallback_PricesTheProviderThatAnswered()
    {
        var primary = ChatClientSubstitute.Create("anthropic", "claude-sonnet-4-5").Answers(_ => Task.FromException<ChatResponse>(Errors.Overloaded()));
        var secondary = ChatClientSubstitute.Create("openai", "gpt-4o-mini")
            .Answers(_ => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok")) { ModelId = "gpt-4o-mini", Usage = new UsageDetails { InputTokenCount = 1000, OutputTokenCount = 0 } }));

        var client = primary.AsBuilder().UseCostTracking().UseFallback([secondary]).Build();
        var response = await client.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("openai", response.AdditionalProperties![AdditionalPropertyKeys.OriginProvider]);
        Assert.Equal(0.00015m, response.GetCost()!.Total);
        Assert.Equal("openai", response.GetCost()!.Provider);
    }

    [Fact]
    public async Task UseFallback_Builder_WrapsInnerClient()
    {
        var primary = ChatClientSubstitute.Create("anthropic").Answers(_ => Task.FromException<ChatResponse>(Errors.Overloaded()));
        var secondary = ChatClientSubstitute.Create("openai");

        var client = primary.AsBuilder().UseFallback([secondary]).Build();
        var response = await client.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("ok", response.Text);
        Assert.IsType<FallbackChatClient>(client);
    }
}
