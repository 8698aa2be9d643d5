using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace LlmAdapters.Middleware.Tests;

/// <summary>The stack the README recommends, built with ChatClientBuilder and services from a container.</summary>
public sealed class RecommendedStackTests
{
    [Fact]
    public async Task Build_RecommendedOrder_RetriesThenFallsBackAndPricesTheAnsweringProvider()
    {
        var clock = new TimerAwareFakeTimeProvider();
        var ledger = new InMemoryCostLedger();
        var services = new ServiceCollection()
            .AddSingleton<TimeProvider>(clock)
            .AddSingleton<ICostLedger>(ledger)
            .AddSingleton(new ResilienceOptions { MaxRetryAttempts = 1, UseJitter = false, AttemptTimeout = null, TotalTimeout = null })
            .BuildServiceProvider();
        var anthropic = ChatClientSubstitute.Create("anthropic", "claude-sonnet-4-5").CachesPrompts(PromptCachingStyle.Breakpoints).Answers(_ => Task.FromException<ChatResponse>(Errors.Overloaded()));
        var openai = ChatClientSubstitute.Create("openai", "gpt-4o-mini").CachesPrompts(PromptCachingStyle.PromptCacheKey).Answers(_ => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "from openai"))
        {
            ModelId = "gpt-4o-mini",
            Usage = new UsageDetails { InputTokenCount = 2000, CachedInputTokenCount = 1000, OutputTokenCount = 100 },
        }));
        IChatClient Protect(IChatClient adapter) => adapter.AsBuilder().UsePromptCaching().UseResilience().UseRateLimiting().Build(services);

        var client = Protect(anthropic).AsBuilder()
            .UseCostTracking(configure: c => c.Options.Budgets.Add(new CostBudget(10m)))
            .UseFallback([Protect(openai)])
            .Build(services);
        var task = client.GetResponseAsync("hi", new ChatOptions { Instructions = "Be brief." }, TestContext.Current.CancellationToken);
        await clock.WaitForPendingTimersAsync();
        clock.Advance(TimeSpan.FromSeconds(1)); // the one retry against Anthropic
        var response = await task;

        Assert.Equal("from openai", response.Text);
        Assert.Equal(2, anthropic.ChatCalls().Count);
        var sent = Assert.Single(openai.ChatCalls());
        Assert.StartsWith("llmadapters-", (string)sent.Options!.AdditionalProperties![AdditionalPropertyKeys.PromptCacheKey]!, StringComparison.Ordinal);
        Assert.Equal(0.000285m, response.GetCost()!.Total); // 1000 × 0.15 + 1000 × 0.075 + 100 × 0.60
        Assert.Equal(0.000285m, ledger.GetTotals().ByProvider["openai"]);
    }
}
