using System.Text;
using LlmAdapters.Fuzzing;

namespace LlmAdapters.OpenAI.Tests;

/// <summary>Seeded mutations of recorded-shape Chat Completions bodies: only typed exceptions, no hang, bounded allocation.
/// <c>LLMADAPTERS_FUZZ_CASES=10000</c> runs the long mode.</summary>
public sealed class OpenAIFuzzTests
{
    private const string Key = "sk-test-SECRETKEY-0123456789abcdef";

    private static readonly byte[] Whole = Encoding.UTF8.GetBytes("""
        {"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"gpt-4.1-mini","choices":[{"index":0,
        "message":{"role":"assistant","content":"Hé there","reasoning":"plan","reasoning_details":[{"type":"reasoning.text","text":"t","index":0}],
        "tool_calls":[{"id":"call_1","type":"function","function":{"name":"f","arguments":"{\"a\":1}"}}]},"finish_reason":"tool_calls","logprobs":null}],
        "usage":{"prompt_tokens":3,"completion_tokens":4,"total_tokens":7,"prompt_tokens_details":{"cached_tokens":1},"completion_tokens_details":{"reasoning_tokens":2}},
        "service_tier":"default"}
        """);

    private static readonly byte[] Stream = Encoding.UTF8.GetBytes(
        "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"gpt-4.1-mini\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hé\"},\"finish_reason\":null}]}\n\n" +
        "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"gpt-4.1-mini\",\"choices\":[{\"index\":0,\"delta\":{\"reasoning_details\":[{\"type\":\"reasoning.text\",\"index\":0,\"text\":\"t\"}]},\"finish_reason\":null}]}\n\n" +
        "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"gpt-4.1-mini\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"a\\\":\"}}]},\"finish_reason\":null}]}\n\n" +
        "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"gpt-4.1-mini\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"1}\"}}]},\"finish_reason\":\"tool_calls\"}]}\n\n" +
        "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"gpt-4.1-mini\",\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":4,\"total_tokens\":7}}\n\n" +
        "data: [DONE]\n\n");

    [Fact]
    public Task GetResponseAsync_MutatedBodies_OnlyTypedExceptionsNoHangBoundedAllocation() => RunAsync(Whole, "application/json", streaming: false, seed: 11);

    [Fact]
    public Task GetStreamingResponseAsync_MutatedStreams_OnlyTypedExceptionsNoHangBoundedAllocation() => RunAsync(Stream, "text/event-stream", streaming: true, seed: 12);

    private static async Task RunAsync(byte[] body, string contentType, bool streaming, int seed)
    {
        var report = await FuzzHarness.RunAsync(
            address => new OpenAIChatClient(new OpenAIOptions { Endpoint = new Uri(address, "v1/"), ApiKey = Key, DefaultModelId = "gpt-4.1-mini" }),
            body,
            contentType,
            streaming,
            seed,
            FuzzMutator.Cases,
            TestContext.Current.CancellationToken);

        TestContext.Current.TestOutputHelper?.WriteLine($"openai {(streaming ? "stream" : "whole")}: {report}");
        Assert.True(report.Untyped == 0 && report.Hangs == 0, report.ToString());
        Assert.InRange(report.MaxAllocatedBytes, 0, FuzzHarness.AllocationBound(body));
    }
}
