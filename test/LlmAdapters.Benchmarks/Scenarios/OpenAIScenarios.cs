using System.Globalization;
using System.Text;
using System.Text.Json;
using LlmAdapters.Benchmarks.Harness;
using LlmAdapters.Middleware;
using LlmAdapters.OpenAI;
using LlmAdapters.Testing;
using Microsoft.Extensions.AI;
using Sdk = global::OpenAI;

namespace LlmAdapters.Benchmarks.Scenarios;

/// <summary>
/// OpenAI Chat Completions: <c>openai.stream.2000</c> (a 2,000-delta stream with role, finish and usage chunks, as OpenAI sends it)
/// and <c>openai.call.small</c> (one short non-streaming completion), each as <c>floor</c>, <c>adapter</c> (our
/// <see cref="OpenAIChatClient"/>) and <c>openai-sdk</c> (the official SDK's <c>ChatClient</c>); the stream also as
/// <c>pipeline</c>: the adapter under function invocation, OpenTelemetry, cost tracking, prompt caching and resilience;
/// and as <c>ours</c>: the adapter under our own middleware only (cost tracking, prompt caching, rate limiting,
/// resilience); both also as <c>meai-openai</c>: Microsoft.Extensions.AI.OpenAI's <c>AsIChatClient()</c> over the official SDK.
/// </summary>
internal sealed class OpenAIScenarios : IScenarioSet
{
    public const int Deltas = 2000;
    private const string Model = "gpt-4.1-mini";
    private const string Key = "sk-bench-0000000000000000";
    private const string Prompt = "Write a long story about a lighthouse keeper.";

    /// <summary>The answer of the small non-streaming completion.</summary>
    internal const string SmallAnswer = "The capital of France is Paris.";

    /// <summary>The 2,000 word-sized deltas of the stream, in order.</summary>
    internal static readonly string[] Pieces = BuildPieces();

    /// <summary>The body of the small non-streaming completion.</summary>
    internal static readonly string SmallBody = BuildSmallBody();

    // After Pieces: static fields are initialized in the order they are written.
    private static readonly IReadOnlyList<string> StreamFrames = BuildStreamFrames(Pieces);

    public ScriptedReply? Respond(CapturedRequest request)
    {
        if (!request.Path.EndsWith("/chat/completions", StringComparison.Ordinal))
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
        var endpoint = new Uri(emulator, "v1/");
        var completions = new Uri(endpoint, "chat/completions");

        var floor = new FloorClient([new("Authorization", "Bearer " + Key)]);
        resources.Add(floor);
        var streamBody = FloorClient.Utf8(RequestJson(stream: true));
        var callBody = FloorClient.Utf8(RequestJson(stream: false));
        var content = "content"u8.ToArray();
        var done = "[DONE]"u8.ToArray();

        var adapter = new OpenAIChatClient(new OpenAIOptions { Endpoint = endpoint, ApiKey = Key, DefaultModelId = Model });
        resources.Add(adapter);
        List<ChatMessage> messages = [new(ChatRole.User, Prompt)];

        // The recommended middleware stack around the same adapter, so the cost of the pipeline is measured alone.
        var pipelineAdapter = new OpenAIChatClient(new OpenAIOptions { Endpoint = endpoint, ApiKey = Key, DefaultModelId = Model });
        resources.Add(pipelineAdapter);
        var pipeline = pipelineAdapter.AsBuilder()
            .UseFunctionInvocation()
            .UseOpenTelemetry()
            .UseCostTracking()
            .UsePromptCaching()
            .UseResilience()
            .Build();
        resources.Add(pipeline);

        // Our own middleware alone (no Microsoft middleware), with nothing configured for it to do: no ledger
        // budget, no cache hints, no failures, no rate limits set. What it costs here is pure overhead.
        var oursAdapter = new OpenAIChatClient(new OpenAIOptions { Endpoint = endpoint, ApiKey = Key, DefaultModelId = Model });
        resources.Add(oursAdapter);
        var ours = oursAdapter.AsBuilder()
            .UseCostTracking()
            .UsePromptCaching()
            .UseRateLimiting()
            .UseResilience()
            .Build();
        resources.Add(ours);

        var sdk = new Sdk.Chat.ChatClient(Model, new System.ClientModel.ApiKeyCredential(Key), new Sdk.OpenAIClientOptions { Endpoint = endpoint });

        // The IChatClient a .NET developer would otherwise pick: Microsoft.Extensions.AI.OpenAI over the official SDK.
        var meai = new Sdk.Chat.ChatClient(Model, new System.ClientModel.ApiKeyCredential(Key), new Sdk.OpenAIClientOptions { Endpoint = endpoint }).AsIChatClient();
        resources.Add(meai);
        List<Sdk.Chat.ChatMessage> sdkMessages = [new Sdk.Chat.UserChatMessage(Prompt)];

        var streamChars = Pieces.Sum(p => (long)p.Length);
        return
        [
            new BenchmarkScenario(
                "openai.stream.2000",
                OperationsPerSample: 1,
                DeltasPerOperation: Deltas,
                streamChars,
                [
                    new BenchmarkVariant("floor", ct => floor.StreamAsync(completions, streamBody, content, done, ct)),
                    new BenchmarkVariant("adapter", ct => AdapterStreamAsync(adapter, messages, ct)),
                    new BenchmarkVariant("pipeline", ct => AdapterStreamAsync(pipeline, messages, ct)),
                    new BenchmarkVariant("ours", ct => AdapterStreamAsync(ours, messages, ct)),
                    new BenchmarkVariant("openai-sdk", ct => SdkStreamAsync(sdk, sdkMessages, ct)),
                    new BenchmarkVariant("meai-openai", ct => AdapterStreamAsync(meai, messages, ct)),
                ]),
            new BenchmarkScenario(
                "openai.call.small",
                OperationsPerSample: 100,
                DeltasPerOperation: null,
                SmallAnswer.Length,
                [
                    new BenchmarkVariant("floor", ct => floor.CallAsync(completions, callBody, FloorText, ct)),
                    new BenchmarkVariant("adapter", async ct => (await adapter.GetResponseAsync(messages, cancellationToken: ct)).Text.Length),
                    new BenchmarkVariant("openai-sdk", async ct => (await sdk.CompleteChatAsync(sdkMessages, cancellationToken: ct)).Value.Content[0].Text.Length),
                    new BenchmarkVariant("meai-openai", async ct => (await meai.GetResponseAsync(messages, cancellationToken: ct)).Text.Length),
                ]),
        ];
    }

    /// <summary>Streams one response through <paramref name="client"/> and returns the length of its text.</summary>
    internal static async ValueTask<long> AdapterStreamAsync(IChatClient client, List<ChatMessage> messages, CancellationToken cancellationToken)
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

    private static async ValueTask<long> SdkStreamAsync(Sdk.Chat.ChatClient client, List<Sdk.Chat.ChatMessage> messages, CancellationToken cancellationToken)
    {
        long chars = 0;
        await foreach (var update in client.CompleteChatStreamingAsync(messages, cancellationToken: cancellationToken))
        {
            foreach (var part in update.ContentUpdate)
            {
                chars += part.Text?.Length ?? 0;
            }
        }

        return chars;
    }

    private static string? FloorText(JsonElement root) =>
        root.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString();

    private static string RequestJson(bool stream)
    {
        var body = new StringBuilder();
        body.Append("{\"model\":\"").Append(Model).Append("\",\"messages\":[{\"role\":\"user\",\"content\":").Append(JsonSerializer.Serialize(Prompt, BenchJsonContext.Default.String)).Append("}]");
        if (stream)
        {
            body.Append(",\"stream\":true,\"stream_options\":{\"include_usage\":true}");
        }

        return body.Append('}').ToString();
    }

    // 2,000 word-sized deltas of varying length, like a real token stream.
    private static string[] BuildPieces()
    {
        string[] words = ["The", " keeper", " climbed", " the", " stairs", ",", " counting", " each", " step", " as", " the", " lamp", " turned", ".", "\n"];
        return [.. Enumerable.Range(0, Deltas).Select(i => i % 97 == 96 ? " " + i.ToString(CultureInfo.InvariantCulture) : words[i % words.Length])];
    }

    /// <summary>A Chat Completions stream of <paramref name="pieces"/>: role, one chunk per piece, finish, usage, <c>[DONE]</c>.</summary>
    internal static IReadOnlyList<string> BuildStreamFrames(IReadOnlyList<string> pieces)
    {
        const string Head = "{\"id\":\"chatcmpl-bench0001\",\"object\":\"chat.completion.chunk\",\"created\":1770933892,\"model\":\"gpt-4.1-mini-2025-04-14\",\"service_tier\":\"default\",\"system_fingerprint\":\"fp_bench01\",\"choices\":[{\"index\":0,\"delta\":";
        var frames = new List<string>(pieces.Count + 4)
        {
            "data: " + Head + "{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null,\"obfuscation\":\"Qup1BsQ3\"}\n\n",
        };
        foreach (var piece in pieces)
        {
            frames.Add("data: " + Head + "{\"content\":" + JsonSerializer.Serialize(piece, BenchJsonContext.Default.String) + "},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null,\"obfuscation\":\"x9\"}\n\n");
        }

        frames.Add("data: " + Head + "{},\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":null}\n\n");
        frames.Add("data: {\"id\":\"chatcmpl-bench0001\",\"object\":\"chat.completion.chunk\",\"created\":1770933892,\"model\":\"gpt-4.1-mini-2025-04-14\",\"choices\":[],\"usage\":{\"prompt_tokens\":16,\"completion_tokens\":" + pieces.Count.ToString(CultureInfo.InvariantCulture) + ",\"total_tokens\":" + (16 + pieces.Count).ToString(CultureInfo.InvariantCulture) + ",\"prompt_tokens_details\":{\"cached_tokens\":0,\"audio_tokens\":0},\"completion_tokens_details\":{\"reasoning_tokens\":0,\"audio_tokens\":0,\"accepted_prediction_tokens\":0,\"rejected_prediction_tokens\":0}}}\n\n");
        frames.Add("data: [DONE]\n\n");
        return frames;
    }

    private static string BuildSmallBody() =>
        "{\"id\":\"chatcmpl-bench0002\",\"object\":\"chat.completion\",\"created\":1741569952,\"model\":\"gpt-4.1-mini-2025-04-14\"," +
        "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + SmallAnswer + "\",\"refusal\":null,\"annotations\":[]},\"logprobs\":null,\"finish_reason\":\"stop\"}]," +
        "\"usage\":{\"prompt_tokens\":19,\"completion_tokens\":8,\"total_tokens\":27,\"prompt_tokens_details\":{\"cached_tokens\":0,\"audio_tokens\":0}," +
        "\"completion_tokens_details\":{\"reasoning_tokens\":0,\"audio_tokens\":0,\"accepted_prediction_tokens\":0,\"rejected_prediction_tokens\":0}}," +
        "\"service_tier\":\"default\",\"system_fingerprint\":\"fp_bench01\"}";
}
