using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;

namespace LlmAdapters.Middleware.Tests.SharedState;

/// <summary>Partitioned budgets in the process-local store, driven through cost tracking.</summary>
public sealed class InMemoryBudgetStoreTests
{
    // gpt-4o-mini: 0.15 per million input tokens, 0.60 per million output tokens.
    // Each call costs 1000 × 0.15 + 100 × 0.60 = 0.00021; its worst case is "hi" (2 tokens) plus 1000 output tokens = 0.0006003.
    private const decimal CallCost = 0.00021m;
    private const decimal WorstCase = 0.0006003m;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ChatOptions For(string? user = null, string? tag = null)
    {
        var options = new ChatOptions { MaxOutputTokens = 1000, AdditionalProperties = [] };
        if (user is not null)
        {
            options.AdditionalProperties[AdditionalPropertyKeys.CostUser] = user;
        }

        if (tag is not null)
        {
            options.AdditionalProperties[AdditionalPropertyKeys.CostTag] = tag;
        }

        return options;
    }

    [Fact]
    public async Task ReserveAsync_PerUserBudget_EachUserHasTheirOwn()
    {
        var inner = Priced(ChatClientSubstitute.Create());
        using var client = Tracked(inner, new CostBudget(0.001m, BudgetPeriod.Day) { Per = BudgetPartition.User });

        await client.GetResponseAsync("hi", For("alice"), Ct);
        await client.GetResponseAsync("hi", For("alice"), Ct);
        var error = await Assert.ThrowsAsync<BudgetExceededException>(() => client.GetResponseAsync("hi", For("alice"), Ct));
        await client.GetResponseAsync("hi", For("bob"), Ct);
        await client.GetResponseAsync("hi", For("bob"), Ct);

        // Alice's third call would take her to 0.00042 + 0.0006003 > 0.001; Bob's spending starts at 0.
        Assert.Equal(2 * CallCost, error.Spent);
        Assert.Equal(WorstCase, error.EstimatedCost);
        Assert.Equal(BudgetPartition.User, error.Budget.Per);
        Assert.Equal(4, inner.ChatCalls().Count);
    }

    [Fact]
    public async Task ReserveAsync_PerUserBudget_CallsWithoutUserShareOneBudget()
    {
        var inner = Priced(ChatClientSubstitute.Create());
        using var client = Tracked(inner, new CostBudget(0.001m, BudgetPeriod.Day) { Per = BudgetPartition.User });

        await client.GetResponseAsync("hi", For(), Ct);
        await client.GetResponseAsync("hi", For(tag: "other"), Ct);
        var error = await Assert.ThrowsAsync<BudgetExceededException>(() => client.GetResponseAsync("hi", For(), Ct));

        Assert.Equal(2 * CallCost, error.Spent);
    }

    [Fact]
    public async Task ReserveAsync_PerTagBudget_TagsDoNotShare()
    {
        var inner = Priced(ChatClientSubstitute.Create());
        using var client = Tracked(inner, new CostBudget(0.0007m, BudgetPeriod.Month) { Per = BudgetPartition.Tag });

        await client.GetResponseAsync("hi", For(tag: "team-a"), Ct);
        await Assert.ThrowsAsync<BudgetExceededException>(() => client.GetResponseAsync("hi", For(tag: "team-a"), Ct));
        await client.GetResponseAsync("hi", For(tag: "team-b"), Ct);

        Assert.Equal(2, inner.ChatCalls().Count);
    }

    [Fact]
    public async Task ReserveAsync_PerKeyBudget_TwoCredentialsDoNotShareOneStore()
    {
        var store = new InMemoryBudgetStore(new InMemoryCostLedger());
        var budget = new CostBudget(0.0007m, BudgetPeriod.Day) { Per = BudgetPartition.ApiKey };
        var first = Priced(ChatClientSubstitute.Create()).Offers<ProviderOptions>(Credential("sk-first-key"));
        var second = Priced(ChatClientSubstitute.Create()).Offers<ProviderOptions>(Credential("sk-second-key"));
        using var firstClient = Tracked(first, budget, store);
        using var secondClient = Tracked(second, budget, store);

        await firstClient.GetResponseAsync("hi", For(), Ct);
        var error = await Assert.ThrowsAsync<BudgetExceededException>(() => firstClient.GetResponseAsync("hi", For(), Ct));
        await secondClient.GetResponseAsync("hi", For(), Ct);

        Assert.Equal(CallCost, error.Spent);
        Assert.DoesNotContain("sk-", error.Message, StringComparison.Ordinal);
        Assert.Single(second.ChatCalls());
    }

    private static ProviderOptions Credential(string apiKey) => new OpenAI.OpenAIOptions { ApiKey = apiKey };

    private static IChatClient Priced(IChatClient inner) =>
        inner.Answers(_ => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok"))
        {
            ModelId = "gpt-4o-mini",
            Usage = new UsageDetails { InputTokenCount = 1000, OutputTokenCount = 100 },
        }));

    private static CostTrackingChatClient Tracked(IChatClient inner, CostBudget budget, IBudgetStore? store = null)
    {
        var options = new CostTrackingOptions { BudgetStore = store };
        options.Budgets.Add(budget);
        return new CostTrackingChatClient(inner, options: options, timeProvider: new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 15, 0, 0, TimeSpan.Zero)));
    }
}
