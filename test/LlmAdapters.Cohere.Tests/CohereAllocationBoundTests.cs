using LlmAdapters.Tests.Shared;
using LlmAdapters.Conformance;
using LlmAdapters.Http;
using Microsoft.Extensions.AI;
using LlmAdapters.Cohere.Wire;

namespace LlmAdapters.Cohere.Tests;

/// <summary>
/// Cohere costs grow linearly: requests built from long histories, from many reasoning pieces and from many parts, and
/// streams of many deltas, each measured at n and 4n (see <see cref="AllocationBound"/>).
/// </summary>
public sealed class CohereAllocationBoundTests
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

    private const string Head =
        "event: message-start\ndata: {\"id\":\"c1\",\"type\":\"message-start\",\"delta\":{\"message\":{\"role\":\"assistant\",\"content\":[]}}}\n\n" +
        "event: content-start\ndata: {\"type\":\"content-start\",\"index\":0,\"delta\":{\"message\":{\"content\":{\"type\":\"text\",\"text\":\"\"}}}}\n\n";

    private const string Tail =
        "event: content-end\ndata: {\"type\":\"content-end\",\"index\":0}\n\n" +
        "event: message-end\ndata: {\"type\":\"message-end\",\"delta\":{\"finish_reason\":\"COMPLETE\",\"usage\":{\"tokens\":{\"input_tokens\":5,\"output_tokens\":9}}}}\n\n";

    private static object Map(List<ChatMessage> messages) => CohereRequestMapper.ToWireRequest(messages, null, "command-a-03-2025", stream: true);

    private const string Delta =
        "event: content-delta\ndata: {\"type\":\"content-delta\",\"index\":0,\"delta\":{\"message\":{\"content\":{\"text\":\"tok\"}}}}\n\n";

    /// <summary>Decodes and maps the stream; returns the number of text characters assembled.</summary>
    private static async Task<int> ReadAsync(byte[] body)
    {
        using var stream = new MemoryStream(body);
        var mapper = new CohereStreamMapper();
        var chars = 0;
        await foreach (var item in StreamEvents.ReadSseAsync<CohereStreamChunk>(stream, CohereStreamDecoder.Decode, "cohere", null, Ct))
        {
            chars += mapper.FromStreamEvent(item.Data)?.Text.Length ?? 0;
        }

        return chars;
    }
}
