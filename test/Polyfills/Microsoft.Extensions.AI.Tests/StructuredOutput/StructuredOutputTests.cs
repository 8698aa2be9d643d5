using System.Text.Json;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Polyfills.Tests;

public sealed class StructuredOutputTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static FakeChatClient Replying(string json, List<(IList<ChatMessage> Messages, ChatOptions? Options)> seen) => new()
    {
        GetResponseAsyncCallback = (messages, options, _) =>
        {
            seen.Add((messages.ToList(), options));
            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, json)) { ModelId = "m", ResponseId = "r" });
        },
    };

    [Fact]
    public async Task GetResponseAsyncT_Object_SendsSchemaFormatAndReadsResult()
    {
        var seen = new List<(IList<ChatMessage> Messages, ChatOptions? Options)>();
        var client = Replying("""{"city":"Paris","temperatureC":21}""", seen);
        var callerOptions = new ChatOptions { Temperature = 0 };

        var response = await client.GetResponseAsync<Forecast>("weather?", callerOptions, cancellationToken: Ct);

        Assert.Equal(new Forecast("Paris", 21), response.Result);
        Assert.Equal("m", response.ModelId);
        Assert.Equal("r", response.ResponseId);
        Assert.Null(callerOptions.ResponseFormat);
        var format = Assert.IsType<ChatResponseFormatJson>(seen[0].Options?.ResponseFormat);
        var schema = format.Schema!.Value;
        Assert.Equal("object", schema.GetProperty("type").GetString());
        Assert.True(schema.GetProperty("properties").TryGetProperty("city", out _));
        Assert.Single(seen[0].Messages);
    }

    [Fact]
    public async Task GetResponseAsyncT_Primitive_WrapsSchemaInDataObjectAndUnwrapsResult()
    {
        var seen = new List<(IList<ChatMessage> Messages, ChatOptions? Options)>();
        var client = Replying("""{"data":42}""", seen);

        var response = await client.GetResponseAsync<int>("how many?", cancellationToken: Ct);

        Assert.Equal(42, response.Result);
        var schema = Assert.IsType<ChatResponseFormatJson>(seen[0].Options?.ResponseFormat).Schema!.Value;
        Assert.Equal("object", schema.GetProperty("type").GetString());
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", schema.GetProperty("$schema").GetString());
        Assert.Equal("integer", schema.GetProperty("properties").GetProperty("data").GetProperty("type").GetString());
        Assert.Equal(["data"], schema.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        Assert.False(schema.GetProperty("additionalProperties").GetBoolean());
    }

    [Fact]
    public async Task GetResponseAsyncT_Array_IsWrappedAndRead()
    {
        var seen = new List<(IList<ChatMessage> Messages, ChatOptions? Options)>();
        var client = Replying("""{"data":[{"city":"Oslo","temperatureC":-3},{"city":"Rome","temperatureC":18}]}""", seen);

        var response = await client.GetResponseAsync<Forecast[]>("forecasts", cancellationToken: Ct);

        Assert.Equal([new Forecast("Oslo", -3), new Forecast("Rome", 18)], response.Result);
        var schema = Assert.IsType<ChatResponseFormatJson>(seen[0].Options?.ResponseFormat).Schema!.Value;
        Assert.Equal("array", schema.GetProperty("properties").GetProperty("data").GetProperty("type").GetString());
    }

    [Fact]
    public async Task GetResponseAsyncT_JsonSchemaFormatOff_AsksForJsonAndDescribesSchemaInUserMessage()
    {
        var seen = new List<(IList<ChatMessage> Messages, ChatOptions? Options)>();
        var client = Replying("""{"city":"Paris","temperatureC":21} trailing text""", seen);

        var response = await client.GetResponseAsync<Forecast>("weather?", useJsonSchemaResponseFormat: false, cancellationToken: Ct);

        Assert.Equal(new Forecast("Paris", 21), response.Result);
        Assert.Same(ChatResponseFormat.Json, seen[0].Options?.ResponseFormat);
        var added = seen[0].Messages[^1];
        Assert.Equal(ChatRole.User, added.Role);
        Assert.StartsWith("Respond with a JSON value conforming to the following schema:", added.Text, StringComparison.Ordinal);
        Assert.Contains("\"city\"", added.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Result_NoJson_ThrowsAndTryGetResultReturnsFalse()
    {
        var client = Replying("", []);

        var response = await client.GetResponseAsync<Forecast>("weather?", cancellationToken: Ct);

        var ex = Assert.Throws<InvalidOperationException>(() => response.Result);
        Assert.Equal("The response did not contain JSON to be deserialized.", ex.Message);
        Assert.False(response.TryGetResult(out var result));
        Assert.Null(result);
    }

    [Fact]
    public async Task Result_WrappedWithoutDataProperty_Throws()
    {
        var client = Replying("""{"value":1}""", []);

        var response = await client.GetResponseAsync<int>("n?", cancellationToken: Ct);

        Assert.Equal("The response did not contain the expected 'data' property.", Assert.Throws<InvalidOperationException>(() => response.Result).Message);
    }

    [Fact]
    public async Task Result_JsonNull_Throws()
    {
        var client = Replying("null", []);

        var response = await client.GetResponseAsync<Forecast>("weather?", cancellationToken: Ct);

        Assert.Equal("The deserialized response is null.", Assert.Throws<InvalidOperationException>(() => response.Result).Message);
    }

    [Fact]
    public async Task GetResponseAsyncT_CustomSerializerOptions_AreUsedForSchemaAndResult()
    {
        var seen = new List<(IList<ChatMessage> Messages, ChatOptions? Options)>();
        var client = Replying("""{"CITY":"Paris","TEMPERATURE_C":21}""", seen);
        var options = new JsonSerializerOptions(AIJsonUtilities.DefaultOptions) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseUpper };

        var response = await client.GetResponseAsync<Forecast>("weather?", options, cancellationToken: Ct);

        Assert.Equal(new Forecast("Paris", 21), response.Result);
        Assert.True(options.IsReadOnly);
        var schema = Assert.IsType<ChatResponseFormatJson>(seen[0].Options?.ResponseFormat).Schema!.Value;
        Assert.True(schema.GetProperty("properties").TryGetProperty("CITY", out _));
    }

    public sealed record Forecast(string City, int TemperatureC);
}
