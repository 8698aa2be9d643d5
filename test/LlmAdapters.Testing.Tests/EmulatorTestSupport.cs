using System.Text;

namespace LlmAdapters.Testing.Tests;

/// <summary>Starting emulators and talking to them over plain HTTP, as any client would.</summary>
internal static class EmulatorTestSupport
{
    public const string Key = "k-test-0123456789";

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static Task<ProviderEmulator> StartEmulatorAsync(Action<ProviderEmulatorOptions>? configure = null)
    {
        var options = new ProviderEmulatorOptions();
        configure?.Invoke(options);
        return ProviderEmulator.StartAsync(options, Ct);
    }

    /// <summary>Sends <paramref name="call"/> to the emulator and returns the response with its headers read.</summary>
    public static async Task<HttpResponseMessage> SendAsync(HttpClient http, ProviderEmulator emulator, DialectCall call, bool stream, bool withCredentials = true, string key = Key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, emulator.Url(stream ? call.StreamPath : call.WholePath))
        {
            Content = new StringContent(stream ? call.StreamBody : call.WholeBody, Encoding.UTF8, "application/json"),
        };
        foreach (var (name, value) in call.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (withCredentials)
        {
            request.Headers.TryAddWithoutValidation(call.CredentialHeader, call.CredentialPrefix + key);
        }

        return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Ct);
    }
}

/// <summary>One provider's smallest chat request, streamed and whole, as its adapter would send it.</summary>
public sealed record DialectCall(
    string Dialect,
    string StreamPath,
    string StreamBody,
    string WholePath,
    string WholeBody,
    string CredentialHeader,
    string CredentialPrefix,
    IReadOnlyList<(string Name, string Value)> Headers)
{
    private const string Messages = """[{"role":"user","content":"x"}]""";
    private const string GeminiBody = """{"contents":[{"role":"user","parts":[{"text":"x"}]}]}""";

    /// <summary>Gets every built-in dialect's call, keyed by dialect name.</summary>
    public static IReadOnlyDictionary<string, DialectCall> All { get; } = new Dictionary<string, DialectCall>
    {
        ["openai"] = new("openai", "v1/chat/completions", $$"""{"model":"m","messages":{{Messages}},"stream":true}""",
            "v1/chat/completions", $$"""{"model":"m","messages":{{Messages}}}""", "Authorization", "Bearer ", []),
        ["openai-responses"] = new("openai-responses", "v1/responses", """{"model":"m","input":"x","stream":true}""",
            "v1/responses", """{"model":"m","input":"x"}""", "Authorization", "Bearer ", []),
        ["anthropic"] = new("anthropic", "v1/messages", $$"""{"model":"m","max_tokens":10,"messages":{{Messages}},"stream":true}""",
            "v1/messages", $$"""{"model":"m","max_tokens":10,"messages":{{Messages}}}""", "x-api-key", string.Empty, [("anthropic-version", "2023-06-01")]),
        ["gemini"] = new("gemini", "v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse", GeminiBody,
            "v1beta/models/gemini-2.5-flash:generateContent", GeminiBody, "x-goog-api-key", string.Empty, []),
        ["cohere"] = new("cohere", "v2/chat", $$"""{"model":"m","messages":{{Messages}},"stream":true}""",
            "v2/chat", $$"""{"model":"m","messages":{{Messages}}}""", "Authorization", "Bearer ", []),
        ["ollama"] = new("ollama", "api/chat", $$"""{"model":"llama3.2","messages":{{Messages}}}""",
            "api/chat", $$"""{"model":"llama3.2","messages":{{Messages}},"stream":false}""", "Authorization", "Bearer ", []),
    };

    /// <summary>Gets the dialect names, as theory data.</summary>
    public static TheoryData<string> Names => new(All.Keys);

    /// <summary>Gets a value indicating whether the stream is NDJSON (one JSON object a line) rather than SSE.</summary>
    public bool IsNdjson => Dialect == "ollama";

    /// <summary>Counts the frames in a stream body.</summary>
    public int CountFrames(string body) =>
        IsNdjson ? body.Count(c => c == '\n') : body.Split("data:", StringSplitOptions.None).Length - 1;
}
