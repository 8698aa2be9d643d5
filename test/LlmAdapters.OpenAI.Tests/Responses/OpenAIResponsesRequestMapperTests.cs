using System.Text.Json;
using System.Text.Json.Nodes;
using LlmAdapters.OpenAI.Responses;
using LlmAdapters.OpenAI.Responses.Wire;
using Microsoft.Extensions.AI;
using static LlmAdapters.OpenAI.Tests.OpenAITestSupport;

namespace LlmAdapters.OpenAI.Tests.Responses;

public sealed class OpenAIResponsesRequestMapperTests
{
    private static readonly JsonElement WeatherSchema = JsonDocument.Parse("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""").RootElement;

    internal static JsonNode Map(IEnumerable<ChatMessage> messages, ChatOptions? options = null, bool stream = false)
    {
        var request = OpenAIResponsesRequestMapper.ToWireRequest(messages, options, "openai", options?.ModelId ?? "gpt-5", stream);
        return JsonSerializer.SerializeToNode(request, OpenAIResponsesJsonContext.Requests.OpenAIResponsesRequest)!;
    }

    private static AIFunctionDeclaration Weather() => AIFunctionFactory.CreateDeclaration("get_weather", "Gets the weather", WeatherSchema);

    [Fact]
    public void ToWireRequest_InstructionsMessagesAndSampling_MapsEachFieldAndIgnoresUnsupportedOnes()
    {
        var options = new ChatOptions
        {
            Instructions = "Be brief.",
            MaxOutputTokens = 256,
            Temperature = 0.5f,
            TopP = 0.9f,
            Seed = 42,
            StopSequences = ["END"],
            FrequencyPenalty = 0.1f,
            TopK = 3,
        };

        var json = Map([new ChatMessage(ChatRole.System, "You are terse."), new ChatMessage(ChatRole.User, "Hi")], options, stream: true);

        AssertJsonEqual("""
            {"model":"gpt-5","instructions":"Be brief.","input":[
              {"type":"message","role":"system","content":[{"type":"input_text","text":"You are terse."}]},
              {"type":"message","role":"user","content":[{"type":"input_text","text":"Hi"}]}],
             "max_output_tokens":256,"temperature":0.5,"top_p":0.9,"stream":true}
            """, json);
    }

    [Fact]
    public void ToWireRequest_ImagesAndFiles_MapToInputImageAndInputFileParts()
    {
        var message = new ChatMessage(ChatRole.User,
        [
            new TextContent("Look"),
            new DataContent(new byte[] { 1, 2, 3 }, "image/png"),
            new UriContent(new Uri("https://example.com/cat.jpg"), "image/jpeg"),
            new DataContent(new byte[] { 37, 80, 68, 70 }, "application/pdf") { Name = "report.pdf" },
            new UriContent(new Uri("https://example.com/a.pdf"), "application/pdf"),
            new HostedFileContent("file-abc"),
        ]);

        var json = Map([message]);

        AssertJsonEqual("""
            {"model":"gpt-5","input":[{"type":"message","role":"user","content":[
              {"type":"input_text","text":"Look"},
              {"type":"input_image","image_url":"data:image/png;base64,AQID","detail":"auto"},
              {"type":"input_image","image_url":"https://example.com/cat.jpg","detail":"auto"},
              {"type":"input_file","filename":"report.pdf","file_data":"data:application/pdf;base64,JVBERg=="},
              {"type":"input_file","file_url":"https://example.com/a.pdf"},
              {"type":"input_file","file_id":"file-abc"}]}]}
            """, json);
    }

    [Fact]
    public void ToWireRequest_ToolTurn_MapsCallsAndOutputsToItemsInOrder()
    {
        var history = new List<ChatMessage>
        {
            new(ChatRole.User, "Weather in Paris?"),
            new(ChatRole.Assistant, [new TextContent("Checking."), new FunctionCallContent("call_1", "get_weather", new Dictionary<string, object?> { ["city"] = "Paris" })]),
            new(ChatRole.Tool, [new FunctionResultContent("call_1", "sunny")]),
            new(ChatRole.Tool, [new FunctionResultContent("call_2", new Dictionary<string, object?> { ["t"] = 21 })]),
        };

        var json = Map(history);

        AssertJsonEqual("""
            {"model":"gpt-5","input":[
              {"type":"message","role":"user","content":[{"type":"input_text","text":"Weather in Paris?"}]},
              {"type":"message","role":"assistant","content":[{"type":"output_text","text":"Checking."}]},
              {"type":"function_call","call_id":"call_1","name":"get_weather","arguments":"{\"city\":\"Paris\"}"},
              {"type":"function_call_output","call_id":"call_1","output":"sunny"},
              {"type":"function_call_output","call_id":"call_2","output":"{\"t\":21}"}]}
            """, json);
    }

    [Fact]
    public void ToWireRequest_ToolsWithNamedChoice_SendsFlatFunctionsNonStrictAndKeepsTheName()
    {
        var options = new ChatOptions { Tools = [Weather()], ToolMode = ChatToolMode.RequireSpecific("get_weather"), AllowMultipleToolCalls = false };

        var json = Map([new ChatMessage(ChatRole.User, "Hi")], options);

        AssertJsonEqual("""
            {"model":"gpt-5","input":[{"type":"message","role":"user","content":[{"type":"input_text","text":"Hi"}]}],
             "tools":[{"type":"function","name":"get_weather","description":"Gets the weather",
                       "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]},"strict":false}],
             "tool_choice":{"type":"function","name":"get_weather"},"parallel_tool_calls":false}
            """, json);
    }

    [Theory]
    [InlineData("none", "\"none\"")]
    [InlineData("auto", "\"auto\"")]
    [InlineData("required", "\"required\"")]
    public void ToWireRequest_ToolModes_MapToToolChoiceStrings(string mode, string expected)
    {
        ChatToolMode toolMode = mode switch { "none" => ChatToolMode.None, "auto" => ChatToolMode.Auto, _ => ChatToolMode.RequireAny };

        var json = Map([new ChatMessage(ChatRole.User, "Hi")], new ChatOptions { Tools = [Weather()], ToolMode = toolMode });

        AssertJsonEqual(expected, json["tool_choice"]);
    }

    [Fact]
    public void ToWireRequest_StrictOptIn_MarksFunctionsStrict()
    {
        var options = new ChatOptions { Tools = [Weather()], AdditionalProperties = new() { ["strictJsonSchema"] = true } };

        var json = Map([new ChatMessage(ChatRole.User, "Hi")], options);

        Assert.True(json["tools"]![0]!["strict"]!.GetValue<bool>());
    }

    [Fact]
    public void ToWireRequest_JsonSchemaFormat_IsFlatUnderTextFormatAndStrict()
    {
        var options = new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(WeatherSchema, "weather report", "A report") };

        var json = Map([new ChatMessage(ChatRole.User, "Hi")], options);

        AssertJsonEqual("""
            {"format":{"type":"json_schema","name":"weather_report",
              "schema":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]},
              "description":"A report","strict":true}}
            """, json["text"]);
    }

    [Fact]
    public void ToWireRequest_JsonWithoutSchemaAndText_MapToJsonObjectAndText()
    {
        Assert.Equal("json_object", Map([new ChatMessage(ChatRole.User, "Hi")], new ChatOptions { ResponseFormat = ChatResponseFormat.Json })["text"]!["format"]!["type"]!.GetValue<string>());
        Assert.Equal("text", Map([new ChatMessage(ChatRole.User, "Hi")], new ChatOptions { ResponseFormat = ChatResponseFormat.Text })["text"]!["format"]!["type"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(ReasoningEffort.Low, ReasoningOutput.Summary, """{"effort":"low","summary":"auto"}""")]
    [InlineData(ReasoningEffort.High, ReasoningOutput.Full, """{"effort":"high","summary":"detailed"}""")]
    [InlineData(ReasoningEffort.ExtraHigh, ReasoningOutput.None, """{"effort":"xhigh"}""")]
    [InlineData(ReasoningEffort.None, ReasoningOutput.None, """{"effort":"none"}""")]
    public void ToWireRequest_Reasoning_MapsEffortAndSummary(ReasoningEffort effort, ReasoningOutput output, string expected)
    {
        var json = Map([new ChatMessage(ChatRole.User, "Hi")], new ChatOptions { Reasoning = new ReasoningOptions { Effort = effort, Output = output } });

        AssertJsonEqual(expected, json["reasoning"]);
    }

    [Fact]
    public void ToWireRequest_ConversationId_IsSentAsPreviousResponseIdOrConversation()
    {
        Assert.Equal("resp_1", Map([new ChatMessage(ChatRole.User, "Hi")], new ChatOptions { ConversationId = "resp_1" })["previous_response_id"]!.GetValue<string>());
        var conversation = Map([new ChatMessage(ChatRole.User, "Hi")], new ChatOptions { ConversationId = "conv_9" });
        Assert.Equal("conv_9", conversation["conversation"]!.GetValue<string>());
        Assert.Null(conversation["previous_response_id"]);
    }

    [Fact]
    public void ToWireRequest_StoreFalse_AsksForEncryptedReasoning()
    {
        var options = new ChatOptions
        {
            AdditionalProperties = new()
            {
                [OpenAIPropertyKeys.Store] = false,
                [AdditionalPropertyKeys.PromptCacheKey] = "tenant-1",
                [OpenAIPropertyKeys.ServiceTier] = "flex",
                [OpenAIPropertyKeys.SafetyIdentifier] = "user-hash",
                [OpenAIPropertyKeys.Verbosity] = "low",
            },
        };

        var json = Map([new ChatMessage(ChatRole.User, "Hi")], options);

        AssertJsonEqual("""
            {"model":"gpt-5","input":[{"type":"message","role":"user","content":[{"type":"input_text","text":"Hi"}]}],
             "text":{"verbosity":"low"},"store":false,"include":["reasoning.encrypted_content"],
             "service_tier":"flex","prompt_cache_key":"tenant-1","safety_identifier":"user-hash"}
            """, json);
    }

    [Fact]
    public void ToWireRequest_EncryptedReasoningInHistory_IsSentBackBeforeTheCall()
    {
        // As a stream leaves it: summary deltas without an item, then the closing content with the item and its encrypted content.
        var item = new OpenAIResponsesItem { Type = "reasoning", Id = "rs_1", Summary = [new OpenAIResponsesPart { Type = "summary_text", Text = "Think." }], EncryptedContent = "gAAAA-enc" };
        var assistant = new ChatMessage(ChatRole.Assistant,
        [
            new TextReasoningContent("Thi"),
            new TextReasoningContent("nk."),
            new TextReasoningContent(string.Empty) { ProtectedData = "gAAAA-enc", RawRepresentation = new OpenAIResponsesStreamEvent { Type = "response.output_item.done", Item = item } },
            new FunctionCallContent("call_1", "get_weather", new Dictionary<string, object?> { ["city"] = "Paris" }),
        ]);

        var json = Map([new ChatMessage(ChatRole.User, "Hi"), assistant, new ChatMessage(ChatRole.Tool, [new FunctionResultContent("call_1", "sunny")])]);

        AssertJsonEqual("""
            [{"type":"message","role":"user","content":[{"type":"input_text","text":"Hi"}]},
             {"type":"reasoning","id":"rs_1","summary":[{"type":"summary_text","text":"Think."}],"encrypted_content":"gAAAA-enc"},
             {"type":"function_call","call_id":"call_1","name":"get_weather","arguments":"{\"city\":\"Paris\"}"},
             {"type":"function_call_output","call_id":"call_1","output":"sunny"}]
            """, json["input"]);
    }

    [Fact]
    public void ToWireRequest_ReasoningWithOnlyProtectedData_IsSentWithoutId()
    {
        var assistant = new ChatMessage(ChatRole.Assistant, [new TextReasoningContent("Plan.") { ProtectedData = "enc-only" }, new TextContent("Done.")]);

        var json = Map([assistant]);

        AssertJsonEqual("""
            [{"type":"reasoning","summary":[{"type":"summary_text","text":"Plan."}],"encrypted_content":"enc-only"},
             {"type":"message","role":"assistant","content":[{"type":"output_text","text":"Done."}]}]
            """, json["input"]);
    }

    [Fact]
    public void ToWireRequest_ReasoningWithoutIdOrProtectedData_IsNotSent()
    {
        var json = Map([new ChatMessage(ChatRole.Assistant, [new TextReasoningContent("thoughts"), new TextContent("Answer.")])]);

        AssertJsonEqual("""[{"type":"message","role":"assistant","content":[{"type":"output_text","text":"Answer."}]}]""", json["input"]);
    }

    [Fact]
    public void ToWireRequest_MaxOutputTokensNotPositive_ThrowsArgumentException()
    {
        var ex = Assert.Throws<ArgumentException>(() => Map([new ChatMessage(ChatRole.User, "Hi")], new ChatOptions { MaxOutputTokens = 0 }));

        Assert.Equal("options", ex.ParamName);
    }

    [Fact]
    public void ToWireRequest_TemperatureOutOfRange_ThrowsArgumentException()
    {
        var ex = Assert.Throws<ArgumentException>(() => Map([new ChatMessage(ChatRole.User, "Hi")], new ChatOptions { Temperature = 2.5f }));

        Assert.Equal("options", ex.ParamName);
    }
}
