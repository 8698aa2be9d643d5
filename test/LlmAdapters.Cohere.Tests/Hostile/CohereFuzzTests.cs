using System.Text;
using LlmAdapters.Fuzzing;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Cohere.Tests;

/// <summary>Recorded-shape /v2/chat bodies, whole and as the SSE event stream, mutated by the shared fuzz suite.</summary>
public sealed class CohereFuzzTests : ChatClientFuzzTests
{
    private const string Key = "co-test-0123456789abcdefghijklmn";

    private static readonly byte[] Whole = Encoding.UTF8.GetBytes("""
        {"id":"c1","finish_reason":"TOOL_CALL","message":{"role":"assistant","tool_plan":"plan",
        "content":[{"type":"thinking","thinking":"think"},{"type":"text","text":"Hé"}],
        "tool_calls":[{"id":"t1","type":"function","function":{"name":"f","arguments":"{\"a\":1}"}}],
        "citations":[{"start":0,"end":2,"text":"Hé","sources":[{"type":"document","id":"d1","document":{"title":"T"}}]}]},
        "usage":{"billed_units":{"input_tokens":5,"output_tokens":2},"tokens":{"input_tokens":7,"output_tokens":4}}}
        """);

    private static readonly byte[] Stream = Encoding.UTF8.GetBytes(
        "event: message-start\ndata: {\"id\":\"c1\",\"type\":\"message-start\",\"delta\":{\"message\":{\"role\":\"assistant\",\"content\":[]}}}\n\n" +
        "event: content-start\ndata: {\"type\":\"content-start\",\"index\":0,\"delta\":{\"message\":{\"content\":{\"type\":\"text\",\"text\":\"\"}}}}\n\n" +
        "event: content-delta\ndata: {\"type\":\"content-delta\",\"index\":0,\"delta\":{\"message\":{\"content\":{\"text\":\"Hé\"}}}}\n\n" +
        "event: content-end\ndata: {\"type\":\"content-end\",\"index\":0}\n\n" +
        "event: tool-call-start\ndata: {\"type\":\"tool-call-start\",\"index\":1,\"delta\":{\"message\":{\"tool_calls\":{\"id\":\"t1\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"\"}}}}}\n\n" +
        "event: tool-call-delta\ndata: {\"type\":\"tool-call-delta\",\"index\":1,\"delta\":{\"message\":{\"tool_calls\":{\"function\":{\"arguments\":\"{\\\"a\\\":1}\"}}}}}\n\n" +
        "event: tool-call-end\ndata: {\"type\":\"tool-call-end\",\"index\":1}\n\n" +
        "event: message-end\ndata: {\"type\":\"message-end\",\"delta\":{\"finish_reason\":\"TOOL_CALL\",\"usage\":{\"billed_units\":{\"input_tokens\":5,\"output_tokens\":2},\"tokens\":{\"input_tokens\":7,\"output_tokens\":4}}}}\n\n");

    protected override string Provider => "cohere";

    protected override byte[] WholeBody => Whole;

    protected override byte[] StreamBody => Stream;

    protected override int WholeSeed => 61;

    protected override int StreamSeed => 62;

    protected override IChatClient CreateClient(Uri address) =>
        new CohereChatClient(new CohereOptions { Endpoint = address, ApiKey = Key, DefaultModelId = "command-a-03-2025" });
}
