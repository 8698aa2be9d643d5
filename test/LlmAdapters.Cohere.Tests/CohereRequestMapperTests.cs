using System.Text.Json;
using LlmAdapters.Cohere.Tests.TestSupport;
using Microsoft.Extensions.AI;
using static LlmAdapters.Cohere.Tests.TestSupport.CohereTestSupport;

namespace LlmAdapters.Cohere.Tests;

/// <summary>Golden request bodies for the option rows of the mapping (messages are in <see cref="CohereRequestMapperMessagesTests"/>).</summary>
public sealed class CohereRequestMapperTests
{
    private static readonly AIFunctionDeclaration Weather = AIFunctionFactory.CreateDeclaration(
        "get_weather", "Gets the weather.", JsonDocument.Parse("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""").RootElement);

    private static readonly AIFunctionDeclaration Time = AIFunctionFactory.CreateDeclaration(
        "get_time", null, JsonDocument.Parse("""{"type":"object","properties":{}}""").RootElement);

    [Fact]
    public void ToWireRequest_UserText_SendsModelAndStringContent()
    {
        AssertRequest("""{"model":"command-a-03-2025","messages":[{"role":"user","content":"Hello"}]}""", Map("Hello"));
    }

    [Fact]
    public void ToWireRequest_Stream_SetsStreamTrue()
    {
        AssertRequest(
            """{"model":"command-a-03-2025","messages":[{"role":"user","content":"Hi"}],"stream":true}""",
            Map([new ChatMessage(ChatRole.User, "Hi")], stream: true));
    }

    [Fact]
    public void ToWireRequest_SamplingOptions_MapToCohereNames()
    {
        var options = new ChatOptions
        {
            ModelId = "command-r7b-12-2024",
            Temperature = 0.3f,
            TopP = 0.75f,
            TopK = 40,
            MaxOutputTokens = 512,
            StopSequences = ["###", "END"],
            Seed = 42,
            FrequencyPenalty = 0.1f,
            PresencePenalty = 0.2f,
        };

        AssertRequest(
            """
            {"model":"command-r7b-12-2024","messages":[{"role":"user","content":"Hi"}],
             "max_tokens":512,"stop_sequences":["###","END"],"temperature":0.3,"seed":42,
             "frequency_penalty":0.1,"presence_penalty":0.2,"k":40,"p":0.75}
            """,
            Map("Hi", options));
    }

    [Fact]
    public void ToWireRequest_NonPositiveMaxOutputTokens_ThrowsOnOptions()
    {
        var ex = Assert.Throws<ArgumentException>(() => Map("Hi", new ChatOptions { MaxOutputTokens = 0 }));
        Assert.Equal("options", ex.ParamName);
    }

    [Fact]
    public void ToWireRequest_Tools_SendFunctionShapeAndOmitToolChoiceForAuto()
    {
        AssertRequest(
            """
            {"model":"command-a-03-2025","messages":[{"role":"user","content":"Hi"}],
             "tools":[
               {"type":"function","function":{"name":"get_weather","description":"Gets the weather.","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}},
               {"type":"function","function":{"name":"get_time","parameters":{"type":"object","properties":{}}}}]}
            """,
            Map("Hi", new ChatOptions { Tools = [Weather, Time], ToolMode = ChatToolMode.Auto }));
    }

    [Fact]
    public void ToWireRequest_RequireAny_SendsRequired()
    {
        var request = Map("Hi", new ChatOptions { Tools = [Weather, Time], ToolMode = ChatToolMode.RequireAny });

        Assert.Equal("REQUIRED", request.ToolChoice);
        Assert.Equal(["get_weather", "get_time"], request.Tools!.Select(t => t.Function.Name));
    }

    [Fact]
    public void ToWireRequest_RequireSpecific_SendsOnlyThatToolAsRequired()
    {
        AssertRequest(
            """
            {"model":"command-a-03-2025","messages":[{"role":"user","content":"Hi"}],
             "tools":[{"type":"function","function":{"name":"get_time","parameters":{"type":"object","properties":{}}}}],
             "tool_choice":"REQUIRED"}
            """,
            Map("Hi", new ChatOptions { Tools = [Weather, Time], ToolMode = ChatToolMode.RequireSpecific("get_time") }));
    }

    [Fact]
    public void ToWireRequest_RequireSpecificUnknownFunction_ThrowsOnOptions()
    {
        var ex = Assert.Throws<ArgumentException>(() => Map("Hi", new ChatOptions { Tools = [Weather], ToolMode = ChatToolMode.RequireSpecific("nope") }));
        Assert.Equal("options", ex.ParamName);
        Assert.Contains("nope", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToWireRequest_NoneToolMode_SendsNoneWithTheTools()
    {
        var request = Map("Hi", new ChatOptions { Tools = [Weather], ToolMode = ChatToolMode.None });

        Assert.Equal("NONE", request.ToolChoice);
        Assert.Single(request.Tools!);
    }

    [Fact]
    public void ToWireRequest_ToolModeWithoutTools_SendsNoToolChoice()
    {
        AssertRequest(
            """{"model":"command-a-03-2025","messages":[{"role":"user","content":"Hi"}]}""",
            Map("Hi", new ChatOptions { ToolMode = ChatToolMode.None }));
    }

    [Fact]
    public void ToWireRequest_StrictTools_SendsStrictToolsFromBoolOrJson()
    {
        var fromBool = Map("Hi", new ChatOptions { Tools = [Weather], AdditionalProperties = new() { [CoherePropertyKeys.StrictTools] = true } });
        var fromJson = Map("Hi", new ChatOptions { Tools = [Weather], AdditionalProperties = new() { [CoherePropertyKeys.StrictTools] = JsonDocument.Parse("false").RootElement } });

        Assert.Equal(true, fromBool.StrictTools);
        Assert.Equal(false, fromJson.StrictTools);
    }

    [Fact]
    public void ToWireRequest_StrictToolsNotABool_ThrowsOnOptions()
    {
        var ex = Assert.Throws<ArgumentException>(() => Map("Hi", new ChatOptions { Tools = [Weather], AdditionalProperties = new() { [CoherePropertyKeys.StrictTools] = 3 } }));
        Assert.Equal("options", ex.ParamName);
    }

    [Fact]
    public void ToWireRequest_ResponseFormatJsonSchema_SendsJsonObjectWithSchema()
    {
        var schema = JsonDocument.Parse("""{"type":"object","properties":{"name":{"type":"string"}},"required":["name"]}""").RootElement;

        AssertRequest(
            """
            {"model":"command-a-03-2025","messages":[{"role":"user","content":"Hi"}],
             "response_format":{"type":"json_object","json_schema":{"type":"object","properties":{"name":{"type":"string"}},"required":["name"]}}}
            """,
            Map("Hi", new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(schema, "person") }));
    }

    [Fact]
    public void ToWireRequest_ResponseFormatJsonAndText_SendJsonObjectAndText()
    {
        Assert.Equal(("json_object", (JsonElement?)null), Format(Map("Hi", new ChatOptions { ResponseFormat = ChatResponseFormat.Json })));
        Assert.Equal(("text", (JsonElement?)null), Format(Map("Hi", new ChatOptions { ResponseFormat = ChatResponseFormat.Text })));

        static (string, JsonElement?) Format(Wire.CohereChatRequest request) => (request.ResponseFormat!.Type, request.ResponseFormat.JsonSchema);
    }

    [Fact]
    public void ToWireRequest_ReasoningEffortNone_DisablesThinking()
    {
        AssertRequest(
            """{"model":"command-a-03-2025","messages":[{"role":"user","content":"Hi"}],"thinking":{"type":"disabled"}}""",
            Map("Hi", new ChatOptions { Reasoning = new ReasoningOptions { Effort = ReasoningEffort.None } }));
    }

    [Fact]
    public void ToWireRequest_ReasoningEffortWithBudget_EnablesThinkingWithTokenBudget()
    {
        var options = new ChatOptions
        {
            Reasoning = new ReasoningOptions { Effort = ReasoningEffort.High },
            AdditionalProperties = new() { [AdditionalPropertyKeys.ReasoningBudgetTokens] = 2048 },
        };

        AssertRequest(
            """{"model":"command-a-03-2025","messages":[{"role":"user","content":"Hi"}],"thinking":{"type":"enabled","token_budget":2048}}""",
            Map("Hi", options));
    }

    [Fact]
    public void ToWireRequest_ReasoningEffortAlone_EnablesThinkingWithoutBudget()
    {
        var request = Map("Hi", new ChatOptions { Reasoning = new ReasoningOptions { Effort = ReasoningEffort.Low } });

        Assert.Equal(("enabled", (int?)null), (request.Thinking!.Type, request.Thinking.TokenBudget));
    }

    [Fact]
    public void ToWireRequest_ZeroBudget_DisablesThinking()
    {
        var request = Map("Hi", new ChatOptions { AdditionalProperties = new() { [AdditionalPropertyKeys.ReasoningBudgetTokens] = 0 } });

        Assert.Equal("disabled", request.Thinking!.Type);
    }

    [Fact]
    public void ToWireRequest_NoReasoning_SendsNoThinking()
    {
        Assert.Null(Map("Hi", new ChatOptions()).Thinking);
    }

    [Fact]
    public void ToWireRequest_CitationSafetyAndPriority_MapFromPropertyKeys()
    {
        var options = new ChatOptions
        {
            AdditionalProperties = new()
            {
                [CoherePropertyKeys.CitationMode] = "ACCURATE",
                [CoherePropertyKeys.SafetyMode] = JsonDocument.Parse("\"STRICT\"").RootElement,
                [CoherePropertyKeys.Priority] = "2",
            },
        };

        AssertRequest(
            """
            {"model":"command-a-03-2025","messages":[{"role":"user","content":"Hi"}],
             "citation_options":{"mode":"ACCURATE"},"safety_mode":"STRICT","priority":2}
            """,
            Map("Hi", options));
    }

    [Fact]
    public void ToWireRequest_PriorityNotANumber_ThrowsOnOptions()
    {
        var ex = Assert.Throws<ArgumentException>(() => Map("Hi", new ChatOptions { AdditionalProperties = new() { [CoherePropertyKeys.Priority] = "high" } }));
        Assert.Equal("options", ex.ParamName);
    }
}
