using System.Text.Json;
using System.Text.Json.Nodes;
using LlmAdapters.OpenAI.Wire;
using Microsoft.Extensions.AI;
using static LlmAdapters.OpenAI.Tests.OpenAITestSupport;

namespace LlmAdapters.OpenAI.Tests;

public sealed class OpenAIRequestMapperTests
{
    private static readonly JsonElement WeatherSchema = JsonDocument.Parse("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""").RootElement;

    private static JsonNode Map(IEnumerable<ChatMessage> messages, ChatOptions? options = null, OpenAIOptions? settings = null, bool stream = false)
    {
        settings ??= new OpenAIOptions { ApiKey = ApiKey, DefaultModelId = "gpt-4.1" };
        var model = options?.ModelId ?? settings.DefaultModelId ?? settings.AzureDeployment!;
        var request = OpenAIRequestMapper.ToWireRequest(messages, options, settings, model, stream);
        return JsonSerializer.SerializeToNode(request, OpenAIJsonContext.Default.ChatCompletionRequest)!;
    }

    private static AIFunctionDeclaration Weather() =>
        AIFunctionFactory.CreateDeclaration("get_weather", "Gets the weather", WeatherSchema);

    [Fact]
    public void ToWireRequest_TextWithEverySamplingOption_MapsEachField()
    {
        var options = new ChatOptions
        {
            Instructions = "Be brief.",
            MaxOutputTokens = 100,
            Temperature = 0.5f,
            TopP = 0.9f,
            StopSequences = ["END"],
            Seed = 42,
            FrequencyPenalty = 0.25f,
            PresencePenalty = 0.75f,
            TopK = 5,
        };

        var json = Map([new ChatMessage(ChatRole.System, "You are terse."), new ChatMessage(ChatRole.User, "Hi") { AuthorName = "ann" }], options);

        AssertJsonEqual("""
            {"model":"gpt-4.1","messages":[
              {"role":"system","content":"Be brief."},
              {"role":"system","content":"You are terse."},
              {"role":"user","content":"Hi","name":"ann"}],
             "max_completion_tokens":100,"temperature":0.5,"top_p":0.9,"stop":["END"],"seed":42,
             "frequency_penalty":0.25,"presence_penalty":0.75}
            """, json);
    }

    [Theory]
    [InlineData("o3-mini", "developer")]
    [InlineData("gpt-5", "developer")]
    [InlineData("o1", "developer")]
    [InlineData("gpt-4.1", "system")]
    public void ToWireRequest_Instructions_UseDeveloperRoleForReasoningModels(string model, string role)
    {
        var json = Map([new ChatMessage(ChatRole.User, "Hi")], new ChatOptions { ModelId = model, Instructions = "x" });

        Assert.Equal(role, json["messages"]![0]!["role"]!.GetValue<string>());
    }

    [Fact]
    public void ToWireRequest_ReasoningModelOnCompatibleServer_KeepsSystemRole()
    {
        var json = Map([new ChatMessage(ChatRole.User, "Hi")], new ChatOptions { Instructions = "x" }, OpenAIPresets.Groq.CreateOptions("gpt-5", ApiKey));

        Assert.Equal("system", json["messages"]![0]!["role"]!.GetValue<string>());
    }

    [Fact]
    public void ToWireRequest_MultimodalUserMessage_MapsImagesAudioAndPdf()
    {
        var message = new ChatMessage(ChatRole.User,
        [
            new TextContent("Look"),
            new UriContent(new Uri("https://example.com/cat.png"), "image/png"),
            new DataContent(new byte[] { 1, 2, 3 }, "image/jpeg"),
            new DataContent(new byte[] { 4, 5 }, "audio/wav"),
            new DataContent(new byte[] { 6 }, "audio/mpeg"),
            new DataContent(new byte[] { 7, 8 }, "application/pdf") { Name = "spec.pdf" },
            new HostedFileContent("file-abc"),
        ]);

        var json = Map([message]);

        AssertJsonEqual("""
            [{"role":"user","content":[
              {"type":"text","text":"Look"},
              {"type":"image_url","image_url":{"url":"https://example.com/cat.png"}},
              {"type":"image_url","image_url":{"url":"data:image/jpeg;base64,AQID"}},
              {"type":"input_audio","input_audio":{"data":"BAU=","format":"wav"}},
              {"type":"input_audio","input_audio":{"data":"Bg==","format":"mp3"}},
              {"type":"file","file":{"filename":"spec.pdf","file_data":"data:application/pdf;base64,Bwg="}},
              {"type":"file","file":{"file_id":"file-abc"}}]}]
            """, json["messages"]);
    }

    [Fact]
    public void ToWireRequest_UnsupportedMediaType_ThrowsArgumentException()
    {
        var message = new ChatMessage(ChatRole.User, [new DataContent(new byte[] { 1 }, "video/mp4")]);

        var ex = Assert.Throws<ArgumentException>(() => Map([message]));
        Assert.Contains("video/mp4", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToWireRequest_ToolsWithAutoAndParallelOff_MapsToolsAndChoice()
    {
        var options = new ChatOptions { Tools = [Weather()], ToolMode = ChatToolMode.Auto, AllowMultipleToolCalls = false };

        var json = Map([new ChatMessage(ChatRole.User, "Weather?")], options);

        AssertJsonEqual("""
            {"model":"gpt-4.1","messages":[{"role":"user","content":"Weather?"}],
             "tools":[{"type":"function","function":{"name":"get_weather","description":"Gets the weather",
               "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}],
             "tool_choice":"auto","parallel_tool_calls":false}
            """, json);
    }

    [Fact]
    public void ToWireRequest_ToolModes_MapToToolChoice()
    {
        JsonNode? Choice(ChatToolMode mode, OpenAIOptions? settings = null) =>
            Map([new ChatMessage(ChatRole.User, "x")], new ChatOptions { Tools = [Weather()], ToolMode = mode }, settings)["tool_choice"];

        AssertJsonEqual("\"none\"", Choice(ChatToolMode.None));
        AssertJsonEqual("\"required\"", Choice(ChatToolMode.RequireAny));
        AssertJsonEqual("""{"type":"function","function":{"name":"get_weather"}}""", Choice(ChatToolMode.RequireSpecific("get_weather")));
        AssertJsonEqual("\"any\"", Choice(ChatToolMode.RequireAny, OpenAIPresets.Mistral.CreateOptions(apiKey: ApiKey)));
        Assert.Null(Choice(ChatToolMode.RequireAny, OpenAIPresets.Ollama.CreateOptions()));
    }

    [Fact]
    public void ToWireRequest_StrictJsonSchemaOptIn_MarksToolsStrict()
    {
        var options = new ChatOptions { Tools = [Weather()], AdditionalProperties = new() { ["strictJsonSchema"] = true } };

        var json = Map([new ChatMessage(ChatRole.User, "x")], options);

        Assert.True(json["tools"]![0]!["function"]!["strict"]!.GetValue<bool>());
    }

    [Fact]
    public void ToWireRequest_StrictOnOptions_SendsTheStrictModeSchema()
    {
        var tool = AIFunctionFactory.Create((string city, string unit = "celsius") => "sunny", "get_weather");
        var options = new ChatOptions { Tools = [tool], AdditionalProperties = new() { ["strict"] = true } };

        var function = Map([new ChatMessage(ChatRole.User, "x")], options)["tools"]![0]!["function"]!;

        Assert.True(function["strict"]!.GetValue<bool>());
        AssertJsonEqual("""["city","unit"]""", function["parameters"]!["required"]);
        Assert.False(function["parameters"]!["additionalProperties"]!.GetValue<bool>());
    }

    [Fact]
    public void ToWireRequest_FunctionSaysNotStrict_WinsOverTheOptions()
    {
        var tool = AIFunctionFactory.Create(
            (string city, string unit = "celsius") => "sunny",
            new AIFunctionFactoryOptions { Name = "get_weather", AdditionalProperties = new Dictionary<string, object?> { ["strict"] = false } });
        var options = new ChatOptions { Tools = [tool], AdditionalProperties = new() { ["strict"] = true } };

        var function = Map([new ChatMessage(ChatRole.User, "x")], options)["tools"]![0]!["function"]!;

        Assert.Null(function["strict"]);
        AssertJsonEqual("""["city"]""", function["parameters"]!["required"]);
    }

    [Fact]
    public void ToWireRequest_MistralPreset_UsesRandomSeedMaxTokensAndNoStreamOptions()
    {
        var settings = OpenAIPresets.Mistral.CreateOptions("mistral-large-latest", ApiKey);

        var json = Map([new ChatMessage(ChatRole.User, "x")], new ChatOptions { Seed = 7, MaxOutputTokens = 50 }, settings, stream: true);

        AssertJsonEqual("""
            {"model":"mistral-large-latest","messages":[{"role":"user","content":"x"}],"stream":true,"max_tokens":50,"random_seed":7}
            """, json);
    }

    [Fact]
    public void ToWireRequest_Streaming_AsksForUsage()
    {
        var json = Map([new ChatMessage(ChatRole.User, "x")], stream: true);

        AssertJsonEqual("""
            {"model":"gpt-4.1","messages":[{"role":"user","content":"x"}],"stream":true,"stream_options":{"include_usage":true}}
            """, json);
    }

    [Fact]
    public void ToWireRequest_ResponseFormats_MapToTextJsonObjectAndStrictSchema()
    {
        JsonNode? Format(ChatResponseFormat format) => Map([new ChatMessage(ChatRole.User, "x")], new ChatOptions { ResponseFormat = format })["response_format"];

        AssertJsonEqual("""{"type":"text"}""", Format(ChatResponseFormat.Text));
        AssertJsonEqual("""{"type":"json_object"}""", Format(ChatResponseFormat.Json));
        AssertJsonEqual(
            """{"type":"json_schema","json_schema":{"name":"Weather_Report","description":"A report","schema":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]},"strict":true}}""",
            Format(ChatResponseFormat.ForJsonSchema(WeatherSchema, "Weather Report", "A report")));
    }

    [Fact]
    public void ToWireRequest_ReasoningEffort_MapsPerProviderStyle()
    {
        var options = new ChatOptions { Reasoning = new ReasoningOptions { Effort = ReasoningEffort.High } };

        var openai = Map([new ChatMessage(ChatRole.User, "x")], options);
        var openRouter = Map([new ChatMessage(ChatRole.User, "x")], options, OpenAIPresets.OpenRouter.CreateOptions(apiKey: ApiKey));
        var deepSeek = Map([new ChatMessage(ChatRole.User, "x")], options, OpenAIPresets.DeepSeek.CreateOptions(apiKey: ApiKey));

        Assert.Equal("high", openai["reasoning_effort"]!.GetValue<string>());
        AssertJsonEqual("""{"effort":"high"}""", openRouter["reasoning"]);
        Assert.Null(openRouter["reasoning_effort"]);
        Assert.Null(deepSeek["reasoning_effort"]);
        Assert.Null(deepSeek["reasoning"]);
    }

    [Fact]
    public void ToWireRequest_AdditionalPropertyKeys_MapLogprobsCacheKeyAndTier()
    {
        var options = new ChatOptions
        {
            AdditionalProperties = new()
            {
                [OpenAIPropertyKeys.TopLogprobs] = 3,
                [AdditionalPropertyKeys.PromptCacheKey] = "tenant-1",
                [OpenAIPropertyKeys.ServiceTier] = "flex",
                [OpenAIPropertyKeys.Verbosity] = "low",
                [OpenAIPropertyKeys.SafetyIdentifier] = "user-hash",
                [OpenAIPropertyKeys.Store] = false,
            },
        };

        var json = Map([new ChatMessage(ChatRole.User, "x")], options);

        AssertJsonEqual("""
            {"model":"gpt-4.1","messages":[{"role":"user","content":"x"}],"logprobs":true,"top_logprobs":3,
             "verbosity":"low","service_tier":"flex","store":false,"prompt_cache_key":"tenant-1","safety_identifier":"user-hash"}
            """, json);
    }

    [Fact]
    public void ToWireRequest_GroqPreset_DropsLogprobsAndNames()
    {
        var options = new ChatOptions { AdditionalProperties = new() { [OpenAIPropertyKeys.Logprobs] = true, [OpenAIPropertyKeys.TopLogprobs] = 2 } };

        var json = Map([new ChatMessage(ChatRole.User, "x") { AuthorName = "ann" }], options, OpenAIPresets.Groq.CreateOptions(apiKey: ApiKey));

        AssertJsonEqual("""{"model":"llama-3.3-70b-versatile","messages":[{"role":"user","content":"x"}]}""", json);
    }

    [Theory]
    [InlineData(2.5f, null, "ChatOptions.Temperature")]
    [InlineData(null, 1.5f, "ChatOptions.TopP")]
    public void ToWireRequest_SamplingOutOfRange_ThrowsArgumentException(float? temperature, float? topP, string named)
    {
        var options = new ChatOptions { Temperature = temperature, TopP = topP };

        var ex = Assert.Throws<ArgumentException>(() => Map([new ChatMessage(ChatRole.User, "x")], options));

        Assert.Equal("options", ex.ParamName);
        Assert.Contains(named, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToWireRequest_TopLogprobsOutOfRange_ThrowsArgumentException()
    {
        var options = new ChatOptions { AdditionalProperties = new() { [OpenAIPropertyKeys.TopLogprobs] = 21 } };

        var ex = Assert.Throws<ArgumentException>(() => Map([new ChatMessage(ChatRole.User, "x")], options));
        Assert.Equal("options", ex.ParamName);
    }

    [Fact]
    public void ToWireRequest_ToolCallHistory_MapsAssistantCallsAndToolResults()
    {
        var messages = new List<ChatMessage>
        {
            new(ChatRole.User, "Weather in Paris and Rome?"),
            new(ChatRole.Assistant,
            [
                new TextReasoningContent("thinking"),
                new FunctionCallContent("call_1", "get_weather", new Dictionary<string, object?> { ["city"] = "Paris" }),
                new FunctionCallContent("call_2", "get_weather", new Dictionary<string, object?> { ["city"] = "Rome" }),
            ]),
            new(ChatRole.Tool, [new FunctionResultContent("call_1", "21C"), new FunctionResultContent("call_2", new Dictionary<string, object?> { ["temp"] = 25 })]),
            new(ChatRole.Assistant, [new TextReasoningContent("done"), new TextContent("Paris 21C, Rome 25C.")]),
        };

        var json = Map(messages);

        AssertJsonEqual("""
            [{"role":"user","content":"Weather in Paris and Rome?"},
             {"role":"assistant","tool_calls":[
               {"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}},
               {"id":"call_2","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Rome\"}"}}]},
             {"role":"tool","content":"21C","tool_call_id":"call_1"},
             {"role":"tool","content":"{\"temp\":25}","tool_call_id":"call_2"},
             {"role":"assistant","content":"Paris 21C, Rome 25C."}]
            """, json["messages"]);
    }

    [Fact]
    public void ToWireRequest_DeepSeek_KeepsReasoningContentOnlyOnToolCallTurns()
    {
        var messages = new List<ChatMessage>
        {
            new(ChatRole.User, "x"),
            new(ChatRole.Assistant, [new TextReasoningContent("plan"), new FunctionCallContent("call_00_a", "f", null)]),
            new(ChatRole.Tool, [new FunctionResultContent("call_00_a", "ok")]),
            new(ChatRole.Assistant, [new TextReasoningContent("answering"), new TextContent("done")]),
        };

        var json = Map(messages, settings: OpenAIPresets.DeepSeek.CreateOptions("deepseek-reasoner", ApiKey));

        AssertJsonEqual("""
            [{"role":"user","content":"x"},
             {"role":"assistant","tool_calls":[{"id":"call_00_a","type":"function","function":{"name":"f","arguments":"{}"}}],"reasoning_content":"plan"},
             {"role":"tool","content":"ok","tool_call_id":"call_00_a"},
             {"role":"assistant","content":"done"}]
            """, json["messages"]);
    }

    [Fact]
    public void ToWireRequest_OpenRouter_SendsReasoningDetailsBack()
    {
        var details = """[{"type":"reasoning.encrypted","data":"abc","index":0}]""";
        var messages = new List<ChatMessage>
        {
            new(ChatRole.User, "x"),
            new(ChatRole.Assistant, [new TextReasoningContent("r") { ProtectedData = details }, new FunctionCallContent("c1", "f", null)]),
        };

        var json = Map(messages, settings: OpenAIPresets.OpenRouter.CreateOptions(apiKey: ApiKey));

        AssertJsonEqual(details, json["messages"]![1]!["reasoning_details"]);
        Assert.Null(json["messages"]![1]!["reasoning_content"]);
    }

    [Fact]
    public async Task RawRequestMerge_RawRepresentationJsonObject_KeepsCallerFieldsAndFillsTheRest()
    {
        var request = OpenAIRequestMapper.ToWireRequest([new ChatMessage(ChatRole.User, "x")], new ChatOptions { Temperature = 0.1f }, new OpenAIOptions { DefaultModelId = "gpt-4.1" }, "gpt-4.1", stream: false);
        var raw = new JsonObject { ["temperature"] = 0.9, ["user"] = "legacy" };

        using var content = Providers.RawRequestMerge.ToContent(request, OpenAIJsonContext.Default.ChatCompletionRequest, raw);
        var json = JsonNode.Parse(await content.ReadAsStringAsync(Ct));

        AssertJsonEqual("""{"temperature":0.9,"user":"legacy","model":"gpt-4.1","messages":[{"role":"user","content":"x"}]}""", json);
    }
}
