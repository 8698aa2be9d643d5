using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using static LlmAdapters.Anthropic.Tests.AnthropicTestSupport;

namespace LlmAdapters.Anthropic.Tests;

public sealed partial class AnthropicRequestMapperTests
{
    [Fact]
    public void ToWireRequest_InstructionsSystemMessagesAndConsecutiveRoles_MapsToSystemBlocksAndMergedTurns()
    {
        ChatMessage[] messages =
        [
            new(ChatRole.System, "Be terse."),
            new(ChatRole.User, "Hi"),
            new(ChatRole.User, "Again"),
            new(ChatRole.Assistant, "Hello"),
            new(ChatRole.Assistant, "There"),
            new(ChatRole.User, "Bye"),
        ];
        var request = Map(messages, new ChatOptions
        {
            Instructions = "You are helpful.",
            Temperature = 0.5f,
            TopP = 0.9f,
            TopK = 40,
            StopSequences = ["###"],
            Seed = 7,
            FrequencyPenalty = 0.3f,
        });

        AssertRequest(
            """
            {"model":"claude-sonnet-4-5","max_tokens":8192,
             "system":[{"type":"text","text":"You are helpful."},{"type":"text","text":"Be terse."}],
             "messages":[
               {"role":"user","content":[{"type":"text","text":"Hi"},{"type":"text","text":"Again"}]},
               {"role":"assistant","content":[{"type":"text","text":"Hello"},{"type":"text","text":"There"}]},
               {"role":"user","content":[{"type":"text","text":"Bye"}]}],
             "stop_sequences":["###"],"temperature":0.5,"top_p":0.9,"top_k":40}
            """,
            request);
    }

    [Fact]
    public void ToWireRequest_OnlySystemMessages_ThrowsArgumentException()
    {
        var ex = Assert.Throws<ArgumentException>(() => Map([new ChatMessage(ChatRole.System, "rules")]));
        Assert.Equal("messages", ex.ParamName);
    }

    [Theory]
    [InlineData("claude-3-haiku-20240307", null, null, 4096)]
    [InlineData("claude-3-5-haiku-latest", null, null, 8192)]
    [InlineData("claude-opus-4-5", null, null, 8192)]
    [InlineData("claude-opus-4-5", 2000, null, 2000)]
    [InlineData("claude-opus-4-5", 2000, 300, 300)]
    public void ToWireRequest_MaxTokens_OptionThenClientDefaultThenModelDefault(string model, int? clientDefault, int? perCall, int expected)
    {
        var request = Map("hi", new ChatOptions { ModelId = model, MaxOutputTokens = perCall }, new AnthropicOptions { ApiKey = Key, DefaultMaxOutputTokens = clientDefault });
        Assert.Equal(expected, request.Body.MaxTokens);
    }

    [Fact]
    public void ToWireRequest_ImagesAndDocuments_MapsBase64UrlAndTextSources()
    {
        var message = new ChatMessage(ChatRole.User,
        [
            new DataContent(new byte[] { 1, 2, 3 }, "image/png"),
            new UriContent(new Uri("https://example.com/cat.jpg"), "image/jpeg"),
            new DataContent(new byte[] { 4, 5 }, "application/pdf") { Name = "report.pdf" },
            new UriContent(new Uri("https://example.com/paper.pdf"), "application/pdf"),
            new DataContent(Encoding.UTF8.GetBytes("plain words"), "text/plain") { Name = "notes" },
            new TextContent("Summarise."),
        ]);

        AssertRequest(
            """
            {"model":"claude-sonnet-4-5","max_tokens":8192,"messages":[{"role":"user","content":[
              {"type":"image","source":{"type":"base64","media_type":"image/png","data":"AQID"}},
              {"type":"image","source":{"type":"url","url":"https://example.com/cat.jpg"}},
              {"type":"document","title":"report.pdf","source":{"type":"base64","media_type":"application/pdf","data":"BAU="}},
              {"type":"document","source":{"type":"url","url":"https://example.com/paper.pdf"}},
              {"type":"document","title":"notes","source":{"type":"text","media_type":"text/plain","data":"plain words"}},
              {"type":"text","text":"Summarise."}]}]}
            """,
            Map([message]));
    }

    [Fact]
    public void ToWireRequest_DocumentWithCitationsKey_EnablesCitations()
    {
        var pdf = new UriContent(new Uri("https://example.com/paper.pdf"), "application/pdf")
        {
            AdditionalProperties = new() { [AnthropicPropertyKeys.Citations] = true },
        };
        AssertRequest(
            """
            {"model":"claude-sonnet-4-5","max_tokens":8192,"messages":[{"role":"user","content":[
              {"type":"document","source":{"type":"url","url":"https://example.com/paper.pdf"},"citations":{"enabled":true}}]}]}
            """,
            Map([new ChatMessage(ChatRole.User, [pdf])]));
    }

    [Fact]
    public void ToWireRequest_UnsupportedImageType_ThrowsArgumentException()
    {
        var message = new ChatMessage(ChatRole.User, [new DataContent(new byte[] { 1 }, "image/bmp")]);
        var ex = Assert.Throws<ArgumentException>(() => Map([message]));
        Assert.Contains("image/jpeg, image/png, image/gif or image/webp", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToWireRequest_UnsupportedMediaType_ThrowsArgumentException()
    {
        var message = new ChatMessage(ChatRole.User, [new DataContent(new byte[] { 1 }, "audio/wav")]);
        var ex = Assert.Throws<ArgumentException>(() => Map([message]));
        Assert.Contains("audio/wav", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToWireRequest_ToolCallsAndResults_MapToToolUseAndToolResultInUserTurn()
    {
        ChatMessage[] messages =
        [
            new(ChatRole.User, "Weather in Paris and Rome?"),
            new(ChatRole.Assistant,
            [
                new TextContent("Checking."),
                new FunctionCallContent("toolu_1", "get_weather", new Dictionary<string, object?> { ["city"] = "Paris", ["days"] = 2 }),
                new FunctionCallContent("toolu_2", "get_weather", new Dictionary<string, object?> { ["city"] = "Rome" }),
            ]),
            new(ChatRole.Tool,
            [
                new FunctionResultContent("toolu_1", "Sunny, 21C"),
                new FunctionResultContent("toolu_2", null) { Exception = new InvalidOperationException("secret internals") },
            ]),
            new(ChatRole.User, "Thanks"),
        ];

        AssertRequest(
            """
            {"model":"claude-sonnet-4-5","max_tokens":8192,"messages":[
              {"role":"user","content":[{"type":"text","text":"Weather in Paris and Rome?"}]},
              {"role":"assistant","content":[
                {"type":"text","text":"Checking."},
                {"type":"tool_use","id":"toolu_1","name":"get_weather","input":{"city":"Paris","days":2}},
                {"type":"tool_use","id":"toolu_2","name":"get_weather","input":{"city":"Rome"}}]},
              {"role":"user","content":[
                {"type":"tool_result","tool_use_id":"toolu_1","content":[{"type":"text","text":"Sunny, 21C"}]},
                {"type":"tool_result","tool_use_id":"toolu_2","content":[{"type":"text","text":"The tool call failed."}],"is_error":true},
                {"type":"text","text":"Thanks"}]}]}
            """,
            Map(messages));
    }

    [Fact]
    public void ToWireRequest_ToolResultAfterUserText_PutsToolResultsFirst()
    {
        ChatMessage[] messages =
        [
            new(ChatRole.Assistant, [new FunctionCallContent("toolu_1", "f")]),
            new(ChatRole.User, "Also this"),
            new(ChatRole.Tool, [new FunctionResultContent("toolu_1", JsonSerializer.SerializeToElement(new Dictionary<string, int> { ["n"] = 1 }))]),
        ];

        AssertRequest(
            """
            {"model":"claude-sonnet-4-5","max_tokens":8192,"messages":[
              {"role":"assistant","content":[{"type":"tool_use","id":"toolu_1","name":"f","input":{}}]},
              {"role":"user","content":[
                {"type":"tool_result","tool_use_id":"toolu_1","content":[{"type":"text","text":"{\"n\":1}"}]},
                {"type":"text","text":"Also this"}]}]}
            """,
            Map(messages));
    }

    [Fact]
    public void ToWireRequest_ThinkingAndRedactedThinking_SentBackWithSignatureUnchanged()
    {
        var assistant = new ChatMessage(ChatRole.Assistant,
        [
            new TextReasoningContent("Let me think") { ProtectedData = "EvQBsig==" },
            new TextReasoningContent(string.Empty)
            {
                ProtectedData = "opaque-redacted",
                AdditionalProperties = new() { [AnthropicPropertyKeys.RedactedThinking] = true },
            },
            new FunctionCallContent("toolu_9", "lookup", new Dictionary<string, object?> { ["q"] = "x" }),
        ]);

        AssertRequest(
            """
            {"model":"claude-sonnet-4-5","max_tokens":8192,"messages":[
              {"role":"user","content":[{"type":"text","text":"q"}]},
              {"role":"assistant","content":[
                {"type":"thinking","thinking":"Let me think","signature":"EvQBsig=="},
                {"type":"redacted_thinking","data":"opaque-redacted"},
                {"type":"tool_use","id":"toolu_9","name":"lookup","input":{"q":"x"}}]},
              {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_9","content":[{"type":"text","text":"42"}]}]}]}
            """,
            Map([new ChatMessage(ChatRole.User, "q"), assistant, new ChatMessage(ChatRole.Tool, [new FunctionResultContent("toolu_9", "42")])]));
    }

    [Fact]
    public void ToWireRequest_StreamedThinkingPieces_RejoinedBeforeSignature()
    {
        var assistant = new ChatMessage(ChatRole.Assistant,
        [
            new TextReasoningContent("Let me "),
            new TextReasoningContent("think"),
            new TextReasoningContent(string.Empty) { ProtectedData = "sig" },
            new TextReasoningContent("no signature from elsewhere"),
            new TextContent("Answer"),
        ]);

        AssertRequest(
            """
            {"model":"claude-sonnet-4-5","max_tokens":8192,"messages":[
              {"role":"assistant","content":[{"type":"thinking","thinking":"Let me think","signature":"sig"},{"type":"text","text":"Answer"}]}]}
            """,
            Map([assistant]));
    }

    [Fact]
    public void ToWireRequest_ReasoningInUserMessage_IsNotSent()
    {
        var user = new ChatMessage(ChatRole.User, [new TextReasoningContent("x") { ProtectedData = "s" }, new TextContent("hi")]);
        AssertRequest(
            """{"model":"claude-sonnet-4-5","max_tokens":8192,"messages":[{"role":"user","content":[{"type":"text","text":"hi"}]}]}""",
            Map([user]));
    }

    [Fact]
    public void ToWireRequest_UnknownContentWithRawBlock_IsSentBackVerbatim()
    {
        var raw = JsonSerializer.Deserialize(
            """{"type":"server_tool_use","id":"srvtoolu_1","name":"web_search","input":{"query":"x"}}""",
            Wire.AnthropicJsonContext.Default.ResponseBlock)!;
        var result = JsonSerializer.Deserialize(
            """{"type":"web_search_tool_result","tool_use_id":"srvtoolu_1","content":[{"type":"web_search_result","url":"https://a.example","title":"A","encrypted_content":"enc"}]}""",
            Wire.AnthropicJsonContext.Default.ResponseBlock)!;
        var assistant = new ChatMessage(ChatRole.Assistant, [new AIContent { RawRepresentation = raw }, new AIContent { RawRepresentation = result }, new TextContent("Found it.")]);

        AssertRequest(
            """
            {"model":"claude-sonnet-4-5","max_tokens":8192,"messages":[{"role":"assistant","content":[
              {"type":"server_tool_use","id":"srvtoolu_1","name":"web_search","input":{"query":"x"}},
              {"type":"web_search_tool_result","tool_use_id":"srvtoolu_1","content":[{"type":"web_search_result","url":"https://a.example","title":"A","encrypted_content":"enc"}]},
              {"type":"text","text":"Found it."}]}]}
            """,
            Map([assistant]));
    }

    public static TheoryData<ChatToolMode?, bool?, string?> ToolModes() => new()
    {
        { null, null, null },
        { ChatToolMode.Auto, null, """{"type":"auto"}""" },
        { ChatToolMode.None, null, """{"type":"none"}""" },
        { ChatToolMode.RequireAny, null, """{"type":"any"}""" },
        { ChatToolMode.RequireSpecific("get_weather"), null, """{"type":"tool","name":"get_weather"}""" },
        { ChatToolMode.RequireSpecific("get_weather"), false, """{"type":"tool","name":"get_weather","disable_parallel_tool_use":true}""" },
        { ChatToolMode.RequireAny, false, """{"type":"any","disable_parallel_tool_use":true}""" },
        { null, false, """{"type":"auto","disable_parallel_tool_use":true}""" },
        { ChatToolMode.Auto, true, """{"type":"auto"}""" },
    };

    [Theory]
    [MemberData(nameof(ToolModes))]
    public void ToWireRequest_ToolMode_MapsToToolChoice(ChatToolMode? mode, bool? allowMultiple, string? expectedChoice)
    {
        var tool = AIFunctionFactory.Create((string city) => city, "get_weather", "Gets the weather.");
        var request = Map("hi", new ChatOptions { Tools = [tool], ToolMode = mode, AllowMultipleToolCalls = allowMultiple });
        var node = ToNode(request);

        AssertJson(
            """[{"name":"get_weather","description":"Gets the weather.","input_schema":""" + tool.JsonSchema.GetRawText() + "}]",
            node["tools"]);
        AssertJson(expectedChoice ?? "null", node["tool_choice"]);
    }

    [Fact]
    public void ToWireRequest_NoTools_SendsNoToolChoice()
    {
        var node = ToNode(Map("hi", new ChatOptions { ToolMode = ChatToolMode.RequireAny }));
        Assert.Null(node["tools"]);
        Assert.Null(node["tool_choice"]);
    }

    [Theory]
    [InlineData(ReasoningEffort.Low, 1024)]
    [InlineData(ReasoningEffort.Medium, 4096)]
    [InlineData(ReasoningEffort.High, 16384)]
    [InlineData(ReasoningEffort.ExtraHigh, 32768)]
    public void ToWireRequest_ReasoningEffort_MapsToBudgetAndRaisesMaxTokens(ReasoningEffort effort, int budget)
    {
        var request = Map("hi", new ChatOptions { Reasoning = new ReasoningOptions { Effort = effort }, MaxOutputTokens = 2000 });
        AssertJson($$"""{"type":"enabled","budget_tokens":{{budget}}}""", ToNode(request)["thinking"]);
        Assert.Equal(budget < 2000 ? 2000 : budget + 2000, request.Body.MaxTokens);
    }
}
