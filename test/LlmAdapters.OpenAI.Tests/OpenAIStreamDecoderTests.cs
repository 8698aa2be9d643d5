using System.Text;

namespace LlmAdapters.OpenAI.Tests;

public sealed partial class OpenAIStreamDecoderTests
{
    private static byte[] Chunk(string model, string content) => Encoding.UTF8.GetBytes(
        $$"""{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1770933892,"model":"{{model}}","service_tier":"default","choices":[{"index":0,"delta":{"content":"{{content}}"},"finish_reason":null}],"usage":null}""");

    [Fact]
    public void Parse_RepeatedIdModelCreatedAndTier_ShareOneHead()
    {
        var decoder = new OpenAIStreamDecoder();

        var first = decoder.Parse("message"u8, Chunk("gpt-4.1", "a"));
        var second = decoder.Parse("message"u8, Chunk("gpt-4.1", "b"));
        var third = decoder.Parse("message"u8, Chunk("gpt-4.1-mini", "c"));

        Assert.Same(first.Head, second.Head);
        Assert.NotSame(second.Head, third.Head);
        Assert.Equal(("chatcmpl-1", "gpt-4.1", 1770933892L, "default"), (second.Id, second.Model, second.Created, second.ServiceTier));
        Assert.Equal(("b", "gpt-4.1-mini"), (second.Content, third.Model));
    }

    [Fact]
    public void Parse_EscapedPropertyNames_ReadLikePlainOnes()
    {
        var chunk = new OpenAIStreamDecoder().Parse(
            "message"u8,
            """{"\u0069d":"chatcmpl-2","choices":[{"delta":{"con\u0074ent":"hi"},"finish\u005freason":"stop"}]}"""u8);

        Assert.Equal(("chatcmpl-2", "hi", "stop"), (chunk.Id, chunk.Content, chunk.FinishReason));
        Assert.True(chunk.HasChoice);
    }

    [Fact]
    public void Parse_UsageOnlyChunk_HasNoChoiceAndKeepsUsage()
    {
        var chunk = new OpenAIStreamDecoder().Parse(
            "message"u8,
            """{"id":"chatcmpl-3","choices":[],"usage":{"prompt_tokens":5,"completion_tokens":7,"total_tokens":12}}"""u8);

        Assert.False(chunk.HasChoice);
        Assert.Equal((5L, 7L, 12L), (chunk.Usage!.PromptTokens, chunk.Usage.CompletionTokens, chunk.Usage.TotalTokens));
    }

    [Fact]
    public void Parse_Done_IsTheDoneChunk()
    {
        Assert.True(new OpenAIStreamDecoder().Parse("message"u8, " [DONE]\r\n"u8).IsDone);
        Assert.False(new OpenAIStreamDecoder().Parse("message"u8, Chunk("m", "x")).IsDone);
    }

    [Fact]
    public void ParseCompletion_TwoBodies_KeepNoStateBetweenThem()
    {
        var first = OpenAIStreamDecoder.ParseCompletion(
            """{"id":"a","model":"m1","created":1,"choices":[{"message":{"content":"x"},"finish_reason":"stop"}]}"""u8);
        var second = OpenAIStreamDecoder.ParseCompletion(
            """{"id":"b","model":"m2","choices":[{"message":{"content":"y"},"finish_reason":"length"}]}"""u8);

        Assert.Equal(("a", "m1", 1L, "x", "stop"), (first.Id, first.Model, first.Created, first.Content, first.FinishReason));
        Assert.Equal(("b", "m2", 0L, "y", "length"), (second.Id, second.Model, second.Created, second.Content, second.FinishReason));
    }
}
