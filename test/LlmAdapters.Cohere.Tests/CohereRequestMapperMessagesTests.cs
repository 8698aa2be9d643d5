using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using static LlmAdapters.Cohere.Tests.TestSupport.CohereTestSupport;

namespace LlmAdapters.Cohere.Tests;

/// <summary>Golden request bodies for messages, tool results and documents.</summary>
public sealed class CohereRequestMapperMessagesTests
{
    [Fact]
    public void ToWireRequest_InstructionsAndSystemMessages_JoinIntoOneLeadingSystemTurn()
    {
        ChatMessage[] messages =
        [
            new(ChatRole.User, "Hi"),
            new(ChatRole.System, "Answer in French."),
            new(ChatRole.Assistant, "Bonjour"),
        ];

        AssertRequest(
            """
            {"model":"command-a-03-2025","messages":[
              {"role":"system","content":"Be brief.\n\nAnswer in French."},
              {"role":"user","content":"Hi"},
              {"role":"assistant","content":"Bonjour"}]}
            """,
            Map(messages, new ChatOptions { Instructions = "Be brief." }));
    }

    [Fact]
    public void ToWireRequest_AssistantToolPlanAndCalls_SendPlanWithCallsAsJsonText()
    {
        var plan = new TextReasoningContent("I will look up the weather.") { AdditionalProperties = new() { [CoherePropertyKeys.ToolPlan] = true } };
        var call = new FunctionCallContent("weather_1", "get_weather", new Dictionary<string, object?> { ["city"] = "Paris", ["days"] = 2 });
        ChatMessage[] messages = [new(ChatRole.User, "Weather?"), new(ChatRole.Assistant, [plan, call])];

        AssertRequest(
            """
            {"model":"command-a-03-2025","messages":[
              {"role":"user","content":"Weather?"},
              {"role":"assistant","tool_plan":"I will look up the weather.",
               "tool_calls":[{"id":"weather_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\",\"days\":2}"}}]}]}
            """,
            Map(messages));
    }

    [Fact]
    public void ToWireRequest_CallWithoutArguments_SendsEmptyObjectText()
    {
        ChatMessage[] messages = [new(ChatRole.Assistant, [new FunctionCallContent("t_1", "get_time")])];

        var call = Assert.Single(Map(messages).Messages[0].ToolCalls!);

        Assert.Equal("{}", call.Function!.Arguments);
    }

    [Fact]
    public void ToWireRequest_ToolResults_ObjectsBecomeDocumentsAndStringsText()
    {
        ChatMessage[] messages =
        [
            new(ChatRole.Tool,
            [
                new FunctionResultContent("c1", JsonDocument.Parse("""{"temp":21,"sky":{"cover":"clear"}}""").RootElement),
                new FunctionResultContent("c2", "Sunny."),
                new FunctionResultContent("c3", new[] { new { title = "a" }, new { title = "b" } }),
                new FunctionResultContent("c4", 42),
                new FunctionResultContent("c5", null) { Exception = new InvalidOperationException("boom") },
            ]),
        ];

        AssertRequest(
            """
            {"model":"command-a-03-2025","messages":[
              {"role":"tool","tool_call_id":"c1","content":[{"type":"document","document":{"data":"{\"temp\":21,\"sky\":{\"cover\":\"clear\"}}"}}]},
              {"role":"tool","tool_call_id":"c2","content":[{"type":"text","text":"Sunny."}]},
              {"role":"tool","tool_call_id":"c3","content":[{"type":"document","document":{"data":"{\"title\":\"a\"}"}},{"type":"document","document":{"data":"{\"title\":\"b\"}"}}]},
              {"role":"tool","tool_call_id":"c4","content":[{"type":"text","text":"42"}]},
              {"role":"tool","tool_call_id":"c5","content":[{"type":"text","text":"Error: boom"}]}]}
            """,
            Map(messages));
    }

    [Fact]
    public void ToWireRequest_AssistantThinking_SentBackAsThinkingPartBeforeText()
    {
        var own = new TextReasoningContent("Let me think.") { AdditionalProperties = new() { [AdditionalPropertyKeys.OriginProvider] = "cohere" } };
        var foreign = new TextReasoningContent("Another model's thoughts.") { AdditionalProperties = new() { [AdditionalPropertyKeys.OriginProvider] = "anthropic" } };
        ChatMessage[] messages = [new(ChatRole.Assistant, [own, foreign, new TextContent("Paris.")])];

        AssertRequest(
            """
            {"model":"command-a-03-2025","messages":[
              {"role":"assistant","content":[{"type":"thinking","thinking":"Let me think."},{"type":"text","text":"Paris."}]}]}
            """,
            Map(messages));
    }

    [Fact]
    public void ToWireRequest_ToolPlanWithoutCalls_IsNotSent()
    {
        var plan = new TextReasoningContent("Plan") { AdditionalProperties = new() { [CoherePropertyKeys.ToolPlan] = true } };
        ChatMessage[] messages = [new(ChatRole.Assistant, [plan, new TextContent("Done.")])];

        AssertRequest("""{"model":"command-a-03-2025","messages":[{"role":"assistant","content":"Done."}]}""", Map(messages));
    }

    [Fact]
    public void ToWireRequest_Images_SendImageUrlParts()
    {
        ChatMessage[] messages =
        [
            new(ChatRole.User,
            [
                new TextContent("What is this?"),
                new DataContent(new byte[] { 1, 2, 3 }, "image/png") { AdditionalProperties = new() { ["detail"] = "low" } },
                new UriContent(new Uri("https://example.com/cat.jpg"), "image/jpeg"),
            ]),
        ];

        AssertRequest(
            """
            {"model":"command-a-03-2025","messages":[{"role":"user","content":[
              {"type":"text","text":"What is this?"},
              {"type":"image_url","image_url":{"url":"data:image/png;base64,AQID","detail":"low"}},
              {"type":"image_url","image_url":{"url":"https://example.com/cat.jpg"}}]}]}
            """,
            Map(messages));
    }

    [Fact]
    public void ToWireRequest_UnsupportedContent_ThrowsOnMessages()
    {
        ChatMessage[] messages = [new(ChatRole.User, [new DataContent(new byte[] { 1 }, "application/pdf")])];

        var ex = Assert.Throws<ArgumentException>(() => Map(messages));

        Assert.Equal("messages", ex.ParamName);
        Assert.Contains("application/pdf", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToWireRequest_DocumentsOption_AcceptsStringsDictionariesAndWireObjects()
    {
        var options = new ChatOptions
        {
            AdditionalProperties = new()
            {
                [CoherePropertyKeys.Documents] = new object[]
                {
                    "Plain text document.",
                    new Dictionary<string, string> { ["title"] = "benefits.txt", ["text"] = "Automation of tasks." },
                    new JsonObject { ["id"] = "policy", ["data"] = new JsonObject { ["text"] = "No pets." } },
                    new JsonObject { ["text"] = "Wrapped as data." },
                },
            },
        };

        AssertRequest(
            """
            {"model":"command-a-03-2025","messages":[{"role":"user","content":"Hi"}],"documents":[
              "Plain text document.",
              {"data":{"title":"benefits.txt","text":"Automation of tasks."}},
              {"id":"policy","data":{"text":"No pets."}},
              {"data":{"text":"Wrapped as data."}}]}
            """,
            Map("Hi", options));
    }

    [Fact]
    public void ToWireRequest_DocumentsFromJsonArray_MapEachItem()
    {
        var options = new ChatOptions
        {
            AdditionalProperties = new() { [CoherePropertyKeys.Documents] = JsonDocument.Parse("""["one",{"title":"t","text":"two"}]""").RootElement },
        };

        AssertJson("""["one",{"data":{"title":"t","text":"two"}}]""", ToNode(Map("Hi", options))["documents"]);
    }

    [Fact]
    public void ToWireRequest_DocumentsNotASequence_ThrowsOnOptions()
    {
        var options = new ChatOptions { AdditionalProperties = new() { [CoherePropertyKeys.Documents] = new Dictionary<string, string> { ["text"] = "x" } } };

        var ex = Assert.Throws<ArgumentException>(() => Map("Hi", options));

        Assert.Equal("options", ex.ParamName);
    }

    [Fact]
    public void ToWireRequest_TextDataContent_BecomesATitledDocumentAfterTheOptionDocuments()
    {
        ChatMessage[] messages =
        [
            new(ChatRole.User, [new TextContent("Summarise the notes."), new DataContent(Encoding.UTF8.GetBytes("Meeting at 10."), "text/plain") { Name = "notes.txt" }]),
        ];
        var options = new ChatOptions { AdditionalProperties = new() { [CoherePropertyKeys.Documents] = new[] { "First." } } };

        AssertRequest(
            """
            {"model":"command-a-03-2025","messages":[{"role":"user","content":"Summarise the notes."}],
             "documents":["First.",{"data":{"title":"notes.txt","text":"Meeting at 10."}}]}
            """,
            Map(messages, options));
    }

    [Fact]
    public void ToWireRequest_ToolResultInUserMessage_StillBecomesAToolMessage()
    {
        ChatMessage[] messages = [new(ChatRole.User, [new FunctionResultContent("c1", "ok"), new TextContent("And now?")])];

        AssertRequest(
            """
            {"model":"command-a-03-2025","messages":[
              {"role":"tool","tool_call_id":"c1","content":[{"type":"text","text":"ok"}]},
              {"role":"user","content":"And now?"}]}
            """,
            Map(messages));
    }
}
