using LlmAdapters.Conformance;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Cohere.Tests.Conformance;

/// <summary>Cohere: <c>Authorization: Bearer</c>; errors are <c>{"id","message"}</c>, in a stream a <c>message-end</c> with <c>finish_reason: ERROR</c>.</summary>
public sealed class CohereHostileServerConformanceTests : AdapterHostileServerConformanceTests
{
    protected override string Key => "co-Leak+Test/Key=0123456789abcdefghij";

    protected override string Provider => "cohere";

    protected override IChatClient CreateClient(Uri endpoint) =>
        new CohereChatClient(new CohereOptions { Endpoint = endpoint, ApiKey = Key, DefaultModelId = "command-a-03-2025" });

    protected override string? CredentialOf(IReadOnlyDictionary<string, string> headers) =>
        headers.TryGetValue("Authorization", out var value) && value.StartsWith("Bearer ", StringComparison.Ordinal) ? value["Bearer ".Length..] : null;

    protected override string ErrorBody(string echo) => $$$"""{"id":"{{{echo}}}","message":"invalid api token {{{echo}}}"}""";

    protected override (string ContentType, string Body) StreamWithError(string echo) => ("text/event-stream",
        "event: message-start\ndata: {\"id\":\"c1\",\"type\":\"message-start\",\"delta\":{\"message\":{\"role\":\"assistant\",\"content\":[]}}}\n\n" +
        $$$"""event: message-end{{{"\n"}}}data: {"type":"message-end","delta":{"error":"generation failed for {{{echo}}}","finish_reason":"ERROR"}}""" + "\n\n");
}
