using LlmAdapters.Tests.Shared;
using LlmAdapters.Conformance;
using LlmAdapters.Http;
using Microsoft.Extensions.AI;
using LlmAdapters.Gemini.Wire;

namespace LlmAdapters.Gemini.Tests;

/// <summary>
/// Gemini costs grow linearly: requests built from long histories, from many reasoning pieces and from many parts, and
/// streams of many deltas, each measured at n and 4n (see <see cref="AllocationBound"/>).
/// </summary>
public sealed class GeminiAllocationBoundTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void ToWireRequest_LongHistory_AllocatesLinearly() =>
        AllocationBound.AssertLinear(n => { var history = AllocationBound.History(n); return () => Map(history); }, 1_250, bytesPerUnit: 2_048);

    [Fact]
    public void ToWireRequest_ManyReasoningPieces_AllocatesLinearly() =>
        AllocationBound.AssertLinear(n => { var history = AllocationBound.ReasoningPieces(n); return () => Map(history); }, 2_500, bytesPerUnit: 512);

    [Fact]
    public void ToWireRequest_ManyParts_AllocatesLinearly() =>
        AllocationBound.AssertLinear(n => { var history = AllocationBound.ManyParts(n); return () => Map(history); }, 12_500, bytesPerUnit: 512);

    [Fact]
    public void StreamMapping_ManyTextDeltas_AllocatesLinearly() =>
        AllocationBound.AssertLinear(
            n =>
            {
                var body = AllocationBound.StreamBody(Head, Delta, n, Tail);
                return () =>
                {
                    var text = AllocationBound.RunSynchronously(() => ReadAsync(body));
                    Assert.Equal(3 * n, text);
                    return text;
                };
            },
            25_000,
            bytesPerUnit: 1_024);

    private const string Head = "";

    private const string Tail = "";

    private static object Map(List<ChatMessage> messages) =>
        GeminiRequestMapper.ToWireRequest(messages, null, new GeminiRequestContext("gemini-2.5-flash", "https://generativelanguage.googleapis.com/v1beta/", n => n));

    private const string Delta =
        "data: {\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"tok\"}]},\"index\":0}],\"modelVersion\":\"gemini-2.5-flash\",\"responseId\":\"r1\"}\r\n\r\n";

    /// <summary>Decodes and maps the stream; returns the number of text characters assembled.</summary>
    private static async Task<int> ReadAsync(byte[] body)
    {
        using var stream = new MemoryStream(body);
        var mapper = new GeminiStreamMapper("gcp.gemini", "gemini-2.5-flash");
        var chars = 0;
        await foreach (var item in StreamEvents.ReadSseAsync<GeminiStreamChunk>(stream, new GeminiStreamDecoder().Decode, "gcp.gemini", null, Ct))
        {
            chars += mapper.FromStreamEvent(item.Data)?.Text.Length ?? 0;
        }

        return chars;
    }
}
