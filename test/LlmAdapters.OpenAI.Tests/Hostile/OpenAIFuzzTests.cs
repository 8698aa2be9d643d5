using System.Text;
using LlmAdapters.Fuzzing;
using Microsoft.Extensions.AI;

namespace LlmAdapters.OpenAI.Tests;

/// <summary>Recorded-shape Chat Completions bodies, mutated by the shared fuzz suite.</summary>
public sealed class OpenAIFuzzTests : ChatClientFuzzTests
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

    protected override string Provider => "openai";

    protected override byte[] WholeBody => Whole;

    protected override byte[] StreamBody => Stream;

    protected override int WholeSeed => 11;

    protected override int StreamSeed => 12;

    protected override IChatClient CreateClient(Uri address) =>
        new OpenAIChatClient(new OpenAIOptions { Endpoint = new Uri(address, "v1/"), ApiKey = Key, DefaultModelId = "gpt-4.1-mini" });
}
