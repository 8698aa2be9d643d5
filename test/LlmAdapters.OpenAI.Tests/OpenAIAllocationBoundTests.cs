using LlmAdapters.Tests.Shared;
using LlmAdapters.Conformance;
using LlmAdapters.Http;
using Microsoft.Extensions.AI;
using LlmAdapters.OpenAI.Wire;

namespace LlmAdapters.OpenAI.Tests;

/// <summary>
/// OpenAI costs grow linearly: requests built from long histories, from many reasoning pieces and from many parts, and
/// streams of many deltas, each measured at n and 4n (see <see cref="ChatClientAllocationBoundTests"/>).
/// </summary>
public sealed class OpenAIAllocationBoundTests : ChatClientAllocationBoundTests
{
    protected override string Head => "";

    protected override string Tail => "data: [DONE]\n\n";

    protected override object Map(List<ChatMessage> messages) =>
        OpenAIRequestMapper.ToWireRequest(messages, null, new OpenAIOptions { ApiKey = "k" }, "gpt-4o-mini", stream: true);

    protected override string Delta =>
        "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1773144000,\"model\":\"gpt-4o-mini\"," +
        "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"tok\"},\"finish_reason\":null}]}\n\n";

    protected override async Task<int> ReadAsync(byte[] body, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream(body);
        var mapper = new OpenAIStreamMapper(new OpenAICompatibility());
        var chars = 0;
        await foreach (var item in StreamEvents.ReadSseAsync<OpenAIStreamChunk>(stream, new OpenAIStreamDecoder().Parse, "openai", null, cancellationToken))
        {
            if (item.IsDone)
            {
                break;
            }

            chars += mapper.FromStreamEvent(item)?.Text.Length ?? 0;
        }

        return chars;
    }
}
