using System.Text.Json;
using System.Text.Json.Nodes;
using LlmAdapters.OpenAI.Responses.Wire;
using Microsoft.Extensions.AI;
using static LlmAdapters.OpenAI.Tests.Responses.OpenAIResponsesRequestMapperTests;
using static LlmAdapters.OpenAI.Tests.OpenAITestSupport;

namespace LlmAdapters.OpenAI.Tests.Responses;

public sealed class OpenAIResponsesRequestMapperToolsTests
{
    private static JsonNode? ToolsOf(params AITool[] tools) =>
        Map([new ChatMessage(ChatRole.User, "Hi")], new ChatOptions { Tools = tools })["tools"];

    private static readonly JsonElement TripSchema = JsonDocument.Parse(
        """{"type":"object","properties":{"city":{"type":"string"},"days":{"type":"integer"}},"required":["city"]}""").RootElement;

    private const string LooseTrip = """{"type":"object","properties":{"city":{"type":"string"},"days":{"type":"integer"}},"required":["city"]}""";

    private const string StrictTrip = """{"type":"object","properties":{"city":{"type":"string"},"days":{"type":"integer"}},"required":["city","days"],"additionalProperties":false}""";

    private static JsonNode? ToolsWith(AdditionalPropertiesDictionary? options, params AITool[] tools) =>
        Map([new ChatMessage(ChatRole.User, "Hi")], new ChatOptions { Tools = tools, AdditionalProperties = options })["tools"];

    [Fact]
    public void ToWireRequest_FunctionWithoutStrictSetting_SendsStrictFalseAndItsSchemaAsGiven()
    {
        AssertJsonEqual(
            $$"""[{"type":"function","name":"trip","parameters":{{LooseTrip}},"strict":false}]""",
            ToolsWith(null, new Declared("trip", TripSchema, null)));
    }

    [Fact]
    public void ToWireRequest_StrictOnTheFunction_WinsOverTheOptionsAndGetsAStrictSchema()
    {
        var strictOne = new Declared("strict_one", TripSchema, new Dictionary<string, object?> { ["strict"] = true });
        var looseOne = new Declared("loose_one", TripSchema, new Dictionary<string, object?> { ["strict"] = false });
        var unset = new Declared("unset", TripSchema, null);

        AssertJsonEqual(
            $$"""
            [{"type":"function","name":"strict_one","parameters":{{StrictTrip}},"strict":true},
             {"type":"function","name":"loose_one","parameters":{{LooseTrip}},"strict":false},
             {"type":"function","name":"unset","parameters":{{StrictTrip}},"strict":true}]
            """,
            ToolsWith(new() { ["strict"] = true }, strictOne, looseOne, unset));
    }

    [Theory]
    [InlineData("strict")]
    [InlineData("strictJsonSchema")]
    public void ToWireRequest_StrictFalseInOptions_SendsStrictFalseAndAlsoOptsTheJsonSchemaFormatOut(string key)
    {
        var options = new ChatOptions
        {
            Tools = [new Declared("trip", TripSchema, null)],
            ResponseFormat = ChatResponseFormat.ForJsonSchema(TripSchema, "trip"),
            AdditionalProperties = new() { [key] = false },
        };

        var json = Map([new ChatMessage(ChatRole.User, "Hi")], options);

        Assert.False(json["tools"]![0]!["strict"]!.GetValue<bool>());
        Assert.Null(json["text"]!["format"]!["strict"]);
    }

    [Fact]
    public void ToWireRequest_HostedWebSearchTool_MapsToWebSearch()
    {
        AssertJsonEqual("""[{"type":"web_search"}]""", ToolsOf(new HostedWebSearchTool()));
    }

    [Fact]
    public void ToWireRequest_HostedFileSearchTool_MapsVectorStoresAndMaxResults()
    {
        var tool = new HostedFileSearchTool { Inputs = [new HostedVectorStoreContent("vs_1"), new HostedVectorStoreContent("vs_2")], MaximumResultCount = 5 };

        AssertJsonEqual("""[{"type":"file_search","vector_store_ids":["vs_1","vs_2"],"max_num_results":5}]""", ToolsOf(tool));
    }

    [Fact]
    public void ToWireRequest_HostedCodeInterpreterTool_MapsToAutoContainerWithFiles()
    {
        AssertJsonEqual("""[{"type":"code_interpreter","container":{"type":"auto"}}]""", ToolsOf(new HostedCodeInterpreterTool()));
        AssertJsonEqual(
            """[{"type":"code_interpreter","container":{"type":"auto","file_ids":["file-1"]}}]""",
            ToolsOf(new HostedCodeInterpreterTool { Inputs = [new HostedFileContent("file-1")] }));
    }

    [Fact]
    public void ToWireRequest_HostedMcpServerTool_MapsLabelUrlAllowedToolsApprovalAndHeaders()
    {
        var tool = new HostedMcpServerTool("deepwiki", new Uri("https://mcp.deepwiki.com/mcp"))
        {
            ServerDescription = "Docs of public repositories",
            AllowedTools = ["ask_question", "read_wiki_structure"],
            ApprovalMode = HostedMcpServerToolApprovalMode.RequireSpecific(["ask_question"], ["read_wiki_structure"]),
            Headers = new Dictionary<string, string> { ["X-Tenant"] = "t1" },
        };

        AssertJsonEqual("""
            [{"type":"mcp","server_label":"deepwiki","server_url":"https://mcp.deepwiki.com/mcp","server_description":"Docs of public repositories",
              "allowed_tools":["ask_question","read_wiki_structure"],
              "require_approval":{"always":{"tool_names":["ask_question"]},"never":{"tool_names":["read_wiki_structure"]}},
              "headers":{"X-Tenant":"t1"}}]
            """, ToolsOf(tool));
    }

    [Fact]
    public void ToWireRequest_HostedMcpServerToolConnectorNeverApprove_MapsConnectorId()
    {
        var tool = new HostedMcpServerTool("mail", "connector_gmail") { ApprovalMode = HostedMcpServerToolApprovalMode.NeverRequire };

        AssertJsonEqual("""[{"type":"mcp","server_label":"mail","connector_id":"connector_gmail","require_approval":"never"}]""", ToolsOf(tool));
    }

    [Fact]
    public async Task GetResponseAsync_HostedToolTheApiCannotServe_ThrowsNotSupportedBeforeAnyRequest()
    {
        await using var emulator = await StartEmulatorAsync();
        using var client = new OpenAIResponsesChatClient(Options(emulator));

        var ex = await Assert.ThrowsAsync<NotSupportedException>(() =>
            client.GetResponseAsync("Hi", new ChatOptions { Tools = [new HostedImageGenerationTool()] }, Ct));

        Assert.Contains("openai", ex.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(HostedImageGenerationTool), ex.Message, StringComparison.Ordinal);
        Assert.Empty(emulator.Requests);
    }

    [Fact]
    public void ToWireRequest_HostedToolItemsInHistory_AreSentBackOnceEachAsTheyCame()
    {
        var codeItem = new OpenAIResponsesItem
        {
            Type = "code_interpreter_call",
            Id = "ci_1",
            Status = "completed",
            Code = "print(1)",
            ContainerId = "cntr_1",
            Outputs = [new JsonObject { ["type"] = "logs", ["logs"] = "1\n" }],
        };
        var searchItem = new OpenAIResponsesItem { Type = "web_search_call", Id = "ws_1", Status = "completed", Action = new JsonObject { ["type"] = "search", ["query"] = "weather" } };
        var assistant = new ChatMessage(ChatRole.Assistant,
        [
            new CodeInterpreterToolCallContent("ci_1") { RawRepresentation = codeItem },
            new CodeInterpreterToolResultContent("ci_1") { RawRepresentation = codeItem },
            new WebSearchToolCallContent("ws_1") { RawRepresentation = searchItem },
            new TextContent("It is 1."),
        ]);

        var json = Map([assistant]);

        AssertJsonEqual("""
            [{"type":"code_interpreter_call","id":"ci_1","status":"completed","code":"print(1)","container_id":"cntr_1","outputs":[{"type":"logs","logs":"1\n"}]},
             {"type":"web_search_call","id":"ws_1","status":"completed","action":{"type":"search","query":"weather"}},
             {"type":"message","role":"assistant","content":[{"type":"output_text","text":"It is 1."}]}]
            """, json["input"]);
    }

    /// <summary>A function declaration with a fixed schema and its own additional properties.</summary>
    private sealed class Declared(string name, JsonElement schema, IReadOnlyDictionary<string, object?>? properties) : AIFunctionDeclaration
    {
        public override string Name => name;

        public override JsonElement JsonSchema => schema;

        public override IReadOnlyDictionary<string, object?> AdditionalProperties => properties ?? base.AdditionalProperties;
    }
}
