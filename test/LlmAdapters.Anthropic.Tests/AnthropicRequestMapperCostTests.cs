using Microsoft.Extensions.AI;

namespace LlmAdapters.Anthropic.Tests;

/// <summary>
/// Building a request costs memory in proportion to the history it carries, however the history is split into pieces.
/// Allocation, not wall time, is asserted: it does not depend on the machine's load.
/// </summary>
public sealed class AnthropicRequestMapperCostTests
{
    private const string Piece = "step ";

    [Theory]
    [InlineData(1_000)]
    [InlineData(20_000)]
    public void ToWireRequest_StreamedReasoningPieces_AllocatesLinearlyInTheirLength(int pieces)
    {
        // One TextReasoningContent per thinking_delta, then the signature, as a streamed answer leaves them in history.
        var contents = new List<AIContent>(pieces + 2);
        for (var i = 0; i < pieces; i++)
        {
            contents.Add(new TextReasoningContent(Piece));
        }

        contents.Add(new TextReasoningContent(string.Empty) { ProtectedData = "sig" });
        contents.Add(new TextContent("Answer"));
        List<ChatMessage> history = [new(ChatRole.User, "Think hard."), new(ChatRole.Assistant, contents)];
        var inputChars = (long)pieces * Piece.Length;

        var before = GC.GetAllocatedBytesForCurrentThread();
        var request = AnthropicRequestMapper.ToWireRequest(history, null, new AnthropicOptions { ApiKey = "k" }, "claude-sonnet-4-5", stream: false);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        var thinking = request.Body.Messages![1].Content![0];
        Assert.Equal(inputChars, thinking.Thinking!.Length);
        Assert.Equal("sig", thinking.Signature);

        // Joining n pieces by concatenation copied O(n²) characters: 20,000 pieces allocated about 2 GB.
        // A linear join needs a few copies of the text (2 bytes a char) plus a fixed overhead.
        Assert.True(allocated <= (16 * inputChars) + (64 * 1024), $"{allocated:N0} bytes allocated for {inputChars:N0} characters of reasoning");
    }
}
