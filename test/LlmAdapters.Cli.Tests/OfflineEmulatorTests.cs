using System.Text.Json.Nodes;
using LlmAdapters.Cli.Offline;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Cli.Tests;

public sealed class OfflineEmulatorTests
{
    [Theory]
    [InlineData("""{"messages":[{"role":"system","content":"sys"},{"role":"user","content":"first"},{"role":"assistant","content":"a"},{"role":"user","content":[{"type":"text","text":"last "},{"type":"text","text":"one"}]}]}""", "last one", 17)]
    [InlineData("""{"system":"be brief","messages":[{"role":"user","content":[{"type":"text","text":"claude?"}]}]}""", "claude?", 15)]
    [InlineData("""{"contents":[{"role":"user","parts":[{"text":"gemini?"}]}]}""", "gemini?", 7)]
    [InlineData("""{"input":"embed me"}""", null, 0)]
    public void Texts_OpenAIAnthropicAndGeminiBodies_FindTheLastUserText(string json, string? lastUser, int total)
    {
        var (found, length) = OfflineEmulator.Texts(JsonNode.Parse(json));

        Assert.Equal(lastUser, found);
        Assert.Equal(total, length);
    }

    [Fact]
    public void Format_AllCounts_PrintsOneLine()
    {
        var usage = new UsageDetails { InputTokenCount = 10, CachedInputTokenCount = 4, OutputTokenCount = 7, ReasoningTokenCount = 2, TotalTokenCount = 17 };

        Assert.Equal("tokens: input 10 (cached 4) · output 7 (reasoning 2) · total 17", UsageLine.Format(usage));
    }

    [Fact]
    public void Format_MissingCounts_PrintsQuestionMarksAndComputesTotal()
    {
        Assert.Equal("tokens: input 3 (cached ?) · output 5 (reasoning ?) · total 8", UsageLine.Format(new UsageDetails { InputTokenCount = 3, OutputTokenCount = 5 }));
        Assert.Equal("tokens: the provider reported no usage", UsageLine.Format(null));
    }
}
