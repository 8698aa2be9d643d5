using LlmAdapters.Testing;
using Microsoft.Extensions.AI;
using static LlmAdapters.OpenAI.Tests.OpenAITestSupport;

namespace LlmAdapters.OpenAI.Tests.Responses;

public sealed class OpenAIResponsesProtocolTests
{
    [Fact]
    public async Task GetResponseAsync_AzureV1_PostsToOpenAIV1ResponsesWithTheDeploymentAsModel()
    {
        await using var emulator = await StartEmulatorAsync();
        using var client = new OpenAIResponsesChatClient(OpenAIOptions.ForAzure(emulator.BaseAddress, "my-gpt5", ApiKey, apiVersion: null));
        emulator.Enqueue(ScriptedReply.Text("ok"));

        await client.GetResponseAsync("Hi", cancellationToken: Ct);

        var request = emulator.LastRequest;
        Assert.Equal("/openai/v1/responses", request.Path);
        Assert.Equal(string.Empty, request.Query);
        Assert.Equal("my-gpt5", request.Json!["model"]!.GetValue<string>());
        Assert.Equal(ApiKey, request.Header("api-key"));
        Assert.Equal("azure.ai.openai", client.GetService<ChatClientMetadata>()!.ProviderName);
    }

    [Fact]
    public async Task GetResponseAsync_AzureDeploymentForm_PostsToOpenAIResponsesWithApiVersion()
    {
        await using var emulator = await StartEmulatorAsync();
        using var client = new OpenAIResponsesChatClient(OpenAIOptions.ForAzure(emulator.BaseAddress, "my-gpt5", ApiKey, apiVersion: "2025-03-01-preview"));
        emulator.Enqueue(ScriptedReply.Text("ok"));

        await client.GetResponseAsync("Hi", cancellationToken: Ct);

        Assert.Equal("/openai/responses", emulator.LastRequest.Path);
        Assert.Equal("?api-version=2025-03-01-preview", emulator.LastRequest.Query);
        Assert.Equal("my-gpt5", emulator.LastRequest.Json!["model"]!.GetValue<string>());
    }

    [Fact]
    public async Task GetResponseAsync_XAIPreset_PostsToV1ResponsesAndReportsXAI()
    {
        await using var emulator = await StartEmulatorAsync();
        var options = OpenAIPresets.XAI.CreateOptions(apiKey: ApiKey);
        options.Endpoint = emulator.Url("v1/");
        using var client = new OpenAIResponsesChatClient(options);
        emulator.Enqueue(ScriptedReply.Text("ok").WithUsage(5, 6));

        var response = await client.GetResponseAsync("Hi", cancellationToken: Ct);

        Assert.Equal("/v1/responses", emulator.LastRequest.Path);
        Assert.Equal("grok-4", emulator.LastRequest.Json!["model"]!.GetValue<string>());
        Assert.Equal("x_ai", response.AdditionalProperties![AdditionalPropertyKeys.OriginProvider]);
    }

    [Theory]
    [InlineData("deepseek", "DeepSeek")]
    [InlineData("mistral", "Mistral")]
    public void Constructor_PresetWithoutResponsesApi_ThrowsNotSupportedNamingThePreset(string preset, string displayName)
    {
        Assert.True(OpenAIPresets.TryGet(preset, out var found));

        var ex = Assert.Throws<NotSupportedException>(() => new OpenAIResponsesChatClient(found.CreateOptions(apiKey: ApiKey)));

        Assert.Contains(displayName, ex.Message, StringComparison.Ordinal);
        Assert.Contains("OpenAIChatClient", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_NullOptions_ThrowsArgumentNull()
    {
        var ex = Assert.Throws<ArgumentNullException>(() => new OpenAIResponsesChatClient(null!));

        Assert.Equal("options", ex.ParamName);
    }
}
