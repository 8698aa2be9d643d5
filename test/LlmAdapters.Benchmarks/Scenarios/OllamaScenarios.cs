using System.Globalization;
using System.Text;
using System.Text.Json;
using LlmAdapters.Benchmarks.Harness;
using LlmAdapters.Ollama;
using LlmAdapters.Testing;
using Microsoft.Extensions.AI;
using OllamaSharp;

namespace LlmAdapters.Benchmarks.Scenarios;

/// <summary>
/// Ollama's native API: <c>ollama.stream.2000</c> (a 2,000-line <c>/api/chat</c> NDJSON stream, each line one piece of
/// <c>message.content</c> with the model and a nanosecond <c>created_at</c>, then the <c>done</c> line with its metrics, as the
/// server sends it) and <c>ollama.call.small</c> (one short answer with <c>"stream": false</c>), each as <c>floor</c>,
/// <c>adapter</c> (our <see cref="OllamaChatClient"/>) and <c>ollamasharp</c> (OllamaSharp's <see cref="OllamaApiClient"/> used as
/// its <see cref="IChatClient"/>) on the same server.
/// </summary>
internal sealed class OllamaScenarios : IScenarioSet
{
    public const int Lines = 2000;
    private const string Model = "llama3.2";
    private const string Prompt = "Write a long story about a lighthouse keeper.";
    private const string SmallAnswer = "The capital of France is Paris.";

    private static readonly string[] Pieces = BuildPieces();
    private static readonly IReadOnlyList<string> StreamLines = BuildStreamLines();
    private static readonly string SmallBody = BuildSmallBody();

    public ScriptedReply? Respond(CapturedRequest request)
    {
        if (request.Path != "/api/chat")
        {
            return null;
        }

        // The server streams unless the request says "stream": false.
        var streaming = request.Json?["stream"]?.GetValueKind() != JsonValueKind.False;
        return streaming
            ? ScriptedReply.RawStream("application/x-ndjson", [.. StreamLines])
            : ScriptedReply.Raw(200, SmallBody);
    }

    public IReadOnlyList<BenchmarkScenario> CreateScenarios(Uri emulator, ICollection<IDisposable> resources)
    {
        var chat = new Uri(emulator, "api/chat");
        var floor = new FloorClient([]);
        resources.Add(floor);
        var streamBody = FloorClient.Utf8(RequestJson(stream: true));
        var callBody = FloorClient.Utf8(RequestJson(stream: false));
        var content = "content"u8.ToArray();

        var adapter = new OllamaChatClient(new OllamaOptions { Endpoint = emulator, DefaultModelId = Model });
        resources.Add(adapter);
        IChatClient ollamaSharp = new OllamaApiClient(emulator, Model);
        resources.Add(ollamaSharp);
        List<ChatMessage> messages = [new(ChatRole.User, Prompt)];

        return
        [
            new BenchmarkScenario(
                "ollama.stream.2000",
                OperationsPerSample: 1,
                DeltasPerOperation: Lines,
                Pieces.Sum(p => (long)p.Length),
                [
                    new BenchmarkVariant("floor", ct => floor.StreamLinesAsync(chat, streamBody, content, ct)),
                    new BenchmarkVariant("adapter", ct => ChatClientStreamAsync(adapter, messages, ct)),
                    new BenchmarkVariant("ollamasharp", ct => ChatClientStreamAsync(ollamaSharp, messages, ct)),
                ]),
            new BenchmarkScenario(
                "ollama.call.small",
                OperationsPerSample: 100,
                DeltasPerOperation: null,
                SmallAnswer.Length,
                [
                    new BenchmarkVariant("floor", ct => floor.CallAsync(chat, callBody, FloorText, ct)),
                    new BenchmarkVariant("adapter", async ct => (await adapter.GetResponseAsync(messages, cancellationToken: ct)).Text.Length),
                    new BenchmarkVariant("ollamasharp", async ct => (await ollamaSharp.GetResponseAsync(messages, cancellationToken: ct)).Text.Length),
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
                if (contents[i] is TextContent text)
                {
                    chars += text.Text.Length;
                }
            }
        }

        return chars;
    }

    private static string? FloorText(JsonElement root) => root.GetProperty("message").GetProperty("content").GetString();

    private static string RequestJson(bool stream) =>
        "{\"model\":\"" + Model + "\",\"messages\":[{\"role\":\"user\",\"content\":" + JsonSerializer.Serialize(Prompt, BenchJsonContext.Default.String) +
        "}],\"stream\":" + (stream ? "true" : "false") + "}";

    // 2,000 word-sized pieces of varying length, like a real token stream (the same text as the other providers' scenarios).
    private static string[] BuildPieces()
    {
        string[] words = ["The", " keeper", " climbed", " the", " stairs", ",", " counting", " each", " step", " as", " the", " lamp", " turned", ".", "\n"];
        return [.. Enumerable.Range(0, Lines).Select(i => i % 97 == 96 ? " " + i.ToString(CultureInfo.InvariantCulture) : words[i % words.Length])];
    }

    private static IReadOnlyList<string> BuildStreamLines()
    {
        var start = new DateTime(2025, 10, 17, 23, 14, 7, DateTimeKind.Utc);
        var lines = new List<string>(Lines + 1);
        for (var i = 0; i < Pieces.Length; i++)
        {
            lines.Add(new StringBuilder(160)
                .Append("{\"model\":\"").Append(Model).Append("\",\"created_at\":\"")
                .Append(start.AddTicks(i * 191_234L).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture)).Append("41Z\"")
                .Append(",\"message\":{\"role\":\"assistant\",\"content\":").Append(JsonSerializer.Serialize(Pieces[i], BenchJsonContext.Default.String))
                .Append("},\"done\":false}\n")
                .ToString());
        }

        lines.Add("{\"model\":\"" + Model + "\",\"created_at\":\"2025-10-17T23:14:45.182347123Z\",\"message\":{\"role\":\"assistant\",\"content\":\"\"}," +
            "\"done\":true,\"done_reason\":\"stop\",\"total_duration\":38182242375,\"load_duration\":41295167,\"prompt_eval_count\":36," +
            "\"prompt_eval_duration\":24573166,\"eval_count\":2000,\"eval_duration\":38015959084}\n");
        return lines;
    }

    private static string BuildSmallBody() =>
        "{\"model\":\"" + Model + "\",\"created_at\":\"2025-10-17T23:14:07.414671234Z\",\"message\":{\"role\":\"assistant\",\"content\":\"" + SmallAnswer + "\"}," +
        "\"done\":true,\"done_reason\":\"stop\",\"total_duration\":174560334,\"load_duration\":101397084,\"prompt_eval_count\":11," +
        "\"prompt_eval_duration\":13074791,\"eval_count\":8,\"eval_duration\":52479709}";
}
