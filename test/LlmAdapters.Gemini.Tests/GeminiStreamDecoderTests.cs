using System.Text;
using LlmAdapters.Gemini;
using LlmAdapters.Gemini.Wire;
using LlmAdapters.Http;
using Microsoft.Extensions.AI;
using LlmAdapters.Tests.Shared;

namespace LlmAdapters.Gemini.Tests;

public sealed class GeminiStreamDecoderTests
{
    private static readonly string[] Chunks =
    [
        """{"candidates":[{"content":{"parts":[{"text":"**Plan**","thought":true}],"role":"model"},"index":0}],"usageMetadata":{"promptTokenCount":9,"candidatesTokenCount":0,"totalTokenCount":20,"thoughtsTokenCount":11,"promptTokensDetails":[{"modality":"TEXT","tokenCount":9}]},"modelVersion":"gemini-3-pro-preview","responseId":"bH6L"}""",
        """{"candidates":[{"content":{"parts":[{"text":"There are **3**"}],"role":"model"},"index":0}],"usageMetadata":{"promptTokenCount":9,"candidatesTokenCount":5,"totalTokenCount":25,"thoughtsTokenCount":11},"modelVersion":"gemini-3-pro-preview","responseId":"bH6L"}""",
        """{"candidates":[{"content":{"parts":[{"functionCall":{"name":"count","args":{"letter":"r"}},"thoughtSignature":"EqsF"},{"functionCall":{"name":"spell","args":{}}}],"role":"model"},"index":0,"safetyRatings":[{"category":"HARM_CATEGORY_HARASSMENT","probability":"NEGLIGIBLE"}]}],"usageMetadata":{"promptTokenCount":9,"candidatesTokenCount":12,"totalTokenCount":32,"thoughtsTokenCount":11},"modelVersion":"gemini-3-pro-preview","responseId":"bH6L"}""",
        """{"candidates":[{"content":{"parts":[{"text":" r's.","thoughtSignature":"Ek0K"},{"text":"","thoughtSignature":"Zm9v"}],"role":"model"},"finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":9,"candidatesTokenCount":15,"totalTokenCount":35,"thoughtsTokenCount":11,"cachedContentTokenCount":4,"toolUsePromptTokenCount":0},"modelVersion":"gemini-3-pro-preview","responseId":"bH6L"}""",
    ];

    [Theory]
    [InlineData("\n", false)]
    [InlineData("\n", true)]
    [InlineData("\r\n", false)]
    [InlineData("\r\n", true)]
    [InlineData("\r", false)]
    [InlineData("\r", true)]
    public async Task Decode_LineEndingsAndDelivery_ProduceTheSameUpdates(string newline, bool trickle)
    {
        var body = string.Concat(Chunks.Select(c => "data: " + c + newline + newline));
        var bytes = Encoding.UTF8.GetBytes(body);
        using var stream = trickle ? new TrickleStream(bytes) : (Stream)new MemoryStream(bytes);

        var decoder = new GeminiStreamDecoder();
        var mapper = new GeminiStreamMapper("gcp.gemini", "gemini-3-pro-preview");
        var updates = new List<ChatResponseUpdate>();
        await foreach (var item in StreamEvents.ReadSseAsync(stream, decoder.Decode, "gcp.gemini", null, TestContext.Current.CancellationToken))
        {
            updates.Add(mapper.FromStreamEvent(item)!);
        }

        Assert.Equal(4, updates.Count);
        Assert.Equal("**Plan**", Assert.IsType<TextReasoningContent>(Assert.Single(updates[0].Contents)).Text);
        Assert.Equal("There are **3** r's.", string.Concat(updates.Select(u => u.Text)));
        var calls = updates[2].Contents.OfType<FunctionCallContent>().ToList();
        Assert.Equal(["gcall_bH6L_0", "gcall_bH6L_1"], calls.Select(c => c.CallId));
        Assert.Equal("EqsF", calls[0].AdditionalProperties![AdditionalPropertyKeys.ThoughtSignature]);
        Assert.False(calls[1].AdditionalProperties!.ContainsKey(AdditionalPropertyKeys.ThoughtSignature));
        Assert.Equal("Ek0K", updates[3].Contents[0].AdditionalProperties![AdditionalPropertyKeys.ThoughtSignature]);
        Assert.Equal("Zm9v", Assert.IsType<TextReasoningContent>(updates[3].Contents[1]).ProtectedData);
        Assert.Equal(ChatFinishReason.ToolCalls, updates[3].FinishReason);
        Assert.All(updates, u => Assert.Equal(("bH6L", "gemini-3-pro-preview"), (u.ResponseId, u.ModelId)));
        Assert.True(mapper.IsComplete);
        Assert.All(updates.SelectMany(u => u.Contents), c => Assert.NotNull(c.RawRepresentation));

        var usage = Assert.IsType<UsageContent>(Assert.Single(mapper.Complete()!.Contents)).Details;
        Assert.Equal((9L, 26L, 11L, 4L, 35L), (usage.InputTokenCount!.Value, usage.OutputTokenCount!.Value, usage.ReasoningTokenCount!.Value,
            usage.CachedInputTokenCount!.Value, usage.TotalTokenCount!.Value));
        Assert.Equal(0, usage.AdditionalCounts![AdditionalPropertyKeys.ToolUsePromptTokens]);
    }

    [Fact]
    public void Decode_ErrorChunk_MapperReportsTheErrorTheTransportTurnsIntoTheMappedException()
    {
        using var transport = new ProviderTransport(new ProviderTransportOptions { Provider = "gcp.gemini", ErrorParser = GeminiErrors.Parse });
        var chunk = new GeminiStreamDecoder().Decode("message"u8, """{"error":{"code":503,"message":"The model is overloaded.","status":"UNAVAILABLE"}}"""u8);

        Assert.True(new GeminiStreamMapper("gcp.gemini", "m").TryGetError(chunk, out var error));
        var ex = Assert.IsType<ProviderOverloadedException>(transport.StreamError(error, "rid"));

        Assert.Equal("rid", ex.RequestId);
        Assert.True(ex.IsRetryable);
        Assert.Contains("The model is overloaded", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_FastPathChunks_EqualTheFullDtoPathChunks()
    {
        string[] stream =
        [
            Chunks[0],
            Chunks[1],
            """{"candidates":[{"content":{"parts":[{"text":"a"},{"text":"b","thought":true,"thoughtSignature":"c2ln"}],"role":"model"},"index":0}],"usageMetadata":{"promptTokenCount":9,"totalTokenCount":30},"modelVersion":"gemini-3-pro-preview","responseId":"bH6L"}""",
            """{"candidates":[{"content":{"parts":[{"text":"","thoughtSignature":"Zm9v"}],"role":"model"},"index":0}],"modelVersion":"gemini-3-pro-preview","responseId":"bH6L"}""",
            """{"candidates":[{"content":{"parts":[{"text":"!"}],"role":"model"},"finishReason":"MAX_TOKENS","index":0}],"usageMetadata":{"promptTokenCount":9,"candidatesTokenCount":15,"totalTokenCount":35,"cachedContentTokenCount":4},"modelVersion":"gemini-3-pro-preview","responseId":"bH6L","createTime":"2026-01-02T03:04:05Z"}""",
            """{"usageMetadata":{"promptTokenCount":9,"candidatesTokenCount":16,"totalTokenCount":36},"modelVersion":"gemini-3-pro-preview","responseId":"bH6L"}""",
        ];
        var fast = new GeminiStreamDecoder();
        var full = new GeminiStreamDecoder();

        foreach (var data in stream)
        {
            var bytes = Encoding.UTF8.GetBytes(data);
            var a = fast.Decode("message"u8, bytes);
            var b = full.DecodeFull(bytes);

            Assert.Equal(Describe(b), Describe(a));
        }
    }

    [Fact]
    public void Decode_RepeatedIds_ShareOneHeadPerKind()
    {
        var decoder = new GeminiStreamDecoder();
        static byte[] Text(string text, bool thought) => Encoding.UTF8.GetBytes(
            $$"""{"candidates":[{"content":{"parts":[{"text":"{{text}}"{{(thought ? ",\"thought\":true" : "")}}}],"role":"model"},"index":0}],"modelVersion":"gemini-2.5-flash","responseId":"r1"}""");

        var thought1 = decoder.Decode("message"u8, Text("a", thought: true));
        var thought2 = decoder.Decode("message"u8, Text("b", thought: true));
        var text1 = decoder.Decode("message"u8, Text("c", thought: false));
        var text2 = decoder.Decode("message"u8, Text("d", thought: false));

        Assert.Same(thought1.Head, thought2.Head);
        Assert.Same(text1.Head, text2.Head);
        Assert.NotSame(thought2.Head, text1.Head);
        Assert.Equal((true, false), (thought2.Thought, text2.Thought));
        Assert.Equal(("r1", "gemini-2.5-flash", "d"), (text2.ResponseId, text2.ModelVersion, text2.Text));
        Assert.Null(text2.Rest);
    }

    private static string Describe(GeminiStreamChunk chunk)
    {
        var rest = chunk.Rest;
        var parts = rest?.Parts is { } list ? string.Join("|", list.Select(p => $"{p.Text}/{p.Thought}/{p.ThoughtSignature}")) : "-";
        var usage = rest?.Usage is { } u ? $"{u.PromptTokenCount}/{u.CandidatesTokenCount}/{u.ThoughtsTokenCount}/{u.TotalTokenCount}/{u.CachedContentTokenCount}/{u.ToolUsePromptTokenCount}" : "-";
        return $"{chunk.ResponseId} {chunk.ModelVersion} {chunk.FinishReason} [{chunk.Text}] {chunk.Thought} {chunk.ThoughtSignature} {parts} {usage} {rest?.CreateTime:O}";
    }
}
