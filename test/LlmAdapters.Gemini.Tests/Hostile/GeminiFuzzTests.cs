using System.Text;
using LlmAdapters.Fuzzing;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Gemini.Tests;

/// <summary>Recorded-shape generateContent bodies, mutated by the shared fuzz suite.</summary>
public sealed class GeminiFuzzTests : ChatClientFuzzTests
{
    private const string Key = "AIzaTestKey0123456789abcdefghij";

    private static readonly byte[] Whole = Encoding.UTF8.GetBytes("""
        {"candidates":[{"content":{"role":"model","parts":[{"text":"plan","thought":true},{"text":"Hé"},
        {"functionCall":{"name":"f","args":{"a":1}},"thoughtSignature":"S1"},{"inlineData":{"mimeType":"image/png","data":"AQID"}},
        {"fileData":{"mimeType":"application/pdf","fileUri":"gs://b/f.pdf"}}]},"finishReason":"STOP","index":0,
        "citationMetadata":{"citationSources":[{"startIndex":0,"endIndex":2,"uri":"https://example.com"}]}}],
        "usageMetadata":{"promptTokenCount":5,"candidatesTokenCount":2,"totalTokenCount":7,"thoughtsTokenCount":1},"modelVersion":"gemini-2.5-flash","responseId":"r1"}
        """);

    private static readonly byte[] Stream = Encoding.UTF8.GetBytes(
        "data: {\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"plan\",\"thought\":true}]},\"index\":0}],\"responseId\":\"r1\"}\r\n\r\n" +
        "data: {\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"Hé\"},{\"functionCall\":{\"name\":\"f\",\"args\":{\"a\":1}},\"thoughtSignature\":\"S1\"}]},\"index\":0}],\"responseId\":\"r1\"}\r\n\r\n" +
        "data: {\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"inlineData\":{\"mimeType\":\"image/png\",\"data\":\"AQID\"}},{\"text\":\"\"}]},\"finishReason\":\"STOP\",\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":5,\"candidatesTokenCount\":9,\"totalTokenCount\":14},\"modelVersion\":\"gemini-2.5-flash\",\"responseId\":\"r1\"}\r\n\r\n");

    protected override string Provider => "gemini";

    protected override byte[] WholeBody => Whole;

    protected override byte[] StreamBody => Stream;

    protected override int WholeSeed => 31;

    protected override int StreamSeed => 32;

    protected override IChatClient CreateClient(Uri address) =>
        new GeminiChatClient(new GeminiOptions { Endpoint = address, ApiKey = Key, DefaultModelId = "gemini-2.5-flash" });
}
