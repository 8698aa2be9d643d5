using System.Text.Json;
using System.Text.Json.Nodes;
using LlmAdapters.Gemini;
using LlmAdapters.Gemini.Wire;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Gemini.Tests;

public sealed class GeminiRequestMapperTests
{
    private static readonly GeminiRequestContext Context = new("gemini-2.5-flash", "https://generativelanguage.googleapis.com/v1beta/", n => n);

    private static JsonNode Map(IEnumerable<ChatMessage> messages, ChatOptions? options = null, string model = "gemini-2.5-flash") =>
        Json.Of(GeminiRequestMapper.ToWireRequest(messages, options, Context with { Model = model }));

    [Fact]
    public void ToWireRequest_TextInstructionsAndSampling_MapsToContentsSystemInstructionAndGenerationConfig()
    {
        var options = new ChatOptions
        {
            Instructions = "You are terse.",
            Temperature = 0.5f,
            TopP = 0.9f,
            TopK = 40,
            MaxOutputTokens = 100,
            StopSequences = ["END"],
            Seed = 7,
            PresencePenalty = 0.25f,
            FrequencyPenalty = 0.5f,
        };
        var json = Map([new(ChatRole.System, "Answer in French."), new(ChatRole.User, "Hi"), new(ChatRole.Assistant, "Salut"), new(ChatRole.User, "Again")], options);
        Json.Equal("""
            {"contents":[{"role":"user","parts":[{"text":"Hi"}]},{"role":"model","parts":[{"text":"Salut"}]},{"role":"user","parts":[{"text":"Again"}]}],
             "systemInstruction":{"parts":[{"text":"You are terse."},{"text":"Answer in French."}]},
             "generationConfig":{"temperature":0.5,"topP":0.9,"topK":40,"candidateCount":1,"maxOutputTokens":100,"stopSequences":["END"],
               "presencePenalty":0.25,"frequencyPenalty":0.5,"seed":7}}
            """, json);
    }

    [Fact]
    public void ToWireRequest_MediaContents_MapToInlineDataAndFileData()
    {
        var message = new ChatMessage(ChatRole.User,
        [
            new TextContent("Describe"),
            new DataContent(new byte[] { 1, 2, 3 }, "image/png"),
            new DataContent(new byte[] { 4, 5 }, "application/pdf"),
            new DataContent(new byte[] { 6 }, "audio/wav"),
            new DataContent(new byte[] { 7 }, "video/mp4"),
            new UriContent(new Uri("gs://bucket/doc.pdf"), "application/pdf"),
            new HostedFileContent("files/abc") { MediaType = "video/mp4" },
        ]);
        Json.Equal("""
            {"contents":[{"role":"user","parts":[
              {"text":"Describe"},
              {"inlineData":{"mimeType":"image/png","data":"AQID"}},
              {"inlineData":{"mimeType":"application/pdf","data":"BAU="}},
              {"inlineData":{"mimeType":"audio/wav","data":"Bg=="}},
              {"inlineData":{"mimeType":"video/mp4","data":"Bw=="}},
              {"fileData":{"mimeType":"application/pdf","fileUri":"gs://bucket/doc.pdf"}},
              {"fileData":{"mimeType":"video/mp4","fileUri":"https://generativelanguage.googleapis.com/v1beta/files/abc"}}]}],
             "generationConfig":{"candidateCount":1}}
            """, Map([message]));
    }

    public static TheoryData<string, string> ToolModes => new()
    {
        { "auto", """{"functionCallingConfig":{"mode":"AUTO"}}""" },
        { "none", """{"functionCallingConfig":{"mode":"NONE"}}""" },
        { "any", """{"functionCallingConfig":{"mode":"ANY"}}""" },
        { "specific", """{"functionCallingConfig":{"mode":"ANY","allowedFunctionNames":["get_weather"]}}""" },
    };

    [Theory]
    [MemberData(nameof(ToolModes))]
    public void ToWireRequest_ToolsAndToolMode_MapToFunctionDeclarationsAndFunctionCallingConfig(string mode, string expectedConfig)
    {
        var function = AIFunctionFactory.Create((string city) => "sunny", "get_weather", "Gets the weather.");
        var options = new ChatOptions
        {
            Tools = [function, new HostedWebSearchTool(), new HostedCodeInterpreterTool()],
            ToolMode = mode switch
            {
                "auto" => ChatToolMode.Auto,
                "none" => ChatToolMode.None,
                "any" => ChatToolMode.RequireAny,
                _ => ChatToolMode.RequireSpecific("get_weather"),
            },
        };
        var json = Map([new(ChatRole.User, "Weather?")], options);
        var expectedTools = new JsonArray(
            new JsonObject
            {
                ["functionDeclarations"] = new JsonArray(new JsonObject
                {
                    ["name"] = "get_weather",
                    ["description"] = "Gets the weather.",
                    ["parametersJsonSchema"] = JsonNode.Parse(function.JsonSchema.GetRawText()),
                }),
            },
            new JsonObject { ["googleSearch"] = new JsonObject() },
            new JsonObject { ["codeExecution"] = new JsonObject() });
        Json.Equal(expectedTools.ToJsonString(), json["tools"]);
        Json.Equal(expectedConfig, json["toolConfig"]);
        Assert.Equal("string", json["tools"]![0]!["functionDeclarations"]![0]!["parametersJsonSchema"]!["properties"]!["city"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public void ToWireRequest_JsonSchemaResponseFormat_MapsToResponseMimeTypeAndResponseJsonSchema()
    {
        var schema = JsonElement.Parse("""{"type":"object","properties":{"name":{"type":"string"}},"required":["name"],"additionalProperties":false}""");
        var json = Map([new(ChatRole.User, "x")], new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(schema, "person") });
        Json.Equal("""
            {"candidateCount":1,"responseMimeType":"application/json",
             "responseJsonSchema":{"type":"object","properties":{"name":{"type":"string"}},"required":["name"],"additionalProperties":false}}
            """, json["generationConfig"]);

        var plainJson = Map([new(ChatRole.User, "x")], new ChatOptions { ResponseFormat = ChatResponseFormat.Json });
        Json.Equal("""{"candidateCount":1,"responseMimeType":"application/json"}""", plainJson["generationConfig"]);
    }

    public static TheoryData<string, ReasoningEffort?, ReasoningOutput?, int?, string> ReasoningRows => new()
    {
        { "gemini-2.5-flash", ReasoningEffort.Medium, ReasoningOutput.Summary, null, """{"thinkingBudget":8192,"includeThoughts":true}""" },
        { "gemini-2.5-flash", ReasoningEffort.None, ReasoningOutput.None, null, """{"thinkingBudget":0,"includeThoughts":false}""" },
        { "gemini-2.5-pro", ReasoningEffort.None, null, null, """{"thinkingBudget":128}""" },
        { "gemini-2.5-flash", ReasoningEffort.Low, null, null, """{"thinkingBudget":1024}""" },
        { "gemini-2.5-pro", ReasoningEffort.ExtraHigh, null, null, """{"thinkingBudget":32768}""" },
        { "gemini-3-pro-preview", ReasoningEffort.High, ReasoningOutput.Full, null, """{"thinkingLevel":"HIGH","includeThoughts":true}""" },
        { "gemini-3-flash-preview", ReasoningEffort.None, null, null, """{"thinkingLevel":"MINIMAL"}""" },
        { "gemini-3-pro-preview", ReasoningEffort.Low, null, 2048, """{"thinkingBudget":2048}""" },
        { "gemini-2.5-flash", null, ReasoningOutput.Summary, 512, """{"thinkingBudget":512,"includeThoughts":true}""" },
    };

    [Theory]
    [MemberData(nameof(ReasoningRows))]
    public void ToWireRequest_Reasoning_MapsToThinkingConfigByModelFamily(string model, ReasoningEffort? effort, ReasoningOutput? output, int? budget, string expected)
    {
        var options = new ChatOptions { Reasoning = new ReasoningOptions { Effort = effort, Output = output } };
        if (budget is not null)
        {
            options.AdditionalProperties = new() { [AdditionalPropertyKeys.ReasoningBudgetTokens] = budget.Value };
        }

        Json.Equal(expected, Map([new(ChatRole.User, "x")], options, model)["generationConfig"]!["thinkingConfig"]);
    }

    [Fact]
    public void ToWireRequest_ProviderKnobs_MapToSafetySettingsServiceTierModalitiesAndLabels()
    {
        var options = new ChatOptions
        {
            AdditionalProperties = new()
            {
                [GeminiPropertyKeys.SafetySettings] = new[] { new GeminiSafetySetting("HARM_CATEGORY_DANGEROUS_CONTENT", "BLOCK_ONLY_HIGH") },
                [GeminiPropertyKeys.ServiceTier] = "flex",
                [GeminiPropertyKeys.ResponseModalities] = new[] { "TEXT" },
                [GeminiPropertyKeys.MediaResolution] = "MEDIA_RESOLUTION_LOW",
                [GeminiPropertyKeys.Labels] = new Dictionary<string, string> { ["team"] = "search" },
            },
        };
        Json.Equal("""
            {"contents":[{"role":"user","parts":[{"text":"x"}]}],
             "safetySettings":[{"category":"HARM_CATEGORY_DANGEROUS_CONTENT","threshold":"BLOCK_ONLY_HIGH"}],
             "serviceTier":"flex","labels":{"team":"search"},
             "generationConfig":{"candidateCount":1,"responseModalities":["TEXT"],"mediaResolution":"MEDIA_RESOLUTION_LOW"}}
            """, Map([new(ChatRole.User, "x")], options));
    }

    [Fact]
    public void ToWireRequest_ContextCacheName_SendsCachedContentWithoutInstructionsOrTools()
    {
        var options = new ChatOptions
        {
            Instructions = "cached already",
            Tools = [AIFunctionFactory.Create(() => 1, "one")],
            ToolMode = ChatToolMode.Auto,
            AdditionalProperties = new() { [AdditionalPropertyKeys.ContextCacheName] = "cachedContents/abc" },
        };
        Json.Equal("""
            {"contents":[{"role":"user","parts":[{"text":"x"}]}],"cachedContent":"cachedContents/abc","generationConfig":{"candidateCount":1}}
            """, Map([new(ChatRole.User, "x")], options));
    }

    [Fact]
    public void ToWireRequest_GeminiHistoryWithSignatures_SendsEverySignatureBackOnItsPart()
    {
        var reasoning = new TextReasoningContent("Thinking about weather") { ProtectedData = "SIG_THOUGHT" };
        var call = Call("abc-1", "get_weather", """{"city":"Paris"}""", "SIG_CALL", GeminiConstants.GeminiProviderName);
        var parallel = Call(GeminiRequestMapper.GeneratedCallIdPrefix + "r_1", "get_time", """{"tz":"CET"}""", null, GeminiConstants.GeminiProviderName);
        var text = new TextContent("Done.") { AdditionalProperties = new() { [AdditionalPropertyKeys.ThoughtSignature] = "SIG_TEXT" } };
        var json = Map(
        [
            new(ChatRole.User, "Weather and time?"),
            new(ChatRole.Assistant, [reasoning, call, parallel]),
            new(ChatRole.Tool, [new FunctionResultContent("abc-1", JsonElement.Parse("""{"temp":21}""")), new FunctionResultContent(parallel.CallId, "12:00")]),
            new(ChatRole.Assistant, [text]),
        ]);
        Json.Equal("""
            [{"role":"user","parts":[{"text":"Weather and time?"}]},
             {"role":"model","parts":[
               {"text":"Thinking about weather","thought":true,"thoughtSignature":"SIG_THOUGHT"},
               {"thoughtSignature":"SIG_CALL","functionCall":{"id":"abc-1","name":"get_weather","args":{"city":"Paris"}}},
               {"functionCall":{"name":"get_time","args":{"tz":"CET"}}}]},
             {"role":"user","parts":[
               {"functionResponse":{"id":"abc-1","name":"get_weather","response":{"output":{"temp":21}}}},
               {"functionResponse":{"name":"get_time","response":{"output":"12:00"}}}]},
             {"role":"model","parts":[{"text":"Done.","thoughtSignature":"SIG_TEXT"}]}]
            """, json["contents"]);
    }

    [Fact]
    public void ToWireRequest_ForeignFunctionCalls_FirstCallGetsSkipSignatureOnly()
    {
        var first = Call("call_1", "a", "{}", null, origin: "openai");
        var second = Call("call_2", "b", "{}", null, origin: null);
        var json = Map(
        [
            new(ChatRole.User, "go"),
            new(ChatRole.Assistant, [first, second]),
            new(ChatRole.Tool, [new FunctionResultContent("call_1", "x"), new FunctionResultContent("call_2", "y")]),
        ]);
        var parts = json["contents"]![1]!["parts"]!.AsArray();
        Assert.Equal(GeminiRequestMapper.SkipSignature, parts[0]!["thoughtSignature"]!.GetValue<string>());
        Assert.Null(parts[1]!["thoughtSignature"]);
        Assert.Equal("call_1", parts[0]!["functionCall"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public void ToWireRequest_UnsignedCallFromOlderGeminiModel_GetsSkipValueWithoutGeneratedId()
    {
        var call = Call("gcall_r_0", "a", "{}", null, GeminiConstants.VertexProviderName);
        var json = Map([new(ChatRole.User, "go"), new(ChatRole.Assistant, [call]), new(ChatRole.Tool, [new FunctionResultContent(call.CallId, 1)])]);
        Json.Equal("""{"thoughtSignature":"skip_thought_signature_validator","functionCall":{"name":"a","args":{}}}""", json["contents"]![1]!["parts"]![0]);
    }

    [Fact]
    public void ToWireRequest_ErrorResultAndOrphanResult_MapToErrorObjectOrThrow()
    {
        var call = Call("c", "f", "{}", "S", GeminiConstants.GeminiProviderName);
        var failed = new FunctionResultContent("c", null) { Exception = new InvalidOperationException("boom") };
        var json = Map([new(ChatRole.User, "go"), new(ChatRole.Assistant, [call]), new(ChatRole.Tool, [failed])]);
        Json.Equal("""{"error":"boom"}""", json["contents"]![2]!["parts"]![0]!["functionResponse"]!["response"]);

        var ex = Assert.Throws<ArgumentException>(() => Map([new(ChatRole.Tool, [new FunctionResultContent("nope", 1)])]));
        Assert.Contains("CallId 'nope'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToWireRequest_UnknownContentFromGemini_IsSentBackVerbatim()
    {
        var raw = new GeminiPart { Extra = new() { ["executableCode"] = JsonElement.Parse("""{"language":"PYTHON","code":"print(1)"}""") } };
        var json = Map([new(ChatRole.User, "x"), new(ChatRole.Assistant, [new AIContent { RawRepresentation = raw }])]);
        Json.Equal("""{"executableCode":{"language":"PYTHON","code":"print(1)"}}""", json["contents"]![1]!["parts"]![0]);
    }

    private static FunctionCallContent Call(string id, string name, string args, string? signature, string? origin)
    {
        var call = new FunctionCallContent(id, name, JsonSerializer.Deserialize(args, GeminiJsonContext.Default.JsonElement).EnumerateObject()
            .ToDictionary(p => p.Name, p => (object?)p.Value));
        if (signature is not null || origin is not null)
        {
            call.AdditionalProperties = [];
            if (signature is not null)
            {
                call.AdditionalProperties[AdditionalPropertyKeys.ThoughtSignature] = signature;
            }

            if (origin is not null)
            {
                call.AdditionalProperties[AdditionalPropertyKeys.OriginProvider] = origin;
            }
        }

        return call;
    }
}
