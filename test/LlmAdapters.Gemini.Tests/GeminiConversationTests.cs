using System.Text.Json;
using LlmAdapters.Gemini;
using LlmAdapters.Testing;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Gemini.Tests;

/// <summary>Multi-turn function calling with thinking on a Gemini 3 model, whose emulator rejects missing signatures.</summary>
public sealed class GeminiConversationTests
{
    private const string Model = "gemini-3-pro-preview";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task FunctionCallingWithThinking_SignaturesRoundTripExactlyOnTheirParts(bool streaming)
    {
        await using var h = await GeminiHarness.StartAsync();
        using var client = h.Client(Model);
        const string sigThought = "EqsFCqgFAXLI2nx+/=thought";
        const string sigCall = "CiQBcsjafE5pN0xT/call==";
        const string sigText = "Ek0KSwFyyNp8final";
        h.Emulator.Enqueue(new ScriptedReply()
            .WithReasoning("I need weather and time.", sigThought)
            .WithToolCall(string.Empty, "get_weather", """{"city":"Paris"}""", sigCall)
            .WithToolCall(string.Empty, "get_time", """{"city":"Paris"}""")
            .InChunks(2));
        h.Emulator.Enqueue(ScriptedReply.Text("Sunny, 21 C, noon.").WithProperty("gemini.final_signature", sigText).InChunks(2));
        h.Emulator.Enqueue(ScriptedReply.Text("You're welcome."));

        var history = new List<ChatMessage> { new(ChatRole.User, "Weather and time in Paris?") };
        var first = await AskAsync(client, history, streaming);
        var calls = first.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ToList();
        Assert.Equal(["get_weather", "get_time"], calls.Select(c => c.Name));
        Assert.Equal(ChatFinishReason.ToolCalls, first.FinishReason);
        history.AddRange(first.Messages);
        history.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(calls[0].CallId, "21 C"), new FunctionResultContent(calls[1].CallId, "12:00")]));

        var second = await AskAsync(client, history, streaming);
        Assert.Equal("Sunny, 21 C, noon.", second.Text);
        var turn2 = h.Emulator.LastRequest.Json!["contents"]!.AsArray();
        var modelParts = turn2[1]!["parts"]!.AsArray();
        Assert.Equal(sigThought, modelParts.Single(p => p!["thought"] is not null)!["thoughtSignature"]!.GetValue<string>());
        var wireCalls = modelParts.Where(p => p!["functionCall"] is not null).ToList();
        Assert.Equal(sigCall, wireCalls[0]!["thoughtSignature"]!.GetValue<string>());
        Assert.Null(wireCalls[1]!["thoughtSignature"]);
        Assert.Null(wireCalls[0]!["functionCall"]!["id"]);
        Json.Equal("""{"name":"get_weather","args":{"city":"Paris"}}""", wireCalls[0]!["functionCall"]);
        Json.Equal("""
            [{"functionResponse":{"name":"get_weather","response":{"output":"21 C"}}},
             {"functionResponse":{"name":"get_time","response":{"output":"12:00"}}}]
            """, turn2[2]!["parts"]);

        history.AddRange(second.Messages);
        history.Add(new ChatMessage(ChatRole.User, "Thanks"));
        await AskAsync(client, history, streaming);
        var turn3 = h.Emulator.LastRequest.Json!["contents"]!.AsArray();
        var answerParts = turn3[3]!["parts"]!.AsArray();
        Assert.Equal(sigText, answerParts.Last()!["thoughtSignature"]!.GetValue<string>());
        Assert.Equal("Sunny, 21 C, noon.", string.Concat(answerParts.Select(p => p!["text"]!.GetValue<string>())));
        Assert.All(answerParts, p => Assert.Null(p!["thought"]));
    }

    [Fact]
    public async Task ForeignFunctionCallInHistory_GetsSkipValueAndGemini3AcceptsIt()
    {
        await using var h = await GeminiHarness.StartAsync();
        using var client = h.Client(Model);
        h.Emulator.Enqueue(ScriptedReply.Text("Done."));
        var foreign = new FunctionCallContent("call_Xyz", "lookup", new Dictionary<string, object?> { ["q"] = "a" })
        {
            AdditionalProperties = new() { [AdditionalPropertyKeys.OriginProvider] = "openai" },
        };
        List<ChatMessage> history =
        [
            new(ChatRole.User, "Look it up"),
            new(ChatRole.Assistant, [foreign]),
            new(ChatRole.Tool, [new FunctionResultContent("call_Xyz", JsonElement.Parse("""{"hit":true}"""))]),
        ];

        var response = await client.GetResponseAsync(history, cancellationToken: Ct);

        Assert.Equal("Done.", response.Text);
        Json.Equal("""
            {"role":"model","parts":[{"thoughtSignature":"skip_thought_signature_validator","functionCall":{"id":"call_Xyz","name":"lookup","args":{"q":"a"}}}]}
            """, h.Emulator.LastRequest.Json!["contents"]![1]);
    }

    [Fact]
    public async Task Gemini3Emulator_RejectsMissingSignature_SoTheSkipValueMatters()
    {
        await using var h = await GeminiHarness.StartAsync();
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, h.Emulator.Url($"v1beta/models/{Model}:generateContent"))
        {
            Content = new StringContent("""
                {"contents":[{"role":"user","parts":[{"text":"go"}]},
                  {"role":"model","parts":[{"functionCall":{"name":"lookup","args":{}}}]},
                  {"role":"user","parts":[{"functionResponse":{"name":"lookup","response":{"output":1}}}]}]}
                """, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("x-goog-api-key", GeminiHarness.Key);

        using var response = await http.SendAsync(request, Ct);

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("thought_signature", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    private static async Task<ChatResponse> AskAsync(IChatClient client, List<ChatMessage> history, bool streaming)
    {
        if (!streaming)
        {
            return await client.GetResponseAsync(history, cancellationToken: Ct);
        }

        var updates = await GeminiChatClientTests.ReadAllAsync(client.GetStreamingResponseAsync(history, cancellationToken: Ct));
        return updates.ToChatResponse();
    }
}
