using System.Text.Json;
using System.Text.Json.Nodes;
using LlmAdapters.Anthropic.Wire;
using LlmAdapters.Testing;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Anthropic.Tests;

internal static class AnthropicTestSupport
{
    public const string Key = "sk-ant-api03-test-key-0123456789abcdef";

    /// <summary>A recorded-shape body under <c>TestData/Anthropic/</c>.</summary>
    public static string Recording(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "Anthropic", name));

    public static AnthropicOptions Options(string model = "claude-sonnet-4-5") =>
        new() { ApiKey = Key, DefaultModelId = model };

    public static AnthropicRequest Map(IEnumerable<ChatMessage> messages, ChatOptions? options = null, AnthropicOptions? clientOptions = null, bool stream = false)
    {
        clientOptions ??= Options();
        return AnthropicRequestMapper.ToWireRequest(messages, options, clientOptions, options?.ModelId ?? clientOptions.DefaultModelId!, stream);
    }

    public static AnthropicRequest Map(string user, ChatOptions? options = null, AnthropicOptions? clientOptions = null) =>
        Map([new ChatMessage(ChatRole.User, user)], options, clientOptions);

    public static JsonNode ToNode(AnthropicRequest request) =>
        JsonSerializer.SerializeToNode(request.Body, AnthropicJsonContext.Default.MessagesRequest)!;

    public static void AssertJson(string expected, JsonNode? actual)
    {
        var expectedNode = JsonNode.Parse(expected);
        Assert.True(
            JsonNode.DeepEquals(expectedNode, actual),
            $"Expected:\n{expectedNode?.ToJsonString()}\nActual:\n{actual?.ToJsonString()}");
    }

    public static void AssertRequest(string expected, AnthropicRequest request) => AssertJson(expected, ToNode(request));

    public static AnthropicChatClient Client(ProviderEmulator emulator, Action<AnthropicOptions>? configure = null)
    {
        var options = new AnthropicOptions { Endpoint = emulator.BaseAddress, ApiKey = Key, DefaultModelId = "claude-sonnet-4-5" };
        configure?.Invoke(options);
        return new AnthropicChatClient(options);
    }

    public static async Task<List<ChatResponseUpdate>> CollectAsync(IAsyncEnumerable<ChatResponseUpdate> updates, List<ChatResponseUpdate>? into = null)
    {
        var list = into ?? [];
        await foreach (var update in updates)
        {
            list.Add(update);
        }

        return list;
    }
}
