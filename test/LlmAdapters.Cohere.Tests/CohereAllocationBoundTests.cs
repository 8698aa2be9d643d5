using LlmAdapters.Tests.Shared;
using LlmAdapters.Conformance;
using LlmAdapters.Http;
using Microsoft.Extensions.AI;
using LlmAdapters.Cohere.Wire;

namespace LlmAdapters.Cohere.Tests;

/// <summary>
/// Cohere costs grow linearly: requests built from long histories, from many reasoning pieces and from many parts, and
/// streams of many deltas, each measured at n and 4n (see <see cref="ChatClientAllocationBoundTests"/>).
/// </summary>
public sealed class CohereAllocationBoundTests : ChatClientAllocationBoundTests
{
    protected override string Head =>
        "event: message-start\ndata: {\"id\":\"c1\",\"type\":\"message-start\",\"delta\":{\"message\":{\"role\":\"assistant\",\"content\":[]}}}\n\n" +
        "event: content-start\ndata: {\"type\":\"content-start\",\"index\":0,\"delta\":{\"message\":{\"content\":{\"type\":\"text\",\"text\":\"\"}}}}\n\n";

    protected override string Tail =>
        "event: content-end\ndata: {\"type\":\"content-end\",\"index\":0}\n\n" +
        "event: message-end\ndata: {\"type\":\"message-end\",\"delta\":{\"finish_reason\":\"COMPLETE\",\"usage\":{\"tokens\":{\"input_tokens\":5,\"output_tokens\":9}}}}\n\n";

    protected override object Map(List<ChatMessage> messages) => CohereRequestMapper.ToWireRequest(messages, null, "command-a-03-2025", stream: true);

    protected override string Delta =>
        "event: content-delta\ndata: {\"type\":\"content-delta\",\"index\":0,\"delta\":{\"message\":{\"content\":{\"text\":\"tok\"}}}}\n\n";

    protected override async Task<int> ReadAsync(byte[] body, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream(body);
        var mapper = new CohereStreamMapper();
        var chars = 0;
        await foreach (var item in StreamEvents.ReadSseAsync<CohereStreamChunk>(stream, CohereStreamDecoder.Decode, "cohere", null, cancellationToken))
        {
            chars += mapper.FromStreamEvent(item)?.Text.Length ?? 0;
        }

        return chars;
    }
}
