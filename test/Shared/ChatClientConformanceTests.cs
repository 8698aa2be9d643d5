using System.Text;
using System.Text.Json;
using LlmAdapters.Testing;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Conformance;

/// <summary>
/// The behaviour every provider's <see cref="IChatClient"/> shares, run against the provider's emulator dialect.
/// A provider subclasses this and overrides a case only where the provider legitimately differs.
/// </summary>
public abstract class ChatClientConformanceTests
{
    /// <summary>The text most cases script.</summary>
    protected const string ScriptedText = "The quick brown fox jumps over the lazy dog.";

    /// <summary>Gets the OpenTelemetry GenAI provider name the client reports.</summary>
    protected abstract string ExpectedProviderName { get; }

    /// <summary>Gets the default model id the client is created with.</summary>
    protected abstract string ExpectedDefaultModelId { get; }

    /// <summary>Gets the API key the client is created with.</summary>
    protected abstract string ApiKey { get; }

    /// <summary>
    /// Gets how many stream frames the emulator sends before it drops the connection in the disconnect case:
    /// two text frames where the dialect's first frame already carries text.
    /// </summary>
    protected virtual int DisconnectAfterFrames => 2;

    /// <summary>Gets the test's cancellation token.</summary>
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Creates the client under test pointed at <paramref name="emulator"/>.</summary>
    /// <param name="emulator">The running emulator.</param>
    /// <returns>The client.</returns>
    protected abstract IChatClient CreateClient(ProviderEmulator emulator);

    /// <summary>Starts an emulator for one test.</summary>
    /// <returns>The running emulator.</returns>
    protected virtual Task<ProviderEmulator> StartEmulatorAsync() => ProviderEmulator.StartAsync(Ct);

    /// <summary>Gets the messages every case sends.</summary>
    protected static IList<ChatMessage> Prompt => [new ChatMessage(ChatRole.User, "Hello")];

    /// <summary>Gets chat options declaring the weather tool.</summary>
    protected static ChatOptions WeatherTool => new()
    {
        Tools = [AIFunctionFactory.CreateDeclaration("get_weather", "Gets the weather for a city.", JsonDocument.Parse("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""").RootElement)],
    };

    [Fact]
    public virtual async Task GetResponseAsync_Text_ReturnsScriptedTextAndUsage()
    {
        await using var emulator = await StartEmulatorAsync();
        using var client = CreateClient(emulator);
        emulator.Enqueue(ScriptedReply.Text(ScriptedText).WithUsage(12, 34));

        var response = await client.GetResponseAsync(Prompt, cancellationToken: Ct);

        Assert.Equal(ScriptedText, response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.NotNull(response.Usage);
        Assert.Equal(12, response.Usage.InputTokenCount);
        Assert.Equal(34, response.Usage.OutputTokenCount);
        Assert.Equal(46, response.Usage.TotalTokenCount);
    }

    [Fact]
    public virtual async Task GetStreamingResponseAsync_Text_YieldsScriptedTextOneUsageAndStop()
    {
        await using var emulator = await StartEmulatorAsync();
        using var client = CreateClient(emulator);
        emulator.Enqueue(ScriptedReply.Text(ScriptedText).WithUsage(12, 34).InChunks(5));

        var updates = await CollectAsync(client.GetStreamingResponseAsync(Prompt, cancellationToken: Ct));

        Assert.Equal(ScriptedText, string.Concat(updates.Select(u => u.Text)));
        Assert.True(updates.Count(u => u.Text.Length > 0) > 1, "The text arrived in a single update; the scripted reply was chunked.");
        var usage = Assert.Single(updates.SelectMany(u => u.Contents).OfType<UsageContent>());
        Assert.Equal(12, usage.Details.InputTokenCount);
        Assert.Equal(34, usage.Details.OutputTokenCount);
        Assert.Equal(46, usage.Details.TotalTokenCount);
        Assert.Equal(ChatFinishReason.Stop, updates.Last(u => u.FinishReason is not null).FinishReason);
        Assert.Equal(ChatFinishReason.Stop, updates.ToChatResponse().FinishReason);
    }

    [Fact]
    public virtual async Task GetResponseAsync_ToolCall_ReturnsOneFunctionCall()
    {
        await using var emulator = await StartEmulatorAsync();
        using var client = CreateClient(emulator);
        emulator.Enqueue(ScriptedReply.ToolCalls(("call_1", "get_weather", """{"city":"Paris"}""")));

        var response = await client.GetResponseAsync(Prompt, WeatherTool, Ct);

        var call = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        AssertWeatherCall(call);
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
    }

    [Fact]
    public virtual async Task GetStreamingResponseAsync_ToolCall_YieldsOneFunctionCall()
    {
        await using var emulator = await StartEmulatorAsync();
        using var client = CreateClient(emulator);
        emulator.Enqueue(ScriptedReply.ToolCalls(("call_1", "get_weather", """{"city":"Paris"}""")).InChunks(3));

        var updates = await CollectAsync(client.GetStreamingResponseAsync(Prompt, WeatherTool, Ct));

        var call = Assert.Single(updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>());
        AssertWeatherCall(call);
        Assert.Equal(ChatFinishReason.ToolCalls, updates.Last(u => u.FinishReason is not null).FinishReason);
    }

    [Fact]
    public virtual async Task GetResponseAsync_RateLimited_ThrowsRateLimitedWithRetryAfter()
    {
        await using var emulator = await StartEmulatorAsync();
        using var client = CreateClient(emulator);
        emulator.Enqueue(ScriptedReply.Error(429, retryAfter: TimeSpan.FromSeconds(7)));

        var ex = await Assert.ThrowsAsync<RateLimitedException>(() => client.GetResponseAsync(Prompt, cancellationToken: Ct));

        Assert.Equal(TimeSpan.FromSeconds(7), ex.RetryAfter);
        Assert.True(ex.IsRetryable);
        Assert.Equal(ExpectedProviderName, ex.Provider);
    }

    [Fact]
    public virtual async Task GetResponseAsync_Unauthorized_ThrowsAuthenticationWithoutTheKey()
    {
        await using var emulator = await StartEmulatorAsync();
        using var client = CreateClient(emulator);
        emulator.Enqueue(ScriptedReply.Error(401));

        var ex = await Assert.ThrowsAsync<ProviderAuthenticationException>(() => client.GetResponseAsync(Prompt, cancellationToken: Ct));

        Assert.Equal(ExpectedProviderName, ex.Provider);
        Assert.False(ex.IsRetryable);
        Assert.DoesNotContain(ApiKey, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(ApiKey, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public virtual async Task GetStreamingResponseAsync_Disconnect_ThrowsStreamInterruptedAfterPartialText()
    {
        await using var emulator = await StartEmulatorAsync();
        using var client = CreateClient(emulator);
        emulator.Enqueue(ScriptedReply.Text(ScriptedText).InChunks(6).DisconnectAfter(DisconnectAfterFrames));
        var updates = new List<ChatResponseUpdate>();

        var ex = await Assert.ThrowsAsync<StreamInterruptedException>(() => CollectAsync(client.GetStreamingResponseAsync(Prompt, cancellationToken: Ct), updates));

        Assert.Equal(ExpectedProviderName, ex.Provider);
        var text = string.Concat(updates.Select(u => u.Text));
        Assert.NotEmpty(text);
        Assert.True(text.Length < ScriptedText.Length, $"The whole text arrived before the disconnect: '{text}'.");
        Assert.StartsWith(text, ScriptedText, StringComparison.Ordinal);
    }

    [Fact]
    public virtual async Task GetStreamingResponseAsync_CancelledMidStream_ThrowsOperationCanceled()
    {
        await using var emulator = await StartEmulatorAsync();
        using var client = CreateClient(emulator);
        emulator.Enqueue(ScriptedReply.Text(ScriptedText).InChunks(6));
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var seen = 0;

        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync(Prompt, cancellationToken: cts.Token))
            {
                seen++;
                await cts.CancelAsync();
            }
        });

        Assert.Equal(1, seen);
        Assert.IsNotType<ProviderException>(ex.InnerException, exactMatch: false);
        Assert.Equal(cts.Token, ex.CancellationToken);
    }

    [Fact]
    public virtual async Task GetService_Metadata_ReportsProviderAndDefaultModel()
    {
        await using var emulator = await StartEmulatorAsync();
        using var client = CreateClient(emulator);

        var metadata = Assert.IsType<ChatClientMetadata>(client.GetService(typeof(ChatClientMetadata)));

        Assert.Equal(ExpectedProviderName, metadata.ProviderName);
        Assert.Equal(ExpectedDefaultModelId, metadata.DefaultModelId);
        Assert.Same(metadata, client.GetService<ChatClientMetadata>());
    }

    [Fact]
    public virtual async Task GetService_WithKeyOrOwnType_ReturnsNullOrSelf()
    {
        await using var emulator = await StartEmulatorAsync();
        using var client = CreateClient(emulator);

        Assert.Null(client.GetService(typeof(ChatClientMetadata), "key"));
        Assert.Null(client.GetService(client.GetType(), "key"));
        Assert.Same(client, client.GetService(client.GetType()));
        Assert.Same(client, client.GetService(typeof(IChatClient)));
        Assert.Null(client.GetService(typeof(StringBuilder)));
    }

    [Fact]
    public virtual async Task GetStreamingResponseAsync_Text_AggregatesToTheNonStreamedResponse()
    {
        await using var emulator = await StartEmulatorAsync();
        using var client = CreateClient(emulator);
        emulator.Enqueue(WithId(ScriptedReply.Text(ScriptedText).WithUsage(12, 34), "resp_same"));
        emulator.Enqueue(WithId(ScriptedReply.Text(ScriptedText).WithUsage(12, 34).InChunks(5), "resp_same"));

        var whole = await client.GetResponseAsync(Prompt, cancellationToken: Ct);
        var streamed = (await CollectAsync(client.GetStreamingResponseAsync(Prompt, cancellationToken: Ct))).ToChatResponse();

        AssertSameResponse(whole, streamed);
    }

    [Fact]
    public virtual async Task GetStreamingResponseAsync_ToolCall_AggregatesToTheNonStreamedResponse()
    {
        await using var emulator = await StartEmulatorAsync();
        using var client = CreateClient(emulator);
        emulator.Enqueue(WithId(ScriptedReply.ToolCalls(("call_1", "get_weather", """{"city":"Paris"}""")).WithUsage(20, 8), "resp_tool"));
        emulator.Enqueue(WithId(ScriptedReply.ToolCalls(("call_1", "get_weather", """{"city":"Paris"}""")).WithUsage(20, 8).InChunks(3), "resp_tool"));

        var whole = await client.GetResponseAsync(Prompt, WeatherTool, Ct);
        var streamed = (await CollectAsync(client.GetStreamingResponseAsync(Prompt, WeatherTool, Ct))).ToChatResponse();

        AssertSameResponse(whole, streamed);
        AssertWeatherCall(Assert.Single(streamed.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>()));
    }

    [Fact]
    public virtual async Task BothPaths_EveryContent_CarriesRawRepresentationAndTheOriginIsStamped()
    {
        await using var emulator = await StartEmulatorAsync();
        using var client = CreateClient(emulator);
        emulator.Enqueue(ScriptedReply.Text(ScriptedText).WithToolCall("call_1", "get_weather", """{"city":"Paris"}""").WithUsage(3, 4));
        emulator.Enqueue(ScriptedReply.Text(ScriptedText).WithToolCall("call_1", "get_weather", """{"city":"Paris"}""").WithUsage(3, 4).InChunks(4));

        var whole = await client.GetResponseAsync(Prompt, WeatherTool, Ct);
        var updates = await CollectAsync(client.GetStreamingResponseAsync(Prompt, WeatherTool, Ct));

        Assert.All(whole.Messages.SelectMany(m => m.Contents), c => Assert.True(c.RawRepresentation is not null, $"No raw representation on {c.GetType().Name} '{c}'."));
        Assert.All(updates.SelectMany(u => u.Contents).Where(c => c is not UsageContent), c => Assert.True(c.RawRepresentation is not null, $"No raw representation on {c.GetType().Name} '{c}'."));
        Assert.All(updates, u => Assert.NotNull(u.RawRepresentation));
        Assert.Equal(ExpectedProviderName, whole.AdditionalProperties?[AdditionalPropertyKeys.OriginProvider]);
        Assert.Equal(ExpectedProviderName, Origin(whole));
        Assert.Equal(ExpectedProviderName, updates[0].AdditionalProperties?[AdditionalPropertyKeys.OriginProvider]);
        Assert.Equal(ExpectedProviderName, Origin(updates.ToChatResponse()));
    }

    /// <summary>The origin provider stamped on the answer's message: the engine stamps it on a whole response's messages,
    /// and on the first update of a stream, whose properties MEAI's aggregation moves onto the message.</summary>
    private static object? Origin(ChatResponse response) =>
        Assert.Single(response.Messages).AdditionalProperties?.TryGetValue(AdditionalPropertyKeys.OriginProvider, out var origin) == true ? origin : null;

    private static ScriptedReply WithId(ScriptedReply reply, string id)
    {
        reply.ResponseId = id;
        return reply;
    }

    /// <summary>Asserts a streamed response, aggregated, says what the non-streamed one says.</summary>
    /// <param name="whole">The non-streamed response.</param>
    /// <param name="streamed">The aggregated stream.</param>
    protected static void AssertSameResponse(ChatResponse whole, ChatResponse streamed)
    {
        ArgumentNullException.ThrowIfNull(whole);
        ArgumentNullException.ThrowIfNull(streamed);
        Assert.Equal(whole.Text, streamed.Text);
        Assert.Equal(whole.FinishReason, streamed.FinishReason);
        Assert.Equal(whole.ModelId, streamed.ModelId);
        Assert.NotNull(whole.ResponseId);
        Assert.Equal(whole.ResponseId, streamed.ResponseId);
        Assert.Equal(
            whole.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Select(c => (c.CallId, c.Name, JsonSerializer.Serialize(c.Arguments))),
            streamed.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Select(c => (c.CallId, c.Name, JsonSerializer.Serialize(c.Arguments))));
        Assert.NotNull(whole.Usage);
        Assert.NotNull(streamed.Usage);
        Assert.Equal(
            (whole.Usage.InputTokenCount, whole.Usage.OutputTokenCount, whole.Usage.TotalTokenCount, whole.Usage.CachedInputTokenCount, whole.Usage.ReasoningTokenCount),
            (streamed.Usage.InputTokenCount, streamed.Usage.OutputTokenCount, streamed.Usage.TotalTokenCount, streamed.Usage.CachedInputTokenCount, streamed.Usage.ReasoningTokenCount));
        Assert.NotNull(Origin(whole));
        Assert.Equal(Origin(whole), Origin(streamed));
    }

    /// <summary>Asserts the scripted weather call arrived intact.</summary>
    /// <param name="call">The function call.</param>
    protected static void AssertWeatherCall(FunctionCallContent call)
    {
        ArgumentNullException.ThrowIfNull(call);
        Assert.Equal("get_weather", call.Name);
        Assert.Equal("call_1", call.CallId);
        Assert.NotNull(call.Arguments);
        var city = Assert.Single(call.Arguments);
        Assert.Equal("city", city.Key);
        Assert.Equal("Paris", city.Value switch
        {
            JsonElement { ValueKind: JsonValueKind.String } e => e.GetString(),
            string s => s,
            var other => $"unexpected {other?.GetType().Name ?? "null"}: {other}",
        });
    }

    /// <summary>Collects a stream's updates into <paramref name="into"/>, keeping those yielded before a failure.</summary>
    /// <param name="updates">The stream.</param>
    /// <param name="into">The list to fill.</param>
    /// <returns>The list.</returns>
    protected static async Task<List<ChatResponseUpdate>> CollectAsync(IAsyncEnumerable<ChatResponseUpdate> updates, List<ChatResponseUpdate>? into = null)
    {
        ArgumentNullException.ThrowIfNull(updates);
        var list = into ?? [];
        await foreach (var update in updates)
        {
            list.Add(update);
        }

        return list;
    }
}
