using System.Globalization;
using System.Text;
using System.Text.Json;
using LlmAdapters.Benchmarks.Harness;
using LlmAdapters.OpenAI;
using LlmAdapters.Testing;
using Microsoft.Extensions.AI;
using Sdk = global::OpenAI;

namespace LlmAdapters.Benchmarks.Scenarios;

/// <summary>
/// The OpenAI Responses API: <c>openai-responses.stream.2000</c>, a 2,000-delta event stream in the recorded order (created,
/// in_progress, the message item and its part, the text deltas with their <c>logprobs</c> and <c>obfuscation</c> fields, the
/// closing text, part and item events, completed with usage), as <c>floor</c>, <c>adapter</c> (our
/// <see cref="OpenAIResponsesChatClient"/>) and <c>meai-openai</c> (Microsoft.Extensions.AI.OpenAI's <c>AsIChatClient()</c>
/// over the official SDK's <c>ResponsesClient</c>).
/// </summary>
internal sealed class OpenAIResponsesScenarios : IScenarioSet
{
    private const int Deltas = OpenAIScenarios.Deltas;
    private const string Model = "gpt-5-mini";
    private const string Key = "sk-bench-0000000000000000";
    private const string Prompt = "Write a long story about a lighthouse keeper.";

    private static readonly string[] Pieces = BuildPieces();
    private static readonly IReadOnlyList<string> StreamFrames = BuildStreamFrames();

    public ScriptedReply? Respond(CapturedRequest request) =>
        request.Path.EndsWith("/responses", StringComparison.Ordinal)
            ? ScriptedReply.RawStream("text/event-stream", [.. StreamFrames])
            : null;

    public IReadOnlyList<BenchmarkScenario> CreateScenarios(Uri emulator, ICollection<IDisposable> resources)
    {
        var endpoint = new Uri(emulator, "v1/");
        var responses = new Uri(endpoint, "responses");

        var floor = new FloorClient([new("Authorization", "Bearer " + Key)]);
        resources.Add(floor);
        var body = FloorClient.Utf8("{\"model\":\"" + Model + "\",\"input\":" + JsonSerializer.Serialize(Prompt, BenchJsonContext.Default.String) + ",\"stream\":true}");
        var delta = "delta"u8.ToArray();
        var done = "[DONE]"u8.ToArray();

        var adapter = new OpenAIResponsesChatClient(new OpenAIOptions { Endpoint = endpoint, ApiKey = Key, DefaultModelId = Model });
        resources.Add(adapter);
        List<ChatMessage> messages = [new(ChatRole.User, Prompt)];

#pragma warning disable OPENAI001 // The SDK marks its Responses client experimental; the benchmark only calls it.
        var meai = new Sdk.Responses.ResponsesClient(new System.ClientModel.ApiKeyCredential(Key), new Sdk.Responses.ResponsesClientOptions { Endpoint = endpoint })
            .AsIChatClient(Model);
#pragma warning restore OPENAI001
        resources.Add(meai);

        return
        [
            new BenchmarkScenario(
                "openai-responses.stream.2000",
                OperationsPerSample: 1,
                DeltasPerOperation: Deltas,
                Pieces.Sum(p => (long)p.Length),
                [
                    new BenchmarkVariant("floor", ct => floor.StreamAsync(responses, body, delta, done, ct)),
                    new BenchmarkVariant("adapter", ct => StreamAsync(adapter, messages, ct)),
                    new BenchmarkVariant("meai-openai", ct => StreamAsync(meai, messages, ct)),
                ]),
        ];
    }

    private static async ValueTask<long> StreamAsync(IChatClient client, List<ChatMessage> messages, CancellationToken cancellationToken)
    {
        long chars = 0;
        await foreach (var update in client.GetStreamingResponseAsync(messages, cancellationToken: cancellationToken))
        {
            // Indexed, so the consumer's boxed enumerator is not counted against the client.
            var contents = update.Contents;
            for (var i = 0; i < contents.Count; i++)
            {
                if (contents[i] is TextContent text)
                {
                    chars += text.Text.Length;
                }
            }
        }

        return chars;
    }

    // The same 2,000 word-sized pieces as the Chat Completions stream, so the two scenarios compare.
    private static string[] BuildPieces()
    {
        string[] words = ["The", " keeper", " climbed", " the", " stairs", ",", " counting", " each", " step", " as", " the", " lamp", " turned", ".", "\n"];
        return [.. Enumerable.Range(0, Deltas).Select(i => i % 97 == 96 ? " " + i.ToString(CultureInfo.InvariantCulture) : words[i % words.Length])];
    }

    private static List<string> BuildStreamFrames()
    {
        const string Response = "\"id\":\"resp_bench0001\",\"object\":\"response\",\"created_at\":1770933892,\"model\":\"gpt-5-mini-2025-08-07\"";
        var sequence = 0;
        var frames = new List<string>(Deltas + 10);
        void Add(string type, string rest) =>
            frames.Add("event: " + type + "\ndata: {\"type\":\"" + type + "\",\"sequence_number\":" + (sequence++).ToString(CultureInfo.InvariantCulture) + "," + rest + "}\n\n");

        Add("response.created", "\"response\":{" + Response + ",\"status\":\"in_progress\",\"error\":null,\"incomplete_details\":null,\"output\":[],\"usage\":null}");
        Add("response.in_progress", "\"response\":{" + Response + ",\"status\":\"in_progress\",\"error\":null,\"incomplete_details\":null,\"output\":[],\"usage\":null}");
        Add("response.output_item.added", "\"output_index\":0,\"item\":{\"id\":\"msg_bench01\",\"type\":\"message\",\"status\":\"in_progress\",\"content\":[],\"role\":\"assistant\"}");
        Add("response.content_part.added", "\"item_id\":\"msg_bench01\",\"output_index\":0,\"content_index\":0,\"part\":{\"type\":\"output_text\",\"annotations\":[],\"logprobs\":[],\"text\":\"\"}");
        foreach (var piece in Pieces)
        {
            Add("response.output_text.delta", "\"item_id\":\"msg_bench01\",\"output_index\":0,\"content_index\":0,\"delta\":" + JsonSerializer.Serialize(piece, BenchJsonContext.Default.String) + ",\"logprobs\":[],\"obfuscation\":\"x9Qa\"");
        }

        var text = JsonSerializer.Serialize(string.Concat(Pieces), BenchJsonContext.Default.String);
        var part = "{\"type\":\"output_text\",\"annotations\":[],\"logprobs\":[],\"text\":" + text + "}";
        Add("response.output_text.done", "\"item_id\":\"msg_bench01\",\"output_index\":0,\"content_index\":0,\"text\":" + text + ",\"logprobs\":[]");
        Add("response.content_part.done", "\"item_id\":\"msg_bench01\",\"output_index\":0,\"content_index\":0,\"part\":" + part);
        var item = "{\"id\":\"msg_bench01\",\"type\":\"message\",\"status\":\"completed\",\"content\":[" + part + "],\"role\":\"assistant\"}";
        Add("response.output_item.done", "\"output_index\":0,\"item\":" + item);
        var usage = new StringBuilder("\"usage\":{\"input_tokens\":16,\"input_tokens_details\":{\"cached_tokens\":0},\"output_tokens\":2000,\"output_tokens_details\":{\"reasoning_tokens\":0},\"total_tokens\":2016}");
        Add("response.completed", "\"response\":{" + Response + ",\"status\":\"completed\",\"error\":null,\"incomplete_details\":null,\"output\":[" + item + "]," + usage + "}");
        return frames;
    }
}
