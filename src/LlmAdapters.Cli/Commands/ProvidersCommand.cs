using System.CommandLine;
using Spectre.Console;

namespace LlmAdapters.Cli.Commands;

/// <summary><c>providers</c>: the providers and presets the CLI knows, their key variables and default models.</summary>
internal static class ProvidersCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("providers", "List the providers and presets, their key variables, default models and whether a key is set.");
        command.SetAction(_ => Run(context));
        return command;
    }

    private static int Run(CliContext context)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("provider")
            .AddColumn("name")
            .AddColumn("key variable")
            .AddColumn("key")
            .AddColumn("default model")
            .AddColumn("embeddings");
        foreach (var provider in LlmClientFactory.Providers)
        {
            var variable = provider.ApiKeyEnvironmentVariable;
            var key = !provider.RequiresApiKey
                ? "not needed"
                : variable is not null && !string.IsNullOrWhiteSpace(context.GetEnvironmentVariable(variable)) ? "[green]set[/]" : "[grey]not set[/]";
            table.AddRow(
                Markup.Escape(provider.Name),
                Markup.Escape(provider.DisplayName),
                Markup.Escape(variable ?? "-"),
                key,
                Markup.Escape(provider.DefaultModelId ?? "(deployment name)"),
                Markup.Escape(provider.SupportsEmbeddings ? provider.DefaultEmbeddingModelId ?? "yes" : "-"));
        }

        context.Out.Write(table);
        context.Out.MarkupLine("Use [bold]chat --model provider:model[/]. Without the provider's key, chat answers from the built-in emulator.");
        return ExitCodes.Success;
    }
}
