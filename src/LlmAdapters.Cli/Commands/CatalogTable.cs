using System;
using System.Collections.Generic;
using System.Globalization;
using Spectre.Console;

namespace LlmAdapters.Cli.Commands;

/// <summary>The model catalog as a table: one row per model with its window, prices, capabilities and whether its price was
/// checked against a primary source.</summary>
internal static class CatalogTable
{
    /// <summary>Whether the entry's price is verified: the catalog marks the others "unverified" in their notes, and local
    /// models have no price to verify.</summary>
    public static bool IsVerified(ModelInfo model) =>
        model.Notes?.Contains("unverified", StringComparison.OrdinalIgnoreCase) != true;

    public static Table Create(IEnumerable<ModelInfo> models)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("model")
            .AddColumn(new TableColumn("context").RightAligned())
            .AddColumn(new TableColumn("max output").RightAligned())
            .AddColumn(new TableColumn("input $/1M").RightAligned())
            .AddColumn(new TableColumn("output $/1M").RightAligned())
            .AddColumn(new TableColumn("cached $/1M").RightAligned())
            .AddColumn("capabilities")
            .AddColumn("price");
        foreach (var model in models)
        {
            var pricing = model.Pricing;
            table.AddRow(
                Markup.Escape($"{model.Provider}:{model.Id}"),
                Count(model.ContextWindow),
                Count(model.MaxOutputTokens),
                Price(pricing?.InputPerMillion),
                Price(pricing?.OutputPerMillion),
                Price(pricing?.CachedInputPerMillion),
                Markup.Escape(Capabilities(model.Capabilities)),
                IsLocal(model) ? "local" : IsVerified(model) ? "verified" : "[yellow]unverified[/]");
        }

        return table;
    }

    /// <summary>The capabilities as short words, for example <c>tools vision pdf json reasoning caching</c>.</summary>
    public static string Capabilities(ModelCapabilities capabilities)
    {
        List<string> words = [];
        Add(capabilities.Tools, "tools");
        Add(capabilities.Vision, "vision");
        Add(capabilities.Audio, "audio");
        Add(capabilities.Pdf, "pdf");
        Add(capabilities.JsonSchema, "json");
        Add(capabilities.Reasoning, "reasoning");
        Add(capabilities.PromptCaching, "caching");
        if (capabilities.Embeddings)
        {
            words.Add(capabilities.EmbeddingDimensions is { } dimensions
                ? string.Create(CultureInfo.InvariantCulture, $"embeddings({dimensions})")
                : "embeddings");
        }

        return words.Count == 0 ? "-" : string.Join(' ', words);

        void Add(bool has, string word)
        {
            if (has)
            {
                words.Add(word);
            }
        }
    }

    private static bool IsLocal(ModelInfo model) => model.Provider == "ollama";

    private static string Count(int? value) => value?.ToString("N0", CultureInfo.InvariantCulture) ?? "-";

    private static string Price(decimal? value) => value?.ToString("0.00##", CultureInfo.InvariantCulture) ?? "-";
}
