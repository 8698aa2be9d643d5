using System.Globalization;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Cli;

/// <summary>Formats token usage as the one line the <c>chat</c> command prints after the answer.</summary>
internal static class UsageLine
{
    /// <summary>Formats <paramref name="usage"/>, for example
    /// <c>tokens: input 12 (cached 0) · output 40 (reasoning 8) · total 52</c>; unknown counts print as <c>?</c>.</summary>
    /// <param name="usage">The usage, or <see langword="null"/> when the provider reported none.</param>
    /// <returns>The line.</returns>
    public static string Format(UsageDetails? usage)
    {
        if (usage is null)
        {
            return "tokens: the provider reported no usage";
        }

        var total = usage.TotalTokenCount ?? (usage.InputTokenCount + usage.OutputTokenCount);
        return $"tokens: input {N(usage.InputTokenCount)} (cached {N(usage.CachedInputTokenCount)}) · " +
               $"output {N(usage.OutputTokenCount)} (reasoning {N(usage.ReasoningTokenCount)}) · total {N(total)}";
    }

    private static string N(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "?";
}
