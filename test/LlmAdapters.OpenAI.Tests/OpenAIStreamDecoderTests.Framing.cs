using System.Text;
using LlmAdapters.Http;
using LlmAdapters.OpenAI.Wire;
using Microsoft.Extensions.AI;
using LlmAdapters.Tests.Shared;

namespace LlmAdapters.OpenAI.Tests;

public sealed partial class OpenAIStreamDecoderTests
{
    private static readonly string[] Events =
    [
        ": OPENROUTER PROCESSING",
        "data: {\"id\":\"gen-1\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hé\"}}]}",
        ": OPENROUTER PROCESSING",
        "data: {\"id\":\"gen-1\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"c1\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"a\\\":\"}}]}}]}",
        "data: {\"id\":\"gen-1\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"1}\"}}]},\"finish_reason\":\"tool_calls\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":4,\"total_tokens\":7,\"cost\":0.5}}",
        "data: [DONE]",
    ];

    [Theory]
    [InlineData("\n", false)]
    [InlineData("\r\n", false)]
    [InlineData("\r", false)]
    [InlineData("\n", true)]
    [InlineData("\r\n", true)]
    [InlineData("\r", true)]
    public async Task Decode_LineEndingsAndTrickledDelivery_GiveTheSameUpdates(string newline, bool trickle)
    {
        var text = string.Concat(Events.Select(e => e + newline + newline));
        var bytes = Encoding.UTF8.GetBytes(text);
        using Stream stream = trickle ? new TrickleStream(bytes) : new MemoryStream(bytes);
        var decoder = new OpenAIStreamDecoder();
        var mapper = new OpenAIStreamMapper(new OpenAICompatibility());
        var updates = new List<ChatResponseUpdate>();
        var done = false;

        await foreach (var item in StreamEvents.ReadSseAsync<OpenAIStreamChunk>(stream, decoder.Parse, "openrouter", null, TestContext.Current.CancellationToken))
        {
            if (item.IsDone)
            {
                done = true;
                updates.Add(mapper.Complete()!);
                break;
            }

            if (mapper.FromStreamEvent(item) is { } update)
            {
                updates.Add(update);
            }
        }

        Assert.True(done);
        Assert.Equal("Hé", string.Concat(updates.Select(u => u.Text)));
        var call = Assert.Single(updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>());
        Assert.Equal("1", call.Arguments!["a"]!.ToString());
        Assert.Equal(7, Assert.Single(updates.SelectMany(u => u.Contents).OfType<UsageContent>()).Details.TotalTokenCount);
        Assert.Equal(0.5m, updates[^1].AdditionalProperties![AdditionalPropertyKeys.ProviderReportedCost]);
    }
}
