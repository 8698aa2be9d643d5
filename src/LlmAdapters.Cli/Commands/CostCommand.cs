using System;
using System.CommandLine;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Spectre.Console;

namespace LlmAdapters.Cli.Commands;

/// <summary><c>cost -m provider:model --input N --output M [--cached N]</c>: what a call of that size costs at the catalog's
/// list prices. No request is sent.</summary>
internal static class CostCommand
{
    public static Command Create(CliContext context)
    {
        var model = new Option<string>("--model", "-m") { Description = "provider:model to price, for example anthropic:claude-sonnet-4-5.", Required = true };
        var input = new Option<long>("--input") { Description = "Input tokens, cached ones included.", Required = true };
        var output = new Option<long>("--output") { Description = "Output tokens, reasoning included.", Required = true };
        var cached = new Option<long>("--cached") { Description = "How many of the input tokens were read from the provider's prompt cache." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object: the cost's total and parts in USD." };
        var command = new Command("cost", "Price a call of the given size at the catalog's list prices (nothing is sent).") { model, input, output, cached, json };
        command.Validators.Add(result =>
        {
            foreach (var option in new[] { input, output, cached })
            {
                if (result.GetResult(option)?.GetValueOrDefault<long>() is < 0 and var value)
                {
                    result.AddError(string.Create(CultureInfo.InvariantCulture, $"{option.Name} {value} is negative."));
                }
            }

            if (result.GetResult(cached)?.GetValueOrDefault<long>() is { } c && result.GetResult(input)?.GetValueOrDefault<long>() is { } i && c > i)
            {
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"--cached {c} is more than --input {i}: cached tokens are part of the input."));
            }
        });
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(
            context,
            timeout: null,
            _ => RunAsync(context, parse.GetValue(model)!, parse.GetValue(input), parse.GetValue(output), parse.GetValue(cached), parse.GetValue(json)),
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, string specText, long input, long output, long cached, bool json)
    {
        ModelSpec spec;
        if (!specText.Contains(':', StringComparison.Ordinal))
        {
            spec = LlmClientFactory.ResolveSpec(specText);
        }
        else if (!ModelSpec.TryParse(specText, out spec))
        {
            throw new CliUsageException($"'{specText}' is not a model spec: write it as 'provider:model', for example 'openai:gpt-4.1'.");
        }

        var info = CallCost.PricedModel(spec.Provider, spec.Model) ?? throw new CliUsageException(NoPrice(spec));
        var usage = new UsageDetails { InputTokenCount = input, OutputTokenCount = output, CachedInputTokenCount = cached, TotalTokenCount = input + output };
        var cost = CallCost.Calculate(info.Provider, info.Id, usage)!;
        if (json)
        {
            await JsonOutput.WriteAsync(context, CallCost.Json(cost)).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        var pricing = info.Pricing!.ForInputTokens(input);
        context.Out.WriteLine(CallCost.Line(cost));
        context.Out.MarkupLine(Markup.Escape(
            $"prices per 1M tokens: input {CallCost.Money(pricing.InputPerMillion)} · cached input {CallCost.Money(pricing.CachedInputPerMillion ?? pricing.InputPerMillion)} · " +
            $"output {CallCost.Money(pricing.OutputPerMillion)} · {(CatalogTable.IsVerified(info) ? "verified" : "unverified")}"));
        return ExitCodes.Success;
    }

    private static string NoPrice(ModelSpec spec)
    {
        var provider = ModelCatalog.ToCatalogProvider(spec.Provider);
        var known = ModelCatalog.Default.Models.Where(m => m.Pricing is not null && m.Provider == provider).Select(m => m.Id).ToList();
        var hint = TypoHints.DidYouMean(spec.Model, known, c => $"{provider}:{c}");
        return $"The catalog has no price for {spec}.{hint} Run 'models{(known.Count > 0 ? " " + provider : string.Empty)}' for the priced models.";
    }
}
