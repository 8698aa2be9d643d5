using LlmAdapters.Tests.Shared;
using LlmAdapters.Conformance;
using LlmAdapters.Http;
using Microsoft.Extensions.AI;
using LlmAdapters.Ollama.Wire;

namespace LlmAdapters.Ollama.Tests;

/// <summary>
/// Ollama costs grow linearly: requests built from long histories, from many reasoning pieces and from many parts, and
/// streams of many deltas, each measured at n and 4n (see <see cref="AllocationBound"/>).
/// </summary>
public sealed class OllamaAllocationBoundTests
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

    private const string Tail =
        "{\"model\":\"llama3.2\",\"created_at\":\"2026-03-10T12:00:00Z\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":5,\"eval_count\":9}\n";

    private static object Map(List<ChatMessage> messages) => OllamaRequestMapper.ToWireRequest(messages, null, "llama3.2", stream: true);

    private const string Delta =
        "{\"model\":\"llama3.2\",\"created_at\":\"2026-03-10T12:00:00Z\",\"message\":{\"role\":\"assistant\",\"content\":\"tok\"},\"done\":false}\n";

    /// <summary>Decodes and maps the stream; returns the number of text characters assembled.</summary>
    private static async Task<int> ReadAsync(byte[] body)
    {
        using var stream = new MemoryStream(body);
        var mapper = new OllamaStreamMapper("resp-1");
        var chars = 0;
        await foreach (var chunk in StreamEvents.ReadNdjsonAsync<OllamaStreamChunk>(stream, new OllamaStreamDecoder().Decode, "ollama", null, Ct))
        {
            chars += mapper.FromStreamEvent(chunk)?.Text.Length ?? 0;
        }

        return chars;
    }
}
