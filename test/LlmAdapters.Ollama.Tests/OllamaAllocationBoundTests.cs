using LlmAdapters.Tests.Shared;
using LlmAdapters.Conformance;
using LlmAdapters.Http;
using Microsoft.Extensions.AI;
using LlmAdapters.Ollama.Wire;

namespace LlmAdapters.Ollama.Tests;

/// <summary>
/// Ollama costs grow linearly: requests built from long histories, from many reasoning pieces and from many parts, and
/// streams of many deltas, each measured at n and 4n (see <see cref="ChatClientAllocationBoundTests"/>).
/// </summary>
public sealed class OllamaAllocationBoundTests : ChatClientAllocationBoundTests
{
    protected override string Head => "";

    protected override string Tail =>
        "{\"model\":\"llama3.2\",\"created_at\":\"2026-03-10T12:00:00Z\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":5,\"eval_count\":9}\n";

    protected override object Map(List<ChatMessage> messages) => OllamaRequestMapper.ToWireRequest(messages, null, "llama3.2", stream: true);

    protected override string Delta =>
        "{\"model\":\"llama3.2\",\"created_at\":\"2026-03-10T12:00:00Z\",\"message\":{\"role\":\"assistant\",\"content\":\"tok\"},\"done\":false}\n";

    protected override async Task<int> ReadAsync(byte[] body, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream(body);
        var mapper = new OllamaStreamMapper("resp-1");
        var chars = 0;
        await foreach (var chunk in StreamEvents.ReadNdjsonAsync<OllamaStreamChunk>(stream, new OllamaStreamDecoder().Decode, "ollama", null, cancellationToken))
        {
            chars += mapper.FromStreamEvent(chunk)?.Text.Length ?? 0;
        }

        return chars;
    }
}
