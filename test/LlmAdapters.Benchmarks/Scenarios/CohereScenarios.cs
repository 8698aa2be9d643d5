using System.Globalization;
using System.Text;
using System.Text.Json;
using LlmAdapters.Benchmarks.Harness;
using LlmAdapters.Cohere;
using LlmAdapters.Testing;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Benchmarks.Scenarios;

/// <summary>
/// Cohere v2 chat: <c>cohere.stream.2000</c>, a 2,000-delta stream framed as the API sends it (<c>event:</c> lines,
/// <c>message-start</c>, <c>content-start</c>, the deltas, <c>content-end</c>, <c>message-end</c> with usage), as
/// <c>floor</c> and <c>adapter</c> (our <see cref="CohereChatClient"/>).
/// </summary>
internal sealed class CohereScenarios : IScenarioSet
{
    public const int Deltas = 2000;
    private const string Model = "command-a-03-2025";
    private const string Key = "co-bench-000000000000";
    private const string Prompt = "Write a long story about a lighthouse keeper.";
    private const string MessageEnd = "{\"type\":\"message-end\",\"delta\":{\"finish_reason\":\"COMPLETE\",\"usage\":{\"billed_units\":{\"input_tokens\":10,\"output_tokens\":2000},\"tokens\":{\"input_tokens\":203,\"output_tokens\":2000}}}}";

    private static readonly string[] Pieces = BuildPieces();
    private static readonly IReadOnlyList<string> StreamFrames = BuildStreamFrames();

    public ScriptedReply? Respond(CapturedRequest request) =>
        request.Path == "/v2/chat" && request.Json?["stream"]?.GetValueKind() == JsonValueKind.True
            ? ScriptedReply.RawStream("text/event-stream", [.. StreamFrames])
            : null;

    public IReadOnlyList<BenchmarkScenario> CreateScenarios(Uri emulator, ICollection<IDisposable> resources)
    {
        var chatUri = new Uri(emulator, "v2/chat");
        var floor = new FloorClient([new("Authorization", "Bearer " + Key)]);
        resources.Add(floor);
        var streamBody = FloorClient.Utf8(
            "{\"model\":\"" + Model + "\",\"messages\":[{\"role\":\"user\",\"content\":" + JsonSerializer.Serialize(Prompt, BenchJsonContext.Default.String) + "}],\"stream\":true}");
        var text = "text"u8.ToArray();
        var end = Encoding.UTF8.GetBytes(MessageEnd);

        var adapter = new CohereChatClient(new CohereOptions { Endpoint = emulator, ApiKey = Key, DefaultModelId = Model });
        resources.Add(adapter);
        List<ChatMessage> messages = [new(ChatRole.User, Prompt)];

        return
        [
            new BenchmarkScenario(
                "cohere.stream.2000",
                OperationsPerSample: 1,
                DeltasPerOperation: Deltas,
                Pieces.Sum(p => (long)p.Length),
                [
                    new BenchmarkVariant("floor", ct => floor.StreamAsync(chatUri, streamBody, text, end, ct)),
                    new BenchmarkVariant("adapter", ct => ChatClientStreamAsync(adapter, messages, ct)),
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

    // 2,000 word-sized deltas of varying length, like a real token stream (the same text as the other providers' scenarios).
    private static string[] BuildPieces()
    {
        string[] words = ["The", " keeper", " climbed", " the", " stairs", ",", " counting", " each", " step", " as", " the", " lamp", " turned", ".", "\n"];
        return [.. Enumerable.Range(0, Deltas).Select(i => i % 97 == 96 ? " " + i.ToString(CultureInfo.InvariantCulture) : words[i % words.Length])];
    }

    private static IReadOnlyList<string> BuildStreamFrames()
    {
        var frames = new List<string>(Deltas + 4)
        {
            "event: message-start\ndata: {\"id\":\"5f0c1d1e-bench-0001\",\"type\":\"message-start\",\"delta\":{\"message\":{\"role\":\"assistant\",\"content\":[],\"tool_plan\":\"\",\"tool_calls\":[],\"citations\":[]}}}\n\n",
            "event: content-start\ndata: {\"type\":\"content-start\",\"index\":0,\"delta\":{\"message\":{\"content\":{\"type\":\"text\",\"text\":\"\"}}}}\n\n",
        };
        foreach (var piece in Pieces)
        {
            frames.Add("event: content-delta\ndata: {\"type\":\"content-delta\",\"index\":0,\"delta\":{\"message\":{\"content\":{\"text\":" + JsonSerializer.Serialize(piece, BenchJsonContext.Default.String) + "}}}}\n\n");
        }

        frames.Add("event: content-end\ndata: {\"type\":\"content-end\",\"index\":0}\n\n");
        frames.Add("event: message-end\ndata: " + MessageEnd + "\n\n");
        return frames;
    }
}
