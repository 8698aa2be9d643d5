using System.Text;
using LlmAdapters.Fuzzing;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Ollama.Tests;

/// <summary>Recorded-shape /api/chat bodies (one JSON object whole, NDJSON lines streamed), mutated by the shared fuzz suite.</summary>
public sealed class OllamaFuzzTests : ChatClientFuzzTests
{
    private static readonly byte[] Whole = Encoding.UTF8.GetBytes("""
        {"model":"llama3.2","created_at":"2026-03-10T12:00:00.123456Z","message":{"role":"assistant","content":"Hé",
        "thinking":"plan","tool_calls":[{"function":{"name":"f","arguments":{"a":1,"b":[true,null,"x"]}}}],"images":null},
        "done":true,"done_reason":"stop","total_duration":174560334,"load_duration":101397084,"prompt_eval_count":5,
        "prompt_eval_duration":13074791,"eval_count":2,"eval_duration":58855000}
        """);

    private static readonly byte[] Stream = Encoding.UTF8.GetBytes(
        "{\"model\":\"llama3.2\",\"created_at\":\"2026-03-10T12:00:00Z\",\"message\":{\"role\":\"assistant\",\"content\":\"\",\"thinking\":\"plan\"},\"done\":false}\n" +
        "{\"model\":\"llama3.2\",\"created_at\":\"2026-03-10T12:00:00Z\",\"message\":{\"role\":\"assistant\",\"content\":\"Hé\"},\"done\":false}\n" +
        "{\"model\":\"llama3.2\",\"created_at\":\"2026-03-10T12:00:00Z\",\"message\":{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"function\":{\"name\":\"f\",\"arguments\":{\"a\":1}}}]},\"done\":false}\n" +
        "{\"model\":\"llama3.2\",\"created_at\":\"2026-03-10T12:00:00Z\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":5,\"eval_count\":9}\n");

    protected override string Provider => "ollama";

    protected override byte[] WholeBody => Whole;

    protected override byte[] StreamBody => Stream;

    protected override string StreamContentType => "application/x-ndjson";

    protected override int WholeSeed => 51;

    protected override int StreamSeed => 52;

    protected override IChatClient CreateClient(Uri address) =>
        new OllamaChatClient(new OllamaOptions { Endpoint = address, DefaultModelId = "llama3.2" });
}
