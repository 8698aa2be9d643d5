using LlmAdapters.Conformance;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Gemini.Tests.Conformance;

/// <summary>Gemini: the key goes in <c>x-goog-api-key</c>; errors are <c>google.rpc.Status</c>, in a body or a stream event.</summary>
public sealed class GeminiHostileServerConformanceTests : AdapterHostileServerConformanceTests
{
    protected override string Key => "AIzaLeak+Test/Key=0123456789abcdefghij";

    protected override string Provider => "gcp.gemini";

    protected override IChatClient CreateClient(Uri endpoint) =>
        new GeminiChatClient(new GeminiOptions { Endpoint = endpoint, ApiKey = Key, DefaultModelId = "gemini-2.5-flash" });

    protected override string? CredentialOf(IReadOnlyDictionary<string, string> headers) => headers.GetValueOrDefault("x-goog-api-key");

    protected override string ErrorBody(string echo) => Status(echo, 429);

    protected override (string ContentType, string Body) StreamWithError(string echo) => ("text/event-stream",
        """data: {"candidates":[{"content":{"role":"model","parts":[{"text":"Hi"}]},"index":0}],"modelVersion":"gemini-2.5-flash"}""" + "\r\n\r\n" +
        "data: " + Status(echo, 500) + "\r\n\r\n");

    private static string Status(string echo, int code) =>
        $$$"""{"error":{"code":{{{code}}},"message":"API key not valid: {{{echo}}}","status":"{{{echo}}}","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"{{{echo}}}","domain":"{{{echo}}}"}]}}""";
}
