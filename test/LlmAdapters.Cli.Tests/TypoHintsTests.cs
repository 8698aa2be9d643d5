namespace LlmAdapters.Cli.Tests;

public sealed class TypoHintsTests
{
    [Theory]
    [InlineData("--mdoel", "--model")]
    [InlineData("--no-stram", "--no-stream")]
    [InlineData("--temp", "--temperature")]
    [InlineData("embd", "embed")]
    public void Closest_OneTypoAway_FindsTheName(string typed, string expected)
    {
        string[] names = ["--model", "--stream", "--no-stream", "--temperature", "--timeout", "chat", "embed", "count", "cost"];

        Assert.Equal([expected], TypoHints.Closest(typed, names));
    }

    [Fact]
    public void Closest_NothingClose_IsEmpty() => Assert.Empty(TypoHints.Closest("--verbose", ["--model", "--json"]));

    [Fact]
    public void Closest_TwoEquallyClose_ReturnsBothInOrder() => Assert.Equal(["cost", "count"], TypoHints.Closest("cout", ["count", "cost", "chat"]));

    [Theory]
    [InlineData("chta", "chat", 1)]
    [InlineData("", "abc", 3)]
    [InlineData("Model", "model", 0)]
    public void Distance_CountsEditsAndTranspositions(string a, string b, int distance) => Assert.Equal(distance, TypoHints.Distance(a, b));
}
