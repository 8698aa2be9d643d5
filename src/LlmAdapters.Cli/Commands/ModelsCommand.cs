using System.CommandLine;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using Spectre.Console;

namespace LlmAdapters.Cli.Commands;

/// <summary><c>models [provider]</c>: the priced models of the catalog as a table, all of them or one provider's.</summary>
internal static class ModelsCommand
{
    public static Command Create(CliContext context)
    {
        var provider = new Argument<string?>("provider") { Description = "Show only this provider's models (openai, anthropic, gemini …).", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("models", "List the catalog's models: context window, max output, prices per 1M tokens, capabilities.") { provider };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(
            context, timeout: null, _ => Task.FromResult(Run(context, parse.GetValue(provider))), cancellationToken));
        return command;
    }

    private static int Run(CliContext context, string? providerName)
    {
        var catalog = ModelCatalog.Default;
        var priced = catalog.Models.Where(m => m.Pricing is not null).ToList();
        var shown = priced;
        var note = string.Empty;
        if (!string.IsNullOrWhiteSpace(providerName))
        {
            var provider = ModelCatalog.ToCatalogProvider(providerName)!;
            // Vertex AI and Azure OpenAI serve the Gemini and OpenAI models at those list prices.
            var source = provider switch { "vertex" => "gemini", "azure" => "openai", _ => provider };
            shown = [.. priced.Where(m => m.Provider == source)];
            if (shown.Count == 0)
            {
                var providers = priced.Select(m => m.Provider).Distinct().ToList();
                var hint = TypoHints.DidYouMean(provider, providers);
                throw new CliUsageException($"The catalog has no models of '{providerName}'.{hint} Providers with priced models: {string.Join(", ", providers)}.");
            }

            if (source != provider)
            {
                note = $" ({providerName} serves {source}'s models at their list prices)";
            }
        }

        context.Out.Write(CatalogTable.Create(shown));
        var asOf = catalog.PricesAsOf is { } date ? $" as of {date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}" : string.Empty;
        context.Out.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{shown.Count} models{note} · prices in USD per 1M tokens{asOf} · unverified: not checked against the provider's own price data"));
        return ExitCodes.Success;
    }
}
