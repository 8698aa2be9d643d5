namespace LlmAdapters.Middleware.Tests;

/// <summary>Which ledger a budget charges a call to: shared, or the call's own user, credential or tag.</summary>
public sealed class CostBudgetTests
{
    private static readonly DateTimeOffset s_now = new(2026, 12, 3, 15, 30, 0, TimeSpan.Zero);
    private static readonly BudgetSubject s_subject = new(Tag: "team-a", User: "alice", Credential: "openai:0123456789abcdef");

    [Theory]
    [InlineData(BudgetPartition.All, null, "all:day:20261203")]
    [InlineData(BudgetPartition.All, "fleet", "tag:fleet:day:20261203")]
    [InlineData(BudgetPartition.User, null, "all/user:alice:day:20261203")]
    [InlineData(BudgetPartition.User, "fleet", "tag:fleet/user:alice:day:20261203")]
    [InlineData(BudgetPartition.ApiKey, null, "all/key:openai:0123456789abcdef:day:20261203")]
    [InlineData(BudgetPartition.Tag, null, "all/tag:team-a:day:20261203")]
    public void For_Partition_ChargesTheSubjectsOwnLedger(BudgetPartition per, string? tag, string expected)
    {
        var scope = BudgetScope.For(new CostBudget(5m, BudgetPeriod.Day, tag) { Per = per }, s_now, s_subject);

        Assert.Equal(expected, scope.LedgerKey);
        Assert.Equal(new DateTimeOffset(2026, 12, 3, 0, 0, 0, TimeSpan.Zero), scope.PeriodStart);
        Assert.Equal(new DateTimeOffset(2026, 12, 4, 0, 0, 0, TimeSpan.Zero), scope.PeriodEnd);
    }

    [Theory]
    [InlineData(BudgetPartition.User, "all/user:-:total:total")]
    [InlineData(BudgetPartition.ApiKey, "all/key:-:total:total")]
    [InlineData(BudgetPartition.Tag, "all/tag:-:total:total")]
    public void For_SubjectWithoutThePart_SharesTheUnnamedLedger(BudgetPartition per, string expected)
    {
        var scope = BudgetScope.For(new CostBudget(5m, BudgetPeriod.Total) { Per = per }, s_now, new BudgetSubject());

        Assert.Equal(expected, scope.LedgerKey);
        Assert.Null(scope.PeriodEnd);
    }

    [Fact]
    public void For_WithoutSubject_IsTheUnpartitionedScope()
    {
        var budget = new CostBudget(5m, BudgetPeriod.Month, "fleet") { Per = BudgetPartition.User };

        Assert.Equal(BudgetScope.For(budget, s_now, new BudgetSubject()), BudgetScope.For(budget, s_now));
        Assert.Equal("tag:fleet/user:-:month:20261201", BudgetScope.For(budget, s_now).LedgerKey);
    }

    [Fact]
    public void BudgetExceededException_PartitionedBudget_SaysWhoSharesIt()
    {
        var error = new BudgetExceededException(new CostBudget(2m, BudgetPeriod.Day) { Per = BudgetPartition.User }, 1.5m, 0.75m);

        Assert.StartsWith("The day budget of $2 per user would be exceeded: $1.5 spent, this call may cost up to $0.75.", error.Message, StringComparison.Ordinal);
    }
}
