using System.Text;
using System.Text.Json;
using LlmAdapters.Http;
using LlmAdapters.Ollama.Wire;
using Microsoft.Extensions.AI;
using LlmAdapters.Tests.Shared;

namespace LlmAdapters.Ollama.Tests;

public sealed class OllamaStreamDecoderTests
{
    // A recorded-shape stream: thinking, text, a tool call without an id, then the final line with metrics.
    private static readonly string[] Lines =
    [
        """{"model":"qwen3:8b","created_at":"2025-07-07T20:22:18.102345678Z","message":{"role":"assistant","content":"","thinking":"The user wants"},"done":false}""",
        """{"model":"qwen3:8b","created_at":"2025-07-07T20:22:18.112345678Z","message":{"role":"assistant","content":"","thinking":" the weather."},"done":false}""",
        """{"model":"qwen3:8b","created_at":"2025-07-07T20:22:18.122345678Z","message":{"role":"assistant","content":"Let me "},"done":false}""",
        """{"model":"qwen3:8b","created_at":"2025-07-07T20:22:18.132345678Z","message":{"role":"assistant","content":"check."},"done":false}""",
        """{"model":"qwen3:8b","created_at":"2025-07-07T20:22:19.184789Z","message":{"role":"assistant","content":"","tool_calls":[{"function":{"index":0,"name":"get_weather","arguments":{"city":"Tokyo"}}}]},"done":false}""",
        """{"model":"qwen3:8b","created_at":"2025-07-07T20:22:19.2Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","total_duration":182242375,"load_duration":41295167,"prompt_eval_count":169,"prompt_eval_duration":24573166,"eval_count":15,"eval_duration":115959084}""",
    ];

    public static TheoryData<string, bool> Matrix()
    {
        var data = new TheoryData<string, bool>();
        foreach (var ending in new[] { "\r", "\n", "\r\n" })
        {
            data.Add(ending, false);
            data.Add(ending, true);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Decode_LineEndingsAndDelivery_ProduceTheSameUpdates(string newline, bool trickle)
    {
        var bytes = Encoding.UTF8.GetBytes(string.Concat(Lines.Select(l => l + newline)));
        using var stream = new TrickleStream(bytes, trickle ? 1 : bytes.Length);
        var decoder = new OllamaStreamDecoder();
        var mapper = new OllamaStreamMapper("ochat_test");
        var updates = new List<ChatResponseUpdate>();

        await foreach (var chunk in StreamEvents.ReadNdjsonAsync(stream, decoder.Decode, "ollama", null, TestContext.Current.CancellationToken))
        {
            Assert.False(mapper.TryGetError(chunk, out _));
            if (mapper.FromStreamEvent(chunk) is { } update)
            {
                updates.Add(update);
            }
        }

        Assert.True(mapper.IsComplete);
        Assert.True(mapper.StopReading);
        Assert.Equal(5, updates.Count);
        Assert.Equal("The user wants the weather.", string.Concat(updates.SelectMany(u => u.Contents).OfType<TextReasoningContent>().Select(r => r.Text)));
        Assert.Equal("Let me check.", string.Concat(updates.Select(u => u.Text)));
        var call = Assert.Single(updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>());
        Assert.Equal(("get_weather", "Tokyo"), (call.Name, ((JsonElement)call.Arguments!["city"]!).GetString()));
        Assert.Equal(OllamaResponseMapper.SyntheticCallId(0, "get_weather", JsonDocument.Parse("""{"city":"Tokyo"}""").RootElement), call.CallId);
        Assert.All(updates, u => Assert.Equal(("ochat_test", "ochat_test", "qwen3:8b"), (u.ResponseId, u.MessageId, u.ModelId)));
        Assert.All(updates.SelectMany(u => u.Contents), c => Assert.IsType<OllamaStreamChunk>(c.RawRepresentation));

        var last = mapper.Complete()!;
        Assert.Equal(ChatFinishReason.ToolCalls, last.FinishReason);
        var usage = Assert.IsType<UsageContent>(Assert.Single(last.Contents)).Details;
        Assert.Equal((169L, 15L, 184L), (usage.InputTokenCount!.Value, usage.OutputTokenCount!.Value, usage.TotalTokenCount!.Value));
        Assert.Equal(TimeSpan.FromTicks(1822423), last.AdditionalProperties![OllamaPropertyKeys.TotalDuration]);
        Assert.Equal(TimeSpan.FromTicks(1159590), last.AdditionalProperties[OllamaPropertyKeys.EvalDuration]);
        Assert.Equal(new DateTimeOffset(2025, 7, 7, 20, 22, 19, 200, TimeSpan.Zero), last.CreatedAt);
    }

    [Fact]
    public void Decode_PlainLines_TakeTheFastPathAndEqualTheFullPath()
    {
        var decoder = new OllamaStreamDecoder();
        foreach (var line in Lines)
        {
            var bytes = Encoding.UTF8.GetBytes(line);
            var fast = decoder.Decode(bytes);
            var full = OllamaStreamDecoder.DecodeFull(bytes);

            Assert.Equal((full.Model, full.Content, full.Thinking, full.Done), (fast.Model, fast.Content, fast.Thinking, fast.Done));
        }

        // Text and thinking lines carry no DTO (the fast path); tool calls and the final line do.
        Assert.Equal([false, false, false, false, true, true], Lines.Select(l => new OllamaStreamDecoder().Decode(Encoding.UTF8.GetBytes(l)).Line is not null));
    }

    [Fact]
    public void Decode_RepeatedModel_ReusesOneString()
    {
        var decoder = new OllamaStreamDecoder();

        var first = decoder.Decode(Encoding.UTF8.GetBytes(Lines[2]));
        var second = decoder.Decode(Encoding.UTF8.GetBytes(Lines[3]));

        Assert.Same(first.Model, second.Model);
    }

    [Theory]
    [InlineData("""{"model":"m","message":{"role":"assistant","content":"a","images":null},"done":false}""")]
    [InlineData("""{"model":"m","message":{"role":"assistant","content":"a"},"done":false,"remote_host":"https://ollama.com"}""")]
    [InlineData("""{"model":"m","message":{"role":"user","content":"a"},"done":false}""")]
    [InlineData("""{"model":"m","message":{"role":"assistant","content":"a"},"done":false,"logprobs":[{"token":"a","logprob":-0.1}]}""")]
    public void Decode_UnmodelledFields_FallBackToTheDtoAndKeepThem(string line)
    {
        var chunk = new OllamaStreamDecoder().Decode(Encoding.UTF8.GetBytes(line));

        Assert.NotNull(chunk.Line);
        Assert.Equal("a", chunk.Content);
    }

    [Fact]
    public void Decode_ErrorLine_MapperReportsTheErrorTheTransportTurnsIntoStreamInterrupted()
    {
        using var transport = new ProviderTransport(new ProviderTransportOptions { Provider = "ollama", ErrorParser = OllamaErrors.Parse });
        var chunk = new OllamaStreamDecoder().Decode("""{"error":"an error was encountered while running the model: unexpected EOF"}"""u8);

        Assert.True(new OllamaStreamMapper("id").TryGetError(chunk, out var error));
        var ex = Assert.IsType<StreamInterruptedException>(transport.StreamError(error, null));

        Assert.True(ex.IsRetryable);
        Assert.Contains("unexpected EOF", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decode_GarbledLine_ThrowsStreamInterrupted()
    {
        var bytes = Encoding.UTF8.GetBytes(Lines[2] + "\n{\"model\":<<not json>>\n");
        using var stream = new TrickleStream(bytes, bytes.Length);
        var decoder = new OllamaStreamDecoder();
        var seen = 0;

        await Assert.ThrowsAsync<StreamInterruptedException>(async () =>
        {
            await foreach (var chunk in StreamEvents.ReadNdjsonAsync(stream, decoder.Decode, "ollama", null, TestContext.Current.CancellationToken))
            {
                seen++;
            }
        });

        Assert.Equal(1, seen);
    }
}
