using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace LlmAdapters.Middleware.Tests;

public sealed class CostTrackingChatClientTests
{
    private static ChatResponse Response(string model, UsageDetails? usage) =>
        new(new ChatMessage(ChatRole.Assistant, "hi")) { ModelId = model, Usage = usage };

    private static ChatOptions Tagged(string tag, int? maxOutput = null) =>
        new() { MaxOutputTokens = maxOutput, AdditionalProperties = new() { [AdditionalPropertyKeys.CostTag] = tag } };

    [Fact]
    public async Task GetResponseAsync_KnownModel_AttachesCostAndRecordsItByProviderModelAndTag()
    {
        var inner = ChatClientSubstitute.Create("anthropic", "claude-sonnet-4-5")
            .Answers(_ => Task.FromResult(Response("claude-sonnet-4-5-20250929", new UsageDetails { InputTokenCount = 1000, CachedInputTokenCount = 800, OutputTokenCount = 100 })));
        using var client = new CostTrackingChatClient(inner);

        var response = await client.GetResponseAsync("hello", Tagged("tenant-a"), TestContext.Current.CancellationToken);

        var cost = response.GetCost();
        Assert.NotNull(cost);
        Assert.Equal(0.00234m, cost.Total); // 200 × 3 + 800 × 0.30 + 100 × 15
        Assert.Equal(0.00234m, response.GetCostUsd());
        Assert.Same(cost, response.AdditionalProperties![AdditionalPropertyKeys.Cost]);
        var totals = client.Ledger.GetTotals();
        Assert.Equal(0.00234m, totals.Total);
        Assert.Equal(0.00234m, totals.ByProvider["anthropic"]);
        Assert.Equal(0.00234m, totals.ByModel["anthropic:claude-sonnet-4-5-20250929"]);
        Assert.Equal(0.00234m, totals.ByTag["tenant-a"]);
        Assert.Equal(0.00216m, totals.Savings); // 800 × (3.00 − 0.30)
    }

    [Fact]
    public async Task GetResponseAsync_UnknownModel_CostIsNullAndLoggedOncePerModel()
    {
        var inner = ChatClientSubstitute.Create("openai", "gpt-unknown")
            .Answers(_ => Task.FromResult(Response("gpt-unknown", new UsageDetails { InputTokenCount = 10, OutputTokenCount = 10 })));
        var logger = new FakeLogger();
        using var client = new CostTrackingChatClient(inner, logger: logger);

        var first = await client.GetResponseAsync("a", cancellationToken: TestContext.Current.CancellationToken);
        await client.GetResponseAsync("b", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Null(first.GetCost());
        Assert.False(first.AdditionalProperties?.ContainsKey(AdditionalPropertyKeys.Cost) ?? false);
        var record = Assert.Single(logger.Collector.GetSnapshot());
        Assert.Contains("openai:gpt-unknown", record.Message, StringComparison.Ordinal);
        var totals = client.Ledger.GetTotals();
        Assert.Equal(2, totals.Calls);
        Assert.Equal(2, totals.UnknownCostCalls);
        Assert.Equal(0m, totals.Total);
    }

    [Fact]
    public async Task GetResponseAsync_MissingUsage_CostIsNull()
    {
        var inner = ChatClientSubstitute.Create().Answers(_ => Task.FromResult(Response("gpt-4o-mini", null)));
        var logger = new FakeLogger();
        using var client = new CostTrackingChatClient(inner, logger: logger);

        var response = await client.GetResponseAsync("a", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Null(response.GetCost());
        Assert.Contains("carried no usage", logger.Collector.GetSnapshot().Single().Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_FinalUsage_CostOnUsageUpdateAndRecordedOnce()
    {
        var inner = ChatClientSubstitute.Create("openai", "gpt-4o-mini")
            .Streams(_ => ChatClientSubstitute.Updates(["a", "b"], usage: new UsageDetails { InputTokenCount = 10_000, CachedInputTokenCount = 8_000, OutputTokenCount = 500 }));
        using var client = new CostTrackingChatClient(inner);

        List<ChatResponseUpdate> updates = [];
        await foreach (var update in client.GetStreamingResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken))
        {
            updates.Add(update);
        }

        Assert.Equal(3, updates.Count);
        Assert.Null(updates[0].GetCost());
        Assert.Equal(0.0012m, updates[2].GetCost()!.Total);
        Assert.Equal(0.0012m, updates.ToChatResponse().GetCost()!.Total);
        Assert.Equal(1, client.Ledger.GetTotals().Calls);
        Assert.Equal(0.0012m, client.Ledger.GetTotals().Total);
    }

    [Fact]
    public async Task GetResponseAsync_WorstCaseOverBudget_ThrowsWithoutCallingProvider()
    {
        var clock = TestClock.Create();
        var ledger = new InMemoryCostLedger();
        ledger.Record(new CostLedgerEntry(clock.GetUtcNow(), "openai", "gpt-4o", "tenant-a", new CostBreakdown { Provider = "openai", Model = "gpt-4o", Total = 0.99m }));
        var inner = ChatClientSubstitute.Create("openai", "gpt-4o").Offers(TokenCounter(2000));
        var options = new CostTrackingOptions();
        options.Budgets.Add(new CostBudget(1.00m, BudgetPeriod.Month, "tenant-a"));
        using var client = new CostTrackingChatClient(inner, ledger, options, timeProvider: clock);

        var ex = await Assert.ThrowsAsync<BudgetExceededException>(() => client.GetResponseAsync("hello", Tagged("tenant-a", maxOutput: 1000), TestContext.Current.CancellationToken));

        Assert.Empty(inner.ChatCalls());
        Assert.Equal(0.99m, ex.Spent);
        Assert.Equal(0.015m, ex.EstimatedCost); // 2000 × 2.50 + 1000 × 10.00, input counted by the provider's counter
        Assert.Equal("tenant-a", ex.Budget.Tag);
        Assert.Contains("budget of $1.00 for tag 'tenant-a' would be exceeded", ex.Message, StringComparison.Ordinal);

        await client.GetResponseAsync("hello", Tagged("tenant-b", maxOutput: 1000), TestContext.Current.CancellationToken);
        Assert.Single(inner.ChatCalls()); // other tags are not limited by that budget
    }

    [Fact]
    public async Task GetResponseAsync_CallsInFlight_ReserveTheirWorstCaseUntilRecorded()
    {
        var release = new TaskCompletionSource();
        var inner = ChatClientSubstitute.Create("openai", "gpt-4o").Offers(TokenCounter(2000)).Answers(async _ =>
        {
            await release.Task;
            return Response("gpt-4o", new UsageDetails { InputTokenCount = 1000, OutputTokenCount = 0 }); // $0.0025
        });
        var options = new CostTrackingOptions();
        options.Budgets.Add(new CostBudget(0.02m, BudgetPeriod.Total));
        using var client = new CostTrackingChatClient(inner, options: options, timeProvider: TestClock.Create());
        var chat = new ChatOptions { MaxOutputTokens = 1000 }; // worst case $0.015

        var first = client.GetResponseAsync("a", chat, TestContext.Current.CancellationToken);
        var ex = await Assert.ThrowsAsync<BudgetExceededException>(() => client.GetResponseAsync("b", chat, TestContext.Current.CancellationToken));
        Assert.Equal(0.015m, ex.Spent); // the first call's reservation
        release.SetResult();
        await first;
        await client.GetResponseAsync("c", chat, TestContext.Current.CancellationToken); // 0.0025 spent + 0.015 fits

        Assert.Equal(2, inner.ChatCalls().Count);
    }

    [Fact]
    public async Task GetResponseAsync_DailyBudget_ResetsAtUtcMidnight()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 10, 23, 0, 0, TimeSpan.Zero));
        var inner = ChatClientSubstitute.Create("openai", "gpt-4o-mini")
            .Answers(_ => Task.FromResult(Response("gpt-4o-mini", new UsageDetails { InputTokenCount = 0, OutputTokenCount = 1_000_000 })));
        var options = new CostTrackingOptions { UseTokenCounter = false };
        options.Budgets.Add(new CostBudget(1.00m, BudgetPeriod.Day));
        using var client = new CostTrackingChatClient(inner, options: options, timeProvider: clock);
        var chat = new ChatOptions { MaxOutputTokens = 1_000_000 };

        await client.GetResponseAsync("x", chat, TestContext.Current.CancellationToken); // $0.60
        await Assert.ThrowsAsync<BudgetExceededException>(() => client.GetResponseAsync("x", chat, TestContext.Current.CancellationToken));
        clock.Advance(TimeSpan.FromHours(1));
        await client.GetResponseAsync("x", chat, TestContext.Current.CancellationToken);

        Assert.Equal(2, inner.ChatCalls().Count);
    }

    [Fact]
    public async Task GetResponseAsync_Cost_ReportedAsMetricAndActivityAttribute()
    {
        using var source = new ActivitySource("test.costs");
        using var activityListener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == "test.costs",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(activityListener);
        var measurements = new List<(double Value, string? Model)>();
        using var meterListener = new MeterListener();
        meterListener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == CostTelemetry.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        meterListener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            string? model = null;
            foreach (var tag in tags)
            {
                model = tag.Key == "gen_ai.response.model" ? tag.Value as string : model;
            }

            lock (measurements)
            {
                measurements.Add((value, model));
            }
        });
        meterListener.Start();
        var uniqueModel = "gpt-4o-mini-2024-07-18";
        var inner = ChatClientSubstitute.Create().Answers(_ => Task.FromResult(Response(uniqueModel, new UsageDetails { InputTokenCount = 1_000_000, OutputTokenCount = 0 })));
        using var client = new CostTrackingChatClient(inner);

        using (var activity = source.StartActivity("chat gpt-4o-mini"))
        {
            await client.GetResponseAsync("x", cancellationToken: TestContext.Current.CancellationToken);
            Assert.Equal(0.15, activity!.GetTagItem(CostTelemetry.CostAttribute));
        }

        lock (measurements)
        {
            Assert.Contains(measurements, m => m.Model == uniqueModel && m.Value == 0.15);
        }
    }

    [Fact]
    public async Task UseCostTracking_Builder_SharesRegisteredLedgerAndExposesIt()
    {
        var ledger = new InMemoryCostLedger();
        var services = new ServiceCollection().AddSingleton<ICostLedger>(ledger).BuildServiceProvider();
        var inner = ChatClientSubstitute.Create().Answers(_ => Task.FromResult(Response("gpt-4o-mini", new UsageDetails { InputTokenCount = 1000, OutputTokenCount = 0 })));

        var client = inner.AsBuilder().UseCostTracking().Build(services);
        await client.GetResponseAsync("x", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Same(ledger, client.GetService<ICostLedger>());
        Assert.Equal(0.00015m, ledger.GetTotals().Total);
    }

    [Fact]
    public async Task GenerateAsync_EmbeddingUsage_PricedAndRecorded()
    {
        using var inner = Substitute.For<IEmbeddingGenerator<string, Embedding<float>>>();
        inner.GetService(typeof(EmbeddingGeneratorMetadata), null).Returns(new EmbeddingGeneratorMetadata("openai", null, "text-embedding-3-small"));
        inner.GenerateAsync(Arg.Any<IEnumerable<string>>(), Arg.Any<EmbeddingGenerationOptions?>(), Arg.Any<CancellationToken>()).Returns(call =>
            new GeneratedEmbeddings<Embedding<float>>(call.Arg<IEnumerable<string>>().Select(_ => new Embedding<float>(new float[] { 1, 2 }) { ModelId = "text-embedding-3-small" }))
            {
                Usage = new UsageDetails { InputTokenCount = 500_000 },
            });
        var ledger = new InMemoryCostLedger();
        using var generator = new CostTrackingEmbeddingGenerator<string, Embedding<float>>(inner, ledger);

        var embeddings = await generator.GenerateAsync(["a", "b"], cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(0.01m, embeddings.GetCost()!.Total); // 500k × 0.02
        Assert.Equal(0.01m, ledger.GetTotals().ByModel["openai:text-embedding-3-small"]);
    }

    private static ITokenCounter TokenCounter(int tokens)
    {
        var counter = Substitute.For<ITokenCounter>();
        counter.CountTokensAsync(Arg.Any<IEnumerable<ChatMessage>>(), Arg.Any<ChatOptions?>(), Arg.Any<CancellationToken>()).Returns(tokens);
        return counter;
    }
}
