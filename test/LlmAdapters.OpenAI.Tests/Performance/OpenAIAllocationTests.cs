using System.Text;
using LlmAdapters.Http;
using LlmAdapters.OpenAI.Wire;
using LlmAdapters.Tests.Shared;

namespace LlmAdapters.OpenAI.Tests;

public sealed class OpenAIAllocationTests
{
    private static byte[] TextStream(int deltas)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < deltas; i++)
        {
            sb.Append("data: {\"id\":\"chatcmpl-D8Zabcdefghijklmnop\",\"object\":\"chat.completion.chunk\",\"created\":1770933892,")
                .Append("\"model\":\"gpt-4.1-nano-2025-04-14\",\"service_tier\":\"default\",\"system_fingerprint\":\"fp_abc123\",")
                .Append("\"choices\":[{\"index\":0,\"delta\":{\"content\":\"tok").Append(i % 10)
                .Append("\"},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null,\"obfuscation\":\"Qup1BsQ3\"}\n\n");
        }

        return Encoding.UTF8.GetBytes(sb.Append("data: [DONE]\n\n").ToString());
    }

    private static async Task<int> DecodeAsync(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        var decoder = new OpenAIStreamDecoder();
        var mapper = new OpenAIStreamMapper(new OpenAICompatibility());
        var updates = 0;
        await foreach (var item in StreamEvents.ReadSseAsync<OpenAIStreamChunk>(stream, decoder.Parse, "openai", null, TestContext.Current.CancellationToken))
        {
            if (item.IsDone)
            {
                break;
            }

            if (mapper.FromStreamEvent(item) is not null)
            {
                updates++;
            }
        }

        return updates;
    }

    [Fact]
    public async Task StreamDecoding_TextDeltas_AllocatesLessThan300BytesPerDelta()
    {
        // A MemoryStream completes every read synchronously, so the whole decode runs on this thread and the count is exact.
        const int deltas = 2000;
        var bytes = TextStream(deltas);
        await DecodeAsync(bytes);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var updates = await DecodeAsync(bytes);
        var perDelta = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)deltas;

        Assert.Equal(deltas, updates);
        Assert.True(perDelta < 300, $"{perDelta:F1} bytes per delta");
    }
}
