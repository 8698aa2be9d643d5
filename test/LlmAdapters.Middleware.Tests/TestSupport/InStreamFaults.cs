using LlmAdapters.Anthropic;
using LlmAdapters.Cohere;
using LlmAdapters.Gemini;
using LlmAdapters.Ollama;
using LlmAdapters.OpenAI;
using LlmAdapters.Testing;
using LlmAdapters.Testing.Dialects.Anthropic;
using LlmAdapters.Testing.Dialects.Cohere;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Middleware.Tests;

/// <summary>
/// Per provider, a real adapter on the emulator and two streams that fail with the provider's own in-stream error: one
/// after role-only or metadata-only frames (nothing a caller could show yet), one after the text <c>Hello</c>.
/// </summary>
internal static class InStreamFaults
{
    public const string Answer = "Hello";

    public static TheoryData<string> Providers => ["openai", "anthropic", "gemini", "ollama", "cohere"];

    public static IChatClient Adapter(string provider, ProviderEmulator emulator) => provider switch
    {
        "openai" => new OpenAIChatClient(new OpenAIOptions { Endpoint = emulator.Url("v1/"), ApiKey = "sk-test-first-output", DefaultModelId = "gpt-4o-mini" }),
        "anthropic" => new AnthropicChatClient(new AnthropicOptions { Endpoint = emulator.BaseAddress, ApiKey = "sk-ant-api03-test-first-output", DefaultModelId = "claude-haiku-4-5" }),
        "gemini" => new GeminiChatClient(new GeminiOptions { Endpoint = emulator.BaseAddress, ApiKey = "AIzaTestFirstOutputKey0123456789abcd", DefaultModelId = "gemini-2.5-flash" }),
        "ollama" => new OllamaChatClient(new OllamaOptions { Endpoint = emulator.BaseAddress, DefaultModelId = "llama3.2" }),
        "cohere" => new CohereChatClient(new CohereOptions { Endpoint = emulator.BaseAddress, ApiKey = "co-test-first-output", DefaultModelId = "command-a-03-2025" }),
        _ => throw new ArgumentOutOfRangeException(nameof(provider)),
    };

    /// <summary>The answer every successful attempt gives.</summary>
    public static ScriptedReply Success() => ScriptedReply.Text(Answer);

    /// <summary>A stream that starts (role, metadata) and then fails with a retryable in-stream error before any text.</summary>
    public static ScriptedReply FailsBeforeText(string provider) => provider switch
    {
        "openai" => ScriptedReply.RawStream(
            "text/event-stream",
            OpenAIChunk("""{"role":"assistant","content":""}"""),
            """data: {"error":{"message":"The server had an error while processing your request.","type":"server_error","param":null,"code":null}}""" + "\n\n"),

        // message_start (role only) and ping, then event: error with overloaded_error.
        "anthropic" => WithProperty(Success(), AnthropicDialect.ErrorEventAfterProperty, 2),
        "gemini" => ScriptedReply.RawStream(
            "text/event-stream",
            """data: {"candidates":[{"content":{"role":"model","parts":[]},"index":0}],"modelVersion":"gemini-2.5-flash","responseId":"resp-failed"}""" + "\r\n\r\n",
            """data: {"error":{"code":503,"message":"The model is overloaded. Please try again later.","status":"UNAVAILABLE"}}""" + "\r\n\r\n"),
        "ollama" => ScriptedReply.RawStream(
            "application/x-ndjson",
            """{"model":"llama3.2","created_at":"2026-03-10T12:00:00Z","message":{"role":"assistant","content":""},"done":false}""" + "\n",
            """{"error":"model runner has unexpectedly stopped"}""" + "\n"),

        // message-start (role only) and content-start (empty text), then message-end with finish_reason ERROR.
        "cohere" => WithProperty(Success(), CohereDialect.ErrorEventAfterProperty, 2),
        _ => throw new ArgumentOutOfRangeException(nameof(provider)),
    };

    /// <summary>A stream that yields the text <see cref="Answer"/> and then fails with the same in-stream error.</summary>
    public static ScriptedReply FailsAfterText(string provider) => provider switch
    {
        "openai" => ScriptedReply.RawStream(
            "text/event-stream",
            OpenAIChunk("""{"role":"assistant","content":""}"""),
            OpenAIChunk("""{"content":"Hello"}"""),
            """data: {"error":{"message":"The server had an error while processing your request.","type":"server_error","param":null,"code":null}}""" + "\n\n"),

        // message_start, ping, content_block_start, one text delta.
        "anthropic" => WithProperty(Success(), AnthropicDialect.ErrorEventAfterProperty, 4),
        "gemini" => ScriptedReply.RawStream(
            "text/event-stream",
            """data: {"candidates":[{"content":{"role":"model","parts":[{"text":"Hello"}]},"index":0}],"modelVersion":"gemini-2.5-flash","responseId":"resp-failed"}""" + "\r\n\r\n",
            """data: {"error":{"code":503,"message":"The model is overloaded. Please try again later.","status":"UNAVAILABLE"}}""" + "\r\n\r\n"),
        "ollama" => ScriptedReply.RawStream(
            "application/x-ndjson",
            """{"model":"llama3.2","created_at":"2026-03-10T12:00:00Z","message":{"role":"assistant","content":""},"done":false}""" + "\n",
            """{"model":"llama3.2","created_at":"2026-03-10T12:00:00Z","message":{"role":"assistant","content":"Hello"},"done":false}""" + "\n",
            """{"error":"model runner has unexpectedly stopped"}""" + "\n"),

        // message-start, content-start, one content-delta.
        "cohere" => WithProperty(Success(), CohereDialect.ErrorEventAfterProperty, 3),
        _ => throw new ArgumentOutOfRangeException(nameof(provider)),
    };

    /// <summary>Streams the successful answer straight from the adapter: the updates a caller gets when nothing fails.</summary>
    public static async Task<List<ChatResponseUpdate>> BaselineAsync(string provider, ProviderEmulator emulator, CancellationToken cancellationToken)
    {
        using var adapter = Adapter(provider, emulator);
        emulator.Enqueue(Success());
        var updates = await CollectAsync(adapter.GetStreamingResponseAsync("Say hello.", cancellationToken: cancellationToken));
        emulator.Reset();
        return updates;
    }

    public static async Task<List<ChatResponseUpdate>> CollectAsync(IAsyncEnumerable<ChatResponseUpdate> stream, List<ChatResponseUpdate>? into = null)
    {
        var updates = into ?? [];
        await foreach (var update in stream)
        {
            updates.Add(update);
        }

        return updates;
    }

    private static string OpenAIChunk(string delta) =>
        $$"""data: {"id":"chatcmpl-failed","object":"chat.completion.chunk","created":1773144000,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{{delta}},"finish_reason":null}]}""" + "\n\n";

    private static ScriptedReply WithProperty(ScriptedReply reply, string key, int value)
    {
        reply.Properties[key] = value;
        return reply;
    }
}
