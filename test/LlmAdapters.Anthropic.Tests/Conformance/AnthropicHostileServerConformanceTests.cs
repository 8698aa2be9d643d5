using LlmAdapters.Conformance;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Anthropic.Tests.Conformance;

/// <summary>Anthropic: the key goes in <c>x-api-key</c>; in-stream failures are <c>event: error</c> after <c>message_start</c>.</summary>
public sealed class AnthropicHostileServerConformanceTests : AdapterHostileServerConformanceTests
{
    protected override string Key => "sk-ant-api03-Leak+Test/Key=0123456789abcdef";

    protected override string Provider => "anthropic";

    protected override IChatClient CreateClient(Uri endpoint) =>
        new AnthropicChatClient(new AnthropicOptions { Endpoint = endpoint, ApiKey = Key, DefaultModelId = "claude-haiku-4-5" });

    protected override string? CredentialOf(IReadOnlyDictionary<string, string> headers) => headers.GetValueOrDefault("x-api-key");

    protected override string ErrorBody(string echo) =>
        $$$"""{"type":"error","error":{"type":"{{{echo}}}","message":"invalid x-api-key {{{echo}}}"},"request_id":"{{{echo}}}"}""";

    protected override (string ContentType, string Body) StreamWithError(string echo) => ("text/event-stream",
        "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-haiku-4-5\"," +
        "\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}}\n\n" +
        $$$"""event: error{{{"\n"}}}data: {"type":"error","error":{"type":"{{{echo}}}","message":"Overloaded {{{echo}}}"}}""" + "\n\n");
}
