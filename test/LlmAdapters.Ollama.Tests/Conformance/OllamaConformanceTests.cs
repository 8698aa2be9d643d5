using LlmAdapters.Conformance;
using LlmAdapters.Testing;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Ollama.Tests.Conformance;

public sealed class OllamaConformanceTests : ChatClientConformanceTests
{
    protected override string ExpectedProviderName => "ollama";

    protected override string ExpectedDefaultModelId => "llama3.2";

    // A local server needs no key; this one stands in for hosted Ollama's bearer key.
    protected override string ApiKey => "ollama-test-key-0123456789";

    protected override IChatClient CreateClient(ProviderEmulator emulator) =>
        new OllamaChatClient(new OllamaOptions { Endpoint = emulator.BaseAddress, ApiKey = ApiKey, DefaultModelId = ExpectedDefaultModelId });

    // Ollama sends no response id, so two calls cannot share one: each response gets its own generated id. Everything
    // else the base case compares must agree.
    [Fact]
    public override async Task GetStreamingResponseAsync_Text_AggregatesToTheNonStreamedResponse()
    {
        await using var emulator = await StartEmulatorAsync();
        using var client = CreateClient(emulator);
        emulator.Enqueue(ScriptedReply.Text(ScriptedText).WithUsage(12, 34), ScriptedReply.Text(ScriptedText).WithUsage(12, 34).InChunks(5));

        var whole = await client.GetResponseAsync(Prompt, cancellationToken: Ct);
        var streamed = (await CollectAsync(client.GetStreamingResponseAsync(Prompt, cancellationToken: Ct))).ToChatResponse();

        AssertSameExceptId(whole, streamed);
    }

    [Fact]
    public override async Task GetStreamingResponseAsync_ToolCall_AggregatesToTheNonStreamedResponse()
    {
        await using var emulator = await StartEmulatorAsync();
        using var client = CreateClient(emulator);
        emulator.Enqueue(
            ScriptedReply.ToolCalls(("call_1", "get_weather", """{"city":"Paris"}""")).WithUsage(20, 8),
            ScriptedReply.ToolCalls(("call_1", "get_weather", """{"city":"Paris"}""")).WithUsage(20, 8).InChunks(3));

        var whole = await client.GetResponseAsync(Prompt, WeatherTool, Ct);
        var streamed = (await CollectAsync(client.GetStreamingResponseAsync(Prompt, WeatherTool, Ct))).ToChatResponse();

        AssertSameExceptId(whole, streamed);
        AssertWeatherCall(Assert.Single(streamed.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>()));
    }

    private static void AssertSameExceptId(ChatResponse whole, ChatResponse streamed)
    {
        Assert.StartsWith("ochat_", whole.ResponseId, StringComparison.Ordinal);
        Assert.StartsWith("ochat_", streamed.ResponseId, StringComparison.Ordinal);
        Assert.NotEqual(whole.ResponseId, streamed.ResponseId);
        Assert.Equal(whole.ResponseId, Assert.Single(whole.Messages).MessageId);
        Assert.Equal(streamed.ResponseId, Assert.Single(streamed.Messages).MessageId);

        // With equal ids, the base suite's comparison holds.
        streamed.ResponseId = whole.ResponseId;
        AssertSameResponse(whole, streamed);
    }
}
