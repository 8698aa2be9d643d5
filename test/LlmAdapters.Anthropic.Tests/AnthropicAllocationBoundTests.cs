using LlmAdapters.Tests.Shared;
using LlmAdapters.Conformance;
using LlmAdapters.Http;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Anthropic.Tests;

/// <summary>
/// Anthropic costs grow linearly: requests built from long histories, from many reasoning pieces and from many parts, and
/// streams of many deltas, each measured at n and 4n (see <see cref="ChatClientAllocationBoundTests"/>).
/// </summary>
public sealed class AnthropicAllocationBoundTests : ChatClientAllocationBoundTests
{
    protected override string Head =>
        "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\"," +
        "\"model\":\"claude-haiku-4-5\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}}\n\n" +
        "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n";

    protected override string Tail =>
        "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n" +
        "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":2}}\n\n" +
        "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";

    protected override object Map(List<ChatMessage> messages) =>
        AnthropicRequestMapper.ToWireRequest(messages, null, new AnthropicOptions { ApiKey = "k" }, "claude-sonnet-4-5", stream: true);

    protected override string Delta =>
        "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"tok\"}}\n\n";

    protected override async Task<int> ReadAsync(byte[] body, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream(body);
        var mapper = new AnthropicStreamMapper(null);
        var chars = 0;
        await foreach (var item in StreamEvents.ReadSseAsync<AnthropicStreamEvent>(stream, AnthropicStreamEvent.Parse, "anthropic", null, cancellationToken))
        {
            chars += mapper.FromStreamEvent(item)?.Text.Length ?? 0;
        }

        return chars;
    }
}
