using System.Text.Json;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Ollama.Tests;

public sealed class OllamaRequestMapperTests
{
    private static readonly ChatMessage[] Hi = [new(ChatRole.User, "Hi")];

    [Fact]
    public void ToWireRequest_NoOptions_SendsModelMessagesAndStreamFalse()
    {
        var request = OllamaRequestMapper.ToWireRequest(Hi, null, "llama3.2", stream: false);

        Json.Equal("""{"model":"llama3.2","messages":[{"role":"user","content":"Hi"}],"stream":false}""", Json.Of(request));
    }

    [Fact]
    public void ToWireRequest_Streaming_SendsStreamTrue()
    {
        var request = OllamaRequestMapper.ToWireRequest(Hi, null, "llama3.2", stream: true);

        Assert.Equal(JsonValueKind.True, Json.Of(request)["stream"]!.GetValueKind());
    }

    [Fact]
    public void ToWireRequest_InstructionsAndSystemMessage_BecomeSystemMessagesInOrder()
    {
        ChatMessage[] messages = [new(ChatRole.System, "Be brief."), new(ChatRole.User, "Hi")];

        var request = OllamaRequestMapper.ToWireRequest(messages, new ChatOptions { Instructions = "You are a pirate." }, "llama3.2", stream: false);

        Json.Equal(
            """
            {"model":"llama3.2","stream":false,"messages":[
              {"role":"system","content":"You are a pirate."},
              {"role":"system","content":"Be brief."},
              {"role":"user","content":"Hi"}]}
            """,
            Json.Of(request));
    }

    [Fact]
    public void ToWireRequest_SamplingOptions_GoToOptions()
    {
        var options = new ChatOptions
        {
            Temperature = 0.7f,
            TopP = 0.9f,
            TopK = 40,
            MaxOutputTokens = 512,
            StopSequences = ["\n\n", "END"],
            Seed = 42,
            FrequencyPenalty = 0.5f,
            PresencePenalty = 0.25f,
        };

        var request = OllamaRequestMapper.ToWireRequest(Hi, options, "llama3.2", stream: false);

        Json.Equal(
            """
            {"model":"llama3.2","stream":false,"messages":[{"role":"user","content":"Hi"}],
             "options":{"temperature":0.7,"top_p":0.9,"top_k":40,"num_predict":512,"stop":["\n\n","END"],"seed":42,
                        "frequency_penalty":0.5,"presence_penalty":0.25}}
            """,
            Json.Of(request));
    }

    [Fact]
    public void ToWireRequest_RuntimeKeys_GoToOptionsAndTopLevel()
    {
        var options = new ChatOptions
        {
            AdditionalProperties = new()
            {
                [OllamaPropertyKeys.NumCtx] = 8192,
                [OllamaPropertyKeys.KeepAlive] = TimeSpan.FromMinutes(10),
                [OllamaPropertyKeys.Truncate] = false,
                [OllamaPropertyKeys.Shift] = "true",
                [OllamaPropertyKeys.NumGpu] = "-1",
                [OllamaPropertyKeys.MainGpu] = 1L,
                [OllamaPropertyKeys.NumThread] = 8,
                [OllamaPropertyKeys.NumBatch] = 256,
                [OllamaPropertyKeys.NumKeep] = 4,
                [OllamaPropertyKeys.UseMmap] = true,
                [OllamaPropertyKeys.RepeatPenalty] = 1.1,
                [OllamaPropertyKeys.RepeatLastN] = 64,
                [OllamaPropertyKeys.MinP] = 0.05f,
                [OllamaPropertyKeys.TypicalP] = JsonDocument.Parse("0.9").RootElement,
            },
        };

        var request = OllamaRequestMapper.ToWireRequest(Hi, options, "llama3.2", stream: false);

        var json = Json.Of(request);
        Json.Equal(
            """
            {"num_ctx":8192,"num_gpu":-1,"main_gpu":1,"num_thread":8,"num_batch":256,"num_keep":4,"use_mmap":true,
             "repeat_penalty":1.1,"repeat_last_n":64,"min_p":0.05,"typical_p":0.9}
            """,
            json["options"]);
        Json.Equal("600", json["keep_alive"]);
        Json.Equal("false", json["truncate"]);
        Json.Equal("true", json["shift"]);
    }

    [Theory]
    [InlineData("5m", "\"5m\"")]
    [InlineData(-1, "-1")]
    [InlineData(0, "0")]
    [InlineData(2.5, "2.5")]
    public void ToWireRequest_KeepAliveValues_AreSentAsTheServerReadsThem(object value, string expected)
    {
        var options = new ChatOptions { AdditionalProperties = new() { [OllamaPropertyKeys.KeepAlive] = value } };

        Json.Equal(expected, Json.Of(OllamaRequestMapper.ToWireRequest(Hi, options, "llama3.2", stream: false))["keep_alive"]);
    }

    [Fact]
    public void ToWireRequest_NegativeTimeSpanKeepAlive_KeepsTheModelLoaded()
    {
        var options = new ChatOptions { AdditionalProperties = new() { [OllamaPropertyKeys.KeepAlive] = Timeout.InfiniteTimeSpan } };

        Json.Equal("-1", Json.Of(OllamaRequestMapper.ToWireRequest(Hi, options, "llama3.2", stream: false))["keep_alive"]);
    }

    [Fact]
    public void ToWireRequest_UnusableKnobValue_ThrowsArgumentExceptionNamingTheKey()
    {
        var options = new ChatOptions { AdditionalProperties = new() { [OllamaPropertyKeys.NumCtx] = "lots" } };

        var ex = Assert.Throws<ArgumentException>(() => OllamaRequestMapper.ToWireRequest(Hi, options, "llama3.2", stream: false));

        Assert.Equal("options", ex.ParamName);
        Assert.Contains(OllamaPropertyKeys.NumCtx, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToWireRequest_Image_GoesToImagesAsBase64WithoutPrefix()
    {
        ChatMessage[] messages = [new(ChatRole.User, [new TextContent("What is this?"), new DataContent(new byte[] { 1, 2, 3 }, "image/png")])];

        var request = OllamaRequestMapper.ToWireRequest(messages, null, "llava", stream: false);

        Json.Equal("""[{"role":"user","content":"What is this?","images":["AQID"]}]""", Json.Of(request)["messages"]);
    }

    [Fact]
    public void ToWireRequest_PdfData_ThrowsArgumentException()
    {
        ChatMessage[] messages = [new(ChatRole.User, [new DataContent(new byte[] { 1 }, "application/pdf")])];

        var ex = Assert.Throws<ArgumentException>(() => OllamaRequestMapper.ToWireRequest(messages, null, "llava", stream: false));

        Assert.Equal("messages", ex.ParamName);
    }

    [Fact]
    public void ToWireRequest_ImageByUrl_ThrowsArgumentExceptionSayingToDownloadIt()
    {
        ChatMessage[] messages = [new(ChatRole.User, [new UriContent(new Uri("https://example.com/cat.png"), "image/png")])];

        var ex = Assert.Throws<ArgumentException>(() => OllamaRequestMapper.ToWireRequest(messages, null, "llava", stream: false));

        Assert.Equal("messages", ex.ParamName);
        Assert.Contains("DataContent", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToWireRequest_FunctionTool_IsSentAsFunction()
    {
        var options = new ChatOptions
        {
            Tools = [AIFunctionFactory.CreateDeclaration("get_weather", "Gets the weather.", JsonDocument.Parse("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""").RootElement)],
            ToolMode = ChatToolMode.RequireAny,
            AllowMultipleToolCalls = false,
        };

        var request = OllamaRequestMapper.ToWireRequest(Hi, options, "llama3.2", stream: false);

        Json.Equal(
            """
            {"model":"llama3.2","stream":false,"messages":[{"role":"user","content":"Hi"}],
             "tools":[{"type":"function","function":{"name":"get_weather","description":"Gets the weather.",
               "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}]}
            """,
            Json.Of(request));
    }

    [Fact]
    public void ToWireRequest_ToolModeNone_LeavesTheToolsOut()
    {
        var options = new ChatOptions { Tools = [AIFunctionFactory.CreateDeclaration("f", null, JsonDocument.Parse("{}").RootElement)], ToolMode = ChatToolMode.None };

        Assert.Null(Json.Of(OllamaRequestMapper.ToWireRequest(Hi, options, "llama3.2", stream: false))["tools"]);
    }

    [Fact]
    public void ToWireRequest_ToolCallsAndResults_GoBackAsToolCallsAndToolMessages()
    {
        ChatMessage[] messages =
        [
            new(ChatRole.User, "Weather in Toronto and Paris?"),
            new(ChatRole.Assistant,
            [
                new TextReasoningContent("I should "), new TextReasoningContent("look both up."),
                new FunctionCallContent("call_1", "get_weather", new Dictionary<string, object?> { ["city"] = "Toronto" }),
                new FunctionCallContent("ocall_1_0badf00d", "get_weather", new Dictionary<string, object?> { ["city"] = "Paris" }),
            ]),
            new(ChatRole.Tool, [new FunctionResultContent("call_1", "11 degrees"), new FunctionResultContent("ocall_1_0badf00d", JsonDocument.Parse("""{"c":21}""").RootElement)]),
        ];

        var request = OllamaRequestMapper.ToWireRequest(messages, null, "qwen3", stream: false);

        Json.Equal(
            """
            [
              {"role":"user","content":"Weather in Toronto and Paris?"},
              {"role":"assistant","content":"","thinking":"I should look both up.","tool_calls":[
                {"id":"call_1","function":{"name":"get_weather","arguments":{"city":"Toronto"}}},
                {"id":"ocall_1_0badf00d","function":{"name":"get_weather","arguments":{"city":"Paris"}}}]},
              {"role":"tool","content":"11 degrees","tool_name":"get_weather","tool_call_id":"call_1"},
              {"role":"tool","content":"{\"c\":21}","tool_name":"get_weather","tool_call_id":"ocall_1_0badf00d"}
            ]
            """,
            Json.Of(request)["messages"]);
    }

    [Fact]
    public void ToWireRequest_FailedToolResult_SendsTheErrorText()
    {
        ChatMessage[] messages = [new(ChatRole.Tool, [new FunctionResultContent("c", null) { Exception = new InvalidOperationException("boom") }])];

        Json.Equal(
            """[{"role":"tool","content":"Error: boom","tool_call_id":"c"}]""",
            Json.Of(OllamaRequestMapper.ToWireRequest(messages, null, "qwen3", stream: false))["messages"]);
    }

    [Theory]
    [InlineData("llama3.2", ReasoningEffort.None, "false")]
    [InlineData("qwen3:8b", ReasoningEffort.Low, "true")]
    [InlineData("qwen3:8b", ReasoningEffort.High, "true")]
    [InlineData("gpt-oss:20b", ReasoningEffort.None, "false")]
    [InlineData("gpt-oss:20b", ReasoningEffort.Low, "\"low\"")]
    [InlineData("gpt-oss:120b", ReasoningEffort.Medium, "\"medium\"")]
    [InlineData("gpt-oss", ReasoningEffort.High, "\"high\"")]
    [InlineData("hf.co/org/gpt-oss-20b-GGUF", ReasoningEffort.ExtraHigh, "\"high\"")]
    public void ToWireRequest_ReasoningEffort_MapsToThinkAsTheModelTakesIt(string model, ReasoningEffort effort, string expected)
    {
        var options = new ChatOptions { Reasoning = new ReasoningOptions { Effort = effort } };

        Json.Equal(expected, Json.Of(OllamaRequestMapper.ToWireRequest(Hi, options, model, stream: false))["think"]);
    }

    [Fact]
    public void ToWireRequest_ReasoningOutputNoneWithoutEffort_TurnsThinkingOff()
    {
        var options = new ChatOptions { Reasoning = new ReasoningOptions { Output = ReasoningOutput.None } };

        Json.Equal("false", Json.Of(OllamaRequestMapper.ToWireRequest(Hi, options, "qwen3", stream: false))["think"]);
    }

    [Fact]
    public void ToWireRequest_NoReasoning_LeavesThinkToTheServer()
    {
        Assert.Null(Json.Of(OllamaRequestMapper.ToWireRequest(Hi, new ChatOptions(), "qwen3", stream: false))["think"]);
    }

    [Theory]
    [InlineData(true, "true")]
    [InlineData("low", "\"low\"")]
    [InlineData("false", "false")]
    public void ToWireRequest_ThinkKey_IsSentAsGivenOverReasoning(object value, string expected)
    {
        var options = new ChatOptions
        {
            Reasoning = new ReasoningOptions { Effort = ReasoningEffort.High },
            AdditionalProperties = new() { [OllamaPropertyKeys.Think] = value },
        };

        Json.Equal(expected, Json.Of(OllamaRequestMapper.ToWireRequest(Hi, options, "gpt-oss:20b", stream: false))["think"]);
    }

    [Fact]
    public void ToWireRequest_JsonFormat_SendsJson()
    {
        var options = new ChatOptions { ResponseFormat = ChatResponseFormat.Json };

        Json.Equal("\"json\"", Json.Of(OllamaRequestMapper.ToWireRequest(Hi, options, "llama3.2", stream: false))["format"]);
    }

    [Fact]
    public void ToWireRequest_JsonSchemaFormat_SendsTheSchema()
    {
        var schema = JsonDocument.Parse("""{"type":"object","properties":{"name":{"type":"string"},"age":{"type":"integer"}},"required":["name","age"]}""").RootElement;
        var options = new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(schema, "person") };

        Json.Equal(
            """{"type":"object","properties":{"name":{"type":"string"},"age":{"type":"integer"}},"required":["name","age"]}""",
            Json.Of(OllamaRequestMapper.ToWireRequest(Hi, options, "llama3.2", stream: false))["format"]);
    }

    [Fact]
    public void ToWireRequest_TextFormat_LeavesFormatOut()
    {
        var options = new ChatOptions { ResponseFormat = ChatResponseFormat.Text };

        Assert.Null(Json.Of(OllamaRequestMapper.ToWireRequest(Hi, options, "llama3.2", stream: false))["format"]);
    }
}
