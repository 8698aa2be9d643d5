using Microsoft.Extensions.AI;

namespace LlmAdapters.Conformance;

/// <summary>
/// A provider's costs grow linearly: requests built from long histories, from many reasoning pieces and from many parts,
/// and streams of many text deltas, each measured at n and 4n (see <see cref="AllocationBound"/>). A provider subclasses
/// it with its request mapping, one recorded-shape stream (head, one text delta of <c>tok</c>, tail) and its stream reader.
/// </summary>
public abstract class ChatClientAllocationBoundTests
{
    /// <summary>Gets what the stream sends before its first delta.</summary>
    protected abstract string Head { get; }

    /// <summary>Gets one streamed text delta carrying <c>tok</c>, framed as the provider frames it.</summary>
    protected abstract string Delta { get; }

    /// <summary>Gets what the stream sends after its last delta.</summary>
    protected abstract string Tail { get; }

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
                    var text = AllocationBound.RunSynchronously(() => ReadAsync(body, TestContext.Current.CancellationToken));
                    Assert.Equal(3 * n, text);
                    return text;
                };
            },
            25_000,
            bytesPerUnit: 1_024);

    /// <summary>Builds the provider's wire request for a streamed call from these messages.</summary>
    /// <param name="messages">The history.</param>
    /// <returns>The wire request.</returns>
    protected abstract object Map(List<ChatMessage> messages);

    /// <summary>Decodes and maps the stream.</summary>
    /// <param name="body">The streamed body.</param>
    /// <param name="cancellationToken">The test's token.</param>
    /// <returns>The number of text characters assembled.</returns>
    protected abstract Task<int> ReadAsync(byte[] body, CancellationToken cancellationToken);
}
