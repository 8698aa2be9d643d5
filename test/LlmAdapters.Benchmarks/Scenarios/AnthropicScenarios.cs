using System.Globalization;
using System.Text;
using System.Text.Json;
using LlmAdapters.Anthropic;
using LlmAdapters.Benchmarks.Harness;
using LlmAdapters.Testing;
using Microsoft.Extensions.AI;
using Sdk = global::Anthropic;

namespace LlmAdapters.Benchmarks.Scenarios;

/// <summary>
/// Anthropic Messages: <c>anthropic.stream.2000</c> (a 2,000-delta stream framed as the API sends it, with
/// <c>event:</c> lines, a ping, usage in <c>message_start</c> and <c>message_delta</c>) and <c>anthropic.call.small</c>
/// (one short non-streaming message), each as <c>floor</c>, <c>adapter</c> (our <see cref="AnthropicChatClient"/>),
/// <c>anthropic-sdk</c> (the official SDK's native <c>Messages</c> service) and <c>anthropic-sdk-ichatclient</c>
/// (that SDK's <c>AsIChatClient()</c>).
/// </summary>
internal sealed class AnthropicScenarios : IScenarioSet
{
    public const int Deltas = 2000;
    private const string Model = "claude-sonnet-4-5";
    private const int MaxTokens = 1024;
    private const string Key = "sk-ant-api03-bench-000000000000";
    private const string Prompt = "Write a long story about a lighthouse keeper.";
    private const string SmallAnswer = "The capital of France is Paris.";

    private static readonly string[] Pieces = BuildPieces();
    private static readonly IReadOnlyList<string> StreamFrames = BuildStreamFrames();
    private static readonly string SmallBody = BuildSmallBody();

    public ScriptedReply? Respond(CapturedRequest request)
    {
        if (request.Path != "/v1/messages")
        {
            return null;
        }

        var streaming = request.Json?["stream"]?.GetValueKind() == JsonValueKind.True;
        return streaming
            ? ScriptedReply.RawStream("text/event-stream", [.. StreamFrames])
            : ScriptedReply.Raw(200, SmallBody);
    }

    public IReadOnlyList<BenchmarkScenario> CreateScenarios(Uri emulator, ICollection<IDisposable> resources)
    {
        var messagesUri = new Uri(emulator, "v1/messages");

        var floor = new FloorClient([new("x-api-key", Key), new("anthropic-version", "2023-06-01")]);
        resources.Add(floor);
        var streamBody = FloorClient.Utf8(RequestJson(stream: true));
        var callBody = FloorClient.Utf8(RequestJson(stream: false));
        var text = "text"u8.ToArray();
        var stop = "{\"type\":\"message_stop\"}"u8.ToArray();

        var adapter = new AnthropicChatClient(new AnthropicOptions { Endpoint = emulator, ApiKey = Key, DefaultModelId = Model, DefaultMaxOutputTokens = MaxTokens });
        resources.Add(adapter);
        List<ChatMessage> messages = [new(ChatRole.User, Prompt)];

        // Only the static key: no token or credential chain from the machine's environment.
        var sdk = new Sdk.AnthropicClient { ApiKey = Key, AuthToken = null, BaseUrl = emulator.AbsoluteUri.TrimEnd('/'), MaxRetries = 0 };
        var sdkParams = new Sdk.Models.Messages.MessageCreateParams
        {
            Model = Model,
            MaxTokens = MaxTokens,
            Messages = [new Sdk.Models.Messages.UserMessageParam { Content = Prompt }],
        };
        var sdkChat = sdk.AsIChatClient(Model, MaxTokens);
        resources.Add(sdkChat);

        var streamChars = Pieces.Sum(p => (long)p.Length);
        return
        [
            new BenchmarkScenario(
                "anthropic.stream.2000",
                OperationsPerSample: 1,
                DeltasPerOperation: Deltas,
                streamChars,
                [
                    new BenchmarkVariant("floor", ct => floor.StreamAsync(messagesUri, streamBody, text, stop, ct)),
                    new BenchmarkVariant("adapter", ct => ChatClientStreamAsync(adapter, messages, ct)),
                    new BenchmarkVariant("anthropic-sdk", ct => SdkStreamAsync(sdk, sdkParams, ct)),
                    new BenchmarkVariant("anthropic-sdk-ichatclient", ct => ChatClientStreamAsync(sdkChat, messages, ct)),
                ]),
            new BenchmarkScenario(
                "anthropic.call.small",
                OperationsPerSample: 100,
                DeltasPerOperation: null,
                SmallAnswer.Length,
                [
                    new BenchmarkVariant("floor", ct => floor.CallAsync(messagesUri, callBody, FloorText, ct)),
                    new BenchmarkVariant("adapter", async ct => (await adapter.GetResponseAsync(messages, cancellationToken: ct)).Text.Length),
                    new BenchmarkVariant("anthropic-sdk", ct => SdkCallAsync(sdk, sdkParams, ct)),
                    new BenchmarkVariant("anthropic-sdk-ichatclient", async ct => (await sdkChat.GetResponseAsync(messages, cancellationToken: ct)).Text.Length),
                ]),
        ];
    }

    private static async ValueTask<long> ChatClientStreamAsync(IChatClient client, List<ChatMessage> messages, CancellationToken cancellationToken)
    {
        long chars = 0;
        await foreach (var update in client.GetStreamingResponseAsync(messages, cancellationToken: cancellationToken))
        {
            // Indexed: foreach over the IList<AIContent> would box an enumerator per update and charge the
            // consumer's allocation to the client under test.
            var contents = update.Contents;
            for (var i = 0; i < contents.Count; i++)
            {
                if (contents[i] is TextContent content)
                {
                    chars += content.Text.Length;
                }
            }
        }

        return chars;
    }

    private static async ValueTask<long> SdkStreamAsync(Sdk.AnthropicClient client, Sdk.Models.Messages.MessageCreateParams parameters, CancellationToken cancellationToken)
    {
        long chars = 0;
        await foreach (var evt in client.Messages.CreateStreaming(parameters, cancellationToken))
        {
            if (evt.TryPickContentBlockDelta(out var delta) && delta.Delta.TryPickText(out var textDelta))
            {
                chars += textDelta.Text.Length;
            }
        }

        return chars;
    }

    private static async ValueTask<long> SdkCallAsync(Sdk.AnthropicClient client, Sdk.Models.Messages.MessageCreateParams parameters, CancellationToken cancellationToken)
    {
        var message = await client.Messages.Create(parameters, cancellationToken);
        long chars = 0;
        foreach (var block in message.Content)
        {
            if (block.TryPickText(out var textBlock))
            {
                chars += textBlock.Text.Length;
            }
        }

        return chars;
    }

    private static string? FloorText(JsonElement root) => root.GetProperty("content")[0].GetProperty("text").GetString();

    private static string RequestJson(bool stream)
    {
        var body = new StringBuilder();
        body.Append("{\"model\":\"").Append(Model).Append("\",\"max_tokens\":").Append(MaxTokens.ToString(CultureInfo.InvariantCulture))
            .Append(",\"messages\":[{\"role\":\"user\",\"content\":").Append(JsonSerializer.Serialize(Prompt, BenchJsonContext.Default.String)).Append("}]");
        if (stream)
        {
            body.Append(",\"stream\":true");
        }

        return body.Append('}').ToString();
    }

    // 2,000 word-sized deltas of varying length, like a real token stream (the same text as the OpenAI scenario).
    private static string[] BuildPieces()
    {
        string[] words = ["The", " keeper", " climbed", " the", " stairs", ",", " counting", " each", " step", " as", " the", " lamp", " turned", ".", "\n"];
        return [.. Enumerable.Range(0, Deltas).Select(i => i % 97 == 96 ? " " + i.ToString(CultureInfo.InvariantCulture) : words[i % words.Length])];
    }

    private static IReadOnlyList<string> BuildStreamFrames()
    {
        var frames = new List<string>(Deltas + 8)
        {
            "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_01Bench0000000000000001\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5-20250929\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":16,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,\"cache_creation\":{\"ephemeral_5m_input_tokens\":0,\"ephemeral_1h_input_tokens\":0},\"output_tokens\":1,\"service_tier\":\"standard\"}}}\n\n",
            "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n",
            "event: ping\ndata: {\"type\": \"ping\"}\n\n",
        };
        foreach (var piece in Pieces)
        {
            frames.Add("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":" + JsonSerializer.Serialize(piece, BenchJsonContext.Default.String) + "}}\n\n");
        }

        frames.Add("event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n");
        frames.Add("event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"input_tokens\":16,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,\"output_tokens\":2000}}\n\n");
        frames.Add("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
        return frames;
    }

    private static string BuildSmallBody() =>
        "{\"id\":\"msg_01Bench0000000000000002\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5-20250929\"," +
        "\"content\":[{\"type\":\"text\",\"text\":\"" + SmallAnswer + "\",\"citations\":null}],\"stop_reason\":\"end_turn\",\"stop_sequence\":null," +
        "\"usage\":{\"input_tokens\":19,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,\"cache_creation\":{\"ephemeral_5m_input_tokens\":0,\"ephemeral_1h_input_tokens\":0}," +
        "\"output_tokens\":8,\"service_tier\":\"standard\"}}";
}
