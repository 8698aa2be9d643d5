using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace LlmAdapters.Middleware;

/// <summary>The meter and span attributes cost tracking reports through.</summary>
public static class CostTelemetry
{
    /// <summary>The name of the <see cref="Meter"/> (subscribe to it with <c>AddMeter</c>).</summary>
    public const string MeterName = "LlmAdapters.Middleware";

    /// <summary>The counter of USD spent, tagged with <c>gen_ai.provider.name</c>, <c>gen_ai.response.model</c> and
    /// <c>llmadapters.cost_tag</c>.</summary>
    public const string CostCounterName = "llmadapters.client.cost";

    /// <summary>The attribute set on the current activity (the GenAI chat span): the call's cost in USD.</summary>
    public const string CostAttribute = "llmadapters.cost.usd";

    /// <summary>The attribute set on the current activity: what prompt caching saved, in USD.</summary>
    public const string SavingsAttribute = "llmadapters.cost.savings_usd";

    private static readonly Meter s_meter = new(MeterName);
    private static readonly Counter<double> s_cost = s_meter.CreateCounter<double>(CostCounterName, "USD", "Cost of LLM calls computed from usage and catalog prices");

    internal static void Report(CostBreakdown cost, string? tag, Activity? activity)
    {
        s_cost.Add(
            (double)cost.Total,
            new KeyValuePair<string, object?>("gen_ai.provider.name", cost.Provider),
            new KeyValuePair<string, object?>("gen_ai.response.model", cost.Model),
            new KeyValuePair<string, object?>("llmadapters.cost_tag", tag));
        if (activity is not null)
        {
            activity.SetTag(CostAttribute, (double)cost.Total);
            activity.SetTag(SavingsAttribute, (double)cost.Savings);
        }
    }
}
