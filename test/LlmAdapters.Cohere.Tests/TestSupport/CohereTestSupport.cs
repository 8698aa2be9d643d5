using System.Text.Json;
using System.Text.Json.Nodes;
using LlmAdapters.Cohere.Wire;
using LlmAdapters.Testing;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Cohere.Tests.TestSupport;

internal static class CohereTestSupport
{
    public const string Key = "co-test-key-0123456789abcdef";

    public const string Model = "command-a-03-2025";

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static CohereChatRequest Map(IEnumerable<ChatMessage> messages, ChatOptions? options = null, bool stream = false) =>
        CohereRequestMapper.ToWireRequest(messages, options, options?.ModelId ?? Model, stream);

    public static CohereChatRequest Map(string user, ChatOptions? options = null) => Map([new ChatMessage(ChatRole.User, user)], options);

    public static JsonNode ToNode(CohereChatRequest request) =>
        JsonSerializer.SerializeToNode(request, CohereJsonContext.Default.CohereChatRequest)!;

    public static void AssertJson(string expected, JsonNode? actual)
    {
        var expectedNode = JsonNode.Parse(expected);
        Assert.True(
            JsonNode.DeepEquals(expectedNode, actual),
            $"Expected:\n{expectedNode?.ToJsonString()}\nActual:\n{actual?.ToJsonString()}");
    }

    public static void AssertRequest(string expected, CohereChatRequest request) => AssertJson(expected, ToNode(request));

    public static CohereChatClient Client(ProviderEmulator emulator, Action<CohereOptions>? configure = null)
    {
        var options = new CohereOptions { Endpoint = emulator.BaseAddress, ApiKey = Key, DefaultModelId = Model };
        configure?.Invoke(options);
        return new CohereChatClient(options);
    }

    public static CohereEmbeddingGenerator Embedder(ProviderEmulator emulator, Action<CohereOptions>? configure = null)
    {
        var options = new CohereOptions { Endpoint = emulator.BaseAddress, ApiKey = Key, DefaultModelId = "embed-v4.0" };
        configure?.Invoke(options);
        return new CohereEmbeddingGenerator(options);
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
