using LlmAdapters.Tests.Shared;
using LlmAdapters.Conformance;
using LlmAdapters.Http;
using Microsoft.Extensions.AI;
using LlmAdapters.Gemini.Wire;

namespace LlmAdapters.Gemini.Tests;

/// <summary>
/// Gemini costs grow linearly: requests built from long histories, from many reasoning pieces and from many parts, and
/// streams of many deltas, each measured at n and 4n (see <see cref="ChatClientAllocationBoundTests"/>).
/// </summary>
public sealed class GeminiAllocationBoundTests : ChatClientAllocationBoundTests
{
    protected override string Head => "";

    protected override string Tail => "";

    protected override object Map(List<ChatMessage> messages) =>
        GeminiRequestMapper.ToWireRequest(messages, null, new GeminiRequestContext("gemini-2.5-flash", "https://generativelanguage.googleapis.com/v1beta/", n => n));

    protected override string Delta =>
        "data: {\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"tok\"}]},\"index\":0}],\"modelVersion\":\"gemini-2.5-flash\",\"responseId\":\"r1\"}\r\n\r\n";

    protected override async Task<int> ReadAsync(byte[] body, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream(body);
        var mapper = new GeminiStreamMapper("gcp.gemini", "gemini-2.5-flash");
        var chars = 0;
        await foreach (var item in StreamEvents.ReadSseAsync<GeminiStreamChunk>(stream, new GeminiStreamDecoder().Decode, "gcp.gemini", null, cancellationToken))
        {
            chars += mapper.FromStreamEvent(item)?.Text.Length ?? 0;
        }

        return chars;
    }
}
