using Microsoft.Extensions.AI;

namespace LlmAdapters.Core.Tests.Content;

public sealed class CacheBreakpointExtensionsTests
{
    [Fact]
    public void WithCacheBreakpoint_Message_StoresDefaultOrTtlAndReadsItBack()
    {
        var plain = new ChatMessage(ChatRole.System, "long prefix").WithCacheBreakpoint();
        var hour = new ChatMessage(ChatRole.User, "doc").WithCacheBreakpoint(TimeSpan.FromHours(1));

        Assert.True(plain.TryGetCacheBreakpoint(out var first));
        Assert.Same(CacheBreakpoint.Default, first);
        Assert.Null(first.Ttl);
        Assert.True(hour.TryGetCacheBreakpoint(out var second));
        Assert.Equal(TimeSpan.FromHours(1), second.Ttl);
        Assert.Same(CacheBreakpoint.Default, plain.AdditionalProperties![AdditionalPropertyKeys.CacheBreakpoint]);
    }

    [Fact]
    public void WithCacheBreakpoint_Content_KeepsItsTypeForChaining()
    {
        TextContent content = new TextContent("x").WithCacheBreakpoint(TimeSpan.FromMinutes(5));

        Assert.True(content.TryGetCacheBreakpoint(out var breakpoint));
        Assert.Equal(TimeSpan.FromMinutes(5), breakpoint.Ttl);
    }

    [Fact]
    public void WithToolsAndInstructionsCacheBreakpoint_UseTheirOwnKeys()
    {
        var options = new ChatOptions().WithToolsCacheBreakpoint().WithInstructionsCacheBreakpoint(TimeSpan.FromHours(1));

        Assert.True(options.TryGetCacheBreakpoint(AdditionalPropertyKeys.ToolsCacheBreakpoint, out var tools));
        Assert.Null(tools.Ttl);
        Assert.True(options.TryGetCacheBreakpoint(AdditionalPropertyKeys.InstructionsCacheBreakpoint, out var instructions));
        Assert.Equal(TimeSpan.FromHours(1), instructions.Ttl);
        Assert.False(options.TryGetCacheBreakpoint(AdditionalPropertyKeys.CacheBreakpoint, out _));
    }

    [Fact]
    public void TryGetCacheBreakpoint_LooseValuesSetByHand_AreAccepted()
    {
        var byTtl = new ChatMessage(ChatRole.User, "a") { AdditionalProperties = new() { [AdditionalPropertyKeys.CacheBreakpoint] = TimeSpan.FromMinutes(30) } };
        var byFlag = new ChatMessage(ChatRole.User, "b") { AdditionalProperties = new() { [AdditionalPropertyKeys.CacheBreakpoint] = true } };
        var byJunk = new ChatMessage(ChatRole.User, "c") { AdditionalProperties = new() { [AdditionalPropertyKeys.CacheBreakpoint] = "yes" } };

        Assert.True(byTtl.TryGetCacheBreakpoint(out var ttl));
        Assert.Equal(TimeSpan.FromMinutes(30), ttl.Ttl);
        Assert.True(byFlag.TryGetCacheBreakpoint(out var flag));
        Assert.Same(CacheBreakpoint.Default, flag);
        Assert.False(byJunk.TryGetCacheBreakpoint(out var junk));
        Assert.Null(junk);
        Assert.False(new ChatMessage(ChatRole.User, "d").TryGetCacheBreakpoint(out _));
    }

    [Fact]
    public void WithCacheBreakpoint_Null_ThrowsNamingTheParameter()
    {
        Assert.Equal("message", Assert.Throws<ArgumentNullException>(() => ((ChatMessage)null!).WithCacheBreakpoint()).ParamName);
        Assert.Equal("options", Assert.Throws<ArgumentNullException>(() => ((ChatOptions)null!).WithToolsCacheBreakpoint()).ParamName);
    }
}
