using System.Text;
using LlmAdapters.Fuzzing;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Anthropic.Tests;

/// <summary>Recorded-shape Messages API bodies, mutated by the shared fuzz suite.</summary>
public sealed class AnthropicFuzzTests : ChatClientFuzzTests
{
    private const string Key = "sk-ant-api03-test-key-0123456789abcdef";

    private static readonly byte[] Whole = Encoding.UTF8.GetBytes("""
        {"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[
        {"type":"thinking","thinking":"plan","signature":"sig"},
        {"type":"text","text":"Hé Paris","citations":[{"type":"char_location","cited_text":"Paris is","document_index":0,"document_title":"Atlas","start_char_index":0,"end_char_index":8}]},
        {"type":"tool_use","id":"toolu_1","name":"f","input":{"a":1}}],
        "stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":3,"output_tokens":4,"cache_read_input_tokens":1,"cache_creation_input_tokens":0}}
        """);

    private static readonly byte[] Stream = Encoding.UTF8.GetBytes(
        "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\",\"content\":[],\"usage\":{\"input_tokens\":3,\"output_tokens\":0}}}\n\n" +
        "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"thinking\",\"thinking\":\"\"}}\n\n" +
        "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"plan\"}}\n\n" +
        "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"signature_delta\",\"signature\":\"sig\"}}\n\n" +
        "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n" +
        "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n" +
        "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hé\"}}\n\n" +
        "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"citations_delta\",\"citation\":{\"type\":\"char_location\",\"cited_text\":\"P\",\"document_index\":0}}}\n\n" +
        "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":1}\n\n" +
        "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":2,\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"f\",\"input\":{}}}\n\n" +
        "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":2,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"a\\\":1}\"}}\n\n" +
        "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":2}\n\n" +
        "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\"},\"usage\":{\"output_tokens\":4}}\n\n" +
        "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");

    protected override string Provider => "anthropic";

    protected override byte[] WholeBody => Whole;

    protected override byte[] StreamBody => Stream;

    protected override int WholeSeed => 21;

    protected override int StreamSeed => 22;

    protected override IChatClient CreateClient(Uri address) =>
        new AnthropicChatClient(new AnthropicOptions { Endpoint = address, ApiKey = Key, DefaultModelId = "claude-sonnet-4-5" });
}
