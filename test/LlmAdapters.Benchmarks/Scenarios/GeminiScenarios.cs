using System.Globalization;
using System.Text;
using System.Text.Json;
using LlmAdapters.Benchmarks.Harness;
using LlmAdapters.Gemini;
using LlmAdapters.Testing;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Benchmarks.Scenarios;

/// <summary>
/// Gemini API: <c>gemini.stream.2000</c> (a 2,000-chunk <c>streamGenerateContent?alt=sse</c> stream, each chunk with one text
/// part, running usage, model version and response id, as Gemini sends it) and <c>gemini.call.small</c> (one short
/// <c>generateContent</c>), each as <c>floor</c> and <c>adapter</c> (our <see cref="GeminiChatClient"/>).
/// </summary>
internal sealed class GeminiScenarios : IScenarioSet
{
    public const int Chunks = 2000;
    private const string Model = "gemini-2.5-flash";
    private const string Key = "AIzaBench000000000000000000000000000";
    private const string Prompt = "Write a long story about a lighthouse keeper.";
    private const string SmallAnswer = "The capital of France is Paris.";

    private static readonly string[] Pieces = BuildPieces();
    private static readonly IReadOnlyList<string> StreamFrames = BuildStreamFrames();
    private static readonly string SmallBody = BuildSmallBody();

    public ScriptedReply? Respond(CapturedRequest request)
    {
        if (request.Path.EndsWith(":streamGenerateContent", StringComparison.Ordinal) && request.Path.Contains("/models/" + Model, StringComparison.Ordinal))
        {
            return ScriptedReply.RawStream("text/event-stream", [.. StreamFrames]);
        }

        if (request.Path.EndsWith(":generateContent", StringComparison.Ordinal) && request.Path.Contains("/models/" + Model, StringComparison.Ordinal))
        {
            return ScriptedReply.Raw(200, SmallBody);
        }

        return null;
    }

    public IReadOnlyList<BenchmarkScenario> CreateScenarios(Uri emulator, ICollection<IDisposable> resources)
    {
        var stream = new Uri(emulator, $"v1beta/models/{Model}:streamGenerateContent?alt=sse");
        var call = new Uri(emulator, $"v1beta/models/{Model}:generateContent");
        var floor = new FloorClient([new("x-goog-api-key", Key)]);
        resources.Add(floor);
        var body = FloorClient.Utf8("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":" + JsonSerializer.Serialize(Prompt, BenchJsonContext.Default.String) + "}]}],\"generationConfig\":{\"candidateCount\":1}}");
        var text = "text"u8.ToArray();

        var adapter = new GeminiChatClient(new GeminiOptions { Endpoint = emulator, ApiKey = Key, DefaultModelId = Model });
        resources.Add(adapter);
        List<ChatMessage> messages = [new(ChatRole.User, Prompt)];

        return
        [
            new BenchmarkScenario(
                "gemini.stream.2000",
                OperationsPerSample: 1,
                DeltasPerOperation: Chunks,
                Pieces.Sum(p => (long)p.Length),
                [
                    new BenchmarkVariant("floor", ct => floor.StreamAsync(stream, body, text, [], ct)),
                    new BenchmarkVariant("adapter", ct => AdapterStreamAsync(adapter, messages, ct)),
                ]),
            new BenchmarkScenario(
                "gemini.call.small",
                OperationsPerSample: 100,
                DeltasPerOperation: null,
                SmallAnswer.Length,
                [
                    new BenchmarkVariant("floor", ct => floor.CallAsync(call, body, FloorText, ct)),
                    new BenchmarkVariant("adapter", async ct => (await adapter.GetResponseAsync(messages, cancellationToken: ct)).Text.Length),
                ]),
        ];
    }

    private static async ValueTask<long> AdapterStreamAsync(IChatClient client, List<ChatMessage> messages, CancellationToken cancellationToken)
    {
        long chars = 0;
        await foreach (var update in client.GetStreamingResponseAsync(messages, cancellationToken: cancellationToken))
        {
            // Indexed, as in the other scenarios, so the consumer's boxed enumerator is not counted against the client.
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

    private static string? FloorText(JsonElement root) =>
        root.GetProperty("candidates")[0].GetProperty("content").GetProperty("parts")[0].GetProperty("text").GetString();

    // 2,000 word-sized pieces of varying length, like a real token stream.
    private static string[] BuildPieces()
    {
        string[] words = ["The", " keeper", " climbed", " the", " stairs", ",", " counting", " each", " step", " as", " the", " lamp", " turned", ".", "\n"];
        return [.. Enumerable.Range(0, Chunks).Select(i => i % 97 == 96 ? " " + i.ToString(CultureInfo.InvariantCulture) : words[i % words.Length])];
    }

    private static IReadOnlyList<string> BuildStreamFrames()
    {
        var frames = new List<string>(Chunks);
        for (var i = 0; i < Pieces.Length; i++)
        {
            var last = i == Pieces.Length - 1;
            var sb = new StringBuilder(320);
            sb.Append("data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": ")
                .Append(JsonSerializer.Serialize(Pieces[i], BenchJsonContext.Default.String))
                .Append(last ? ",\"thoughtSignature\": \"EqsFCqgFAXLI2nxbench\"" : string.Empty)
                .Append("}],\"role\": \"model\"}")
                .Append(last ? ",\"finishReason\": \"STOP\"" : string.Empty)
                .Append(",\"index\": 0}],\"usageMetadata\": {\"promptTokenCount\": 12,\"candidatesTokenCount\": ")
                .Append((i + 1).ToString(CultureInfo.InvariantCulture))
                .Append(",\"totalTokenCount\": ")
                .Append((i + 13).ToString(CultureInfo.InvariantCulture))
                .Append(",\"promptTokensDetails\": [{\"modality\": \"TEXT\",\"tokenCount\": 12}]},\"modelVersion\": \"gemini-2.5-flash\",\"responseId\": \"bH6LaaXYz4bench0001\"}\r\n\r\n");
            frames.Add(sb.ToString());
        }

        return frames;
    }

    private static string BuildSmallBody() =>
        "{\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"" + SmallAnswer + "\"}],\"role\": \"model\"},\"finishReason\": \"STOP\",\"index\": 0}]," +
        "\"usageMetadata\": {\"promptTokenCount\": 9,\"candidatesTokenCount\": 7,\"totalTokenCount\": 16,\"promptTokensDetails\": [{\"modality\": \"TEXT\",\"tokenCount\": 9}]}," +
        "\"modelVersion\": \"gemini-2.5-flash\",\"responseId\": \"QHiLaa6Lbench0002\"}";
}
