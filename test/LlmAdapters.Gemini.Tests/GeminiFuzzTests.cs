using System.Text;
using LlmAdapters.Fuzzing;

namespace LlmAdapters.Gemini.Tests;

/// <summary>Seeded mutations of recorded-shape generateContent bodies: only typed exceptions, no hang, bounded allocation.
/// <c>LLMADAPTERS_FUZZ_CASES=10000</c> runs the long mode.</summary>
public sealed class GeminiFuzzTests
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

    [Fact]
    public Task GetResponseAsync_MutatedBodies_OnlyTypedExceptionsNoHangBoundedAllocation() => RunAsync(Whole, "application/json", streaming: false, seed: 31);

    [Fact]
    public Task GetStreamingResponseAsync_MutatedStreams_OnlyTypedExceptionsNoHangBoundedAllocation() => RunAsync(Stream, "text/event-stream", streaming: true, seed: 32);

    private static async Task RunAsync(byte[] body, string contentType, bool streaming, int seed)
    {
        var report = await FuzzHarness.RunAsync(
            address => new GeminiChatClient(new GeminiOptions { Endpoint = address, ApiKey = Key, DefaultModelId = "gemini-2.5-flash" }),
            body,
            contentType,
            streaming,
            seed,
            FuzzMutator.Cases,
            TestContext.Current.CancellationToken);

        TestContext.Current.TestOutputHelper?.WriteLine($"gemini {(streaming ? "stream" : "whole")}: {report}");
        Assert.True(report.Untyped == 0 && report.Hangs == 0, report.ToString());
        Assert.InRange(report.MaxAllocatedBytes, 0, FuzzHarness.AllocationBound(body));
    }
}
