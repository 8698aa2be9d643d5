using LlmAdapters.OpenAI.Responses.Wire;
using LlmAdapters.Testing;
using Microsoft.Extensions.AI;
using static LlmAdapters.OpenAI.Tests.Responses.OpenAIResponsesTestData;
using static LlmAdapters.OpenAI.Tests.OpenAITestSupport;

namespace LlmAdapters.OpenAI.Tests.Responses;

public sealed class OpenAIResponsesStreamMapperTests
{
    [Fact]
    public async Task GetStreamingResponseAsync_TextReasoningEncrypted_MapsEveryPartAndExactUsage()
    {
        await using var emulator = await StartEmulatorAsync();
        using var client = ResponsesClient(emulator);
        emulator.Enqueue(Stream("text-reasoning-encrypted.txt"));

        var updates = await CollectAsync(client.GetStreamingResponseAsync("Weather?", cancellationToken: Ct));

        var contents = updates.SelectMany(u => u.Contents).ToList();
        Assert.Equal("**Checking** the sources.", string.Concat(contents.OfType<TextReasoningContent>().Select(r => r.Text)));
        Assert.Equal("gAAAAABo-encrypted+/=", Assert.Single(contents.OfType<TextReasoningContent>(), r => r.ProtectedData is not null).ProtectedData);
        Assert.Equal("Paris is sunny été.", string.Concat(contents.OfType<TextContent>().Select(t => t.Text)));
        var citation = Assert.IsType<CitationAnnotation>(Assert.Single(contents.OfType<TextContent>().SelectMany(t => t.Annotations ?? [])));
        Assert.Equal(new Uri("https://weather.example/paris"), citation.Url);
        Assert.Equal("Paris weather", citation.Title);
        var region = Assert.IsType<TextSpanAnnotatedRegion>(Assert.Single(citation.AnnotatedRegions!));
        Assert.Equal((0, 15), (region.StartIndex, region.EndIndex));
        var usage = Assert.Single(contents.OfType<UsageContent>()).Details;
        Assert.Equal((6047L, 1623L, 7670L, 2944L, 1408L), (usage.InputTokenCount, usage.OutputTokenCount, usage.TotalTokenCount, usage.CachedInputTokenCount, usage.ReasoningTokenCount));
        var response = updates.ToChatResponse();
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal("resp_67c9", response.ResponseId);
        Assert.Equal("gpt-5-mini-2025-08-07", response.ModelId);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1757603567), response.CreatedAt);

        // The recorded response says store:false: there is nothing to continue from on the server.
        Assert.Null(response.ConversationId);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_InterleavedCallArguments_AssemblesEachCallOnce()
    {
        await using var emulator = await StartEmulatorAsync();
        using var client = ResponsesClient(emulator);
        emulator.Enqueue(Stream("function-calls.txt"));

        var updates = await CollectAsync(client.GetStreamingResponseAsync("Weather?", cancellationToken: Ct));

        var calls = updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>().ToList();
        Assert.Equal(["call_paris", "call_rome"], calls.Select(c => c.CallId));
        Assert.All(calls, c => Assert.Equal("get_weather", c.Name));
        Assert.Equal(["Paris", "Rome"], calls.Select(c => c.Arguments!["city"]!.ToString()));
        Assert.Equal(ChatFinishReason.ToolCalls, updates.ToChatResponse().FinishReason);
        Assert.Equal("resp_67c9", updates.ToChatResponse().ConversationId);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ArgumentsOnlyInDoneEventWithoutName_YieldsTheWholeCall()
    {
        await using var emulator = await StartEmulatorAsync();
        using var client = ResponsesClient(emulator);
        emulator.Enqueue(Stream("lmstudio-function-call.txt"));

        var updates = await CollectAsync(client.GetStreamingResponseAsync("Weather?", cancellationToken: Ct));

        var call = Assert.Single(updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>());
        Assert.Equal(("call_lms", "get_weather", "Oslo"), (call.CallId, call.Name, call.Arguments!["city"]!.ToString()));
        var usage = Assert.Single(updates.SelectMany(u => u.Contents).OfType<UsageContent>()).Details;
        Assert.Equal((30L, 9L, 39L), (usage.InputTokenCount, usage.OutputTokenCount, usage.TotalTokenCount));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ErrorEvent_ThrowsQuotaExceededAfterTheCreatedUpdate()
    {
        await using var emulator = await StartEmulatorAsync();
        using var client = ResponsesClient(emulator);
        emulator.Enqueue(Stream("error.txt"));
        var updates = new List<ChatResponseUpdate>();

        var ex = await Assert.ThrowsAsync<QuotaExceededException>(() => CollectAsync(client.GetStreamingResponseAsync("Hi", cancellationToken: Ct), updates));

        Assert.Equal("openai", ex.Provider);
        Assert.Equal("insufficient_quota", ex.ProviderErrorType);
        Assert.Equal("resp_67c9", Assert.Single(updates).ResponseId);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_Incomplete_MapsLengthRefusalAndUsage()
    {
        await using var emulator = await StartEmulatorAsync();
        using var client = ResponsesClient(emulator);
        emulator.Enqueue(Stream("incomplete.txt"));

        var updates = await CollectAsync(client.GetStreamingResponseAsync("Story", cancellationToken: Ct));

        var response = updates.ToChatResponse();
        Assert.Equal(ChatFinishReason.Length, response.FinishReason);
        Assert.Equal("Once upon a", response.Text);
        var refusal = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<ErrorContent>());
        Assert.Equal(("I can't continue that.", "refusal"), (refusal.Message, refusal.ErrorCode));
        Assert.Equal((10L, 16L, 26L, 12L), (response.Usage!.InputTokenCount, response.Usage.OutputTokenCount, response.Usage.TotalTokenCount, response.Usage.ReasoningTokenCount));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_UnknownEventsAndItems_AreKeptRaw()
    {
        await using var emulator = await StartEmulatorAsync();
        using var client = ResponsesClient(emulator);
        emulator.Enqueue(Stream("unknown-event.txt"));

        var updates = await CollectAsync(client.GetStreamingResponseAsync("Draw", cancellationToken: Ct));

        var partial = Assert.Single(updates, u => u.RawRepresentation is OpenAIResponsesStreamEvent { Type: "response.image_generation_call.partial_image" });
        Assert.Empty(partial.Contents);
        Assert.Equal("resp_67c9", partial.ResponseId);
        var raw = Assert.Single(updates.SelectMany(u => u.Contents), c => c.GetType() == typeof(AIContent));
        Assert.Equal("image_generation_call", Assert.IsType<OpenAIResponsesStreamEvent>(raw.RawRepresentation).Item!.Type);
        Assert.Equal("Here it is.", updates.ToChatResponse().Text);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_HostedTools_MapsCallsResultsCitationsAndRawItems()
    {
        await using var emulator = await StartEmulatorAsync();
        using var client = ResponsesClient(emulator);
        emulator.Enqueue(Stream("hosted-tools.txt"));

        var updates = await CollectAsync(client.GetStreamingResponseAsync("Research", cancellationToken: Ct));

        OpenAIResponsesResponseMapperTests.AssertHostedTools(updates.ToChatResponse(), streamed: true);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_HostedToolHistory_IsSentBackAsInputItems()
    {
        await using var emulator = await StartEmulatorAsync();
        using var client = ResponsesClient(emulator);
        emulator.Enqueue(Stream("hosted-tools.txt"));
        emulator.Enqueue(ScriptedReply.Text("ok"));
        var first = (await CollectAsync(client.GetStreamingResponseAsync("Research", cancellationToken: Ct))).ToChatResponse();

        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "Research"), .. first.Messages, new ChatMessage(ChatRole.User, "More")], cancellationToken: Ct);

        var input = emulator.LastRequest.Json!["input"]!.AsArray();
        Assert.Equal(
            ["message", "web_search_call", "code_interpreter_call", "mcp_list_tools", "mcp_call", "file_search_call", "message", "message"],
            input.Select(i => i!["type"]!.GetValue<string>()));
        AssertJsonEqual("""{"id":"ci_01","type":"code_interpreter_call","status":"completed","code":"print(6*7)","container_id":"cntr_01","outputs":[{"type":"logs","logs":"42\n"}]}""", input[2]);
    }
}
