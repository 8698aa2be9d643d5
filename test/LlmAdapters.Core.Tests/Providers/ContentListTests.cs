using LlmAdapters.Providers;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Core.Tests.Providers;

public sealed class ContentListTests
{
    private static readonly TextContent A = new("a");
    private static readonly TextContent B = new("b");
    private static readonly TextContent C = new("c");

    [Fact]
    public void Constructor_OneContent_HoldsItAlone()
    {
        var list = new ContentList(A);

        Assert.Equal([A], list);
        Assert.Single(list);
        Assert.Same(A, list[0]);
        Assert.False(list.IsReadOnly);
        Assert.Throws<ArgumentOutOfRangeException>(() => list[1]);
    }

    [Fact]
    public void Constructor_Null_ThrowsArgumentNullException() =>
        Assert.Equal("content", Assert.Throws<ArgumentNullException>(() => new ContentList(null!)).ParamName);

    [Fact]
    public void Add_AfterOne_KeepsOrder()
    {
        var list = new ContentList(A) { B, C };

        Assert.Equal([A, B, C], list);
        Assert.Equal(1, list.IndexOf(B));
        Assert.Contains(C, list);
    }

    [Fact]
    public void Add_ToEmpty_HoldsTheContent()
    {
        var list = new ContentList { A };

        Assert.Equal([A], list);
    }

    [Fact]
    public void InsertRemoveAndIndexer_ChangeTheListLikeAList()
    {
        var list = new ContentList(B);
        list.Insert(0, A);
        list[1] = C;

        Assert.Equal([A, C], list);
        Assert.True(list.Remove(A));
        Assert.False(list.Remove(B));
        list.RemoveAt(0);
        Assert.Empty(list);
    }

    [Fact]
    public void SingleContent_SetRemoveAndInsert_WorkWithoutAList()
    {
        var list = new ContentList(A);
        list[0] = B;
        Assert.Same(B, list[0]);

        list.RemoveAt(0);
        Assert.Empty(list);
        Assert.Equal(-1, list.IndexOf(B));
        Assert.Throws<ArgumentOutOfRangeException>(() => list.RemoveAt(0));

        list.Insert(0, C);
        Assert.Equal([C], list);
    }

    [Fact]
    public void CopyTo_CopiesAtTheOffset()
    {
        var one = new AIContent[2];
        new ContentList(A).CopyTo(one, 1);
        Assert.Equal([null!, A], one);

        var two = new AIContent[3];
        new ContentList(A) { B }.CopyTo(two, 1);
        Assert.Equal([null!, A, B], two);
    }

    [Fact]
    public void Clear_EmptiesTheList()
    {
        var list = new ContentList(A) { B };
        list.Clear();

        Assert.Empty(list);
    }

    [Fact]
    public void AsUpdateContents_AggregatesLikeAList()
    {
        ChatResponseUpdate[] updates =
        [
            new(ChatRole.Assistant, new ContentList(new TextContent("Hello, "))) { MessageId = "m" },
            new(ChatRole.Assistant, new ContentList(new TextContent("world"))) { MessageId = "m" },
        ];

        var response = updates.ToChatResponse();

        Assert.Equal("Hello, world", response.Text);
        Assert.Equal("Hello, world", updates[0].Text + updates[1].Text);
    }
}
