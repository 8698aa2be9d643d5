using System;
using System.CommandLine;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using LlmAdapters.Cli.Connection;
using Spectre.Console;

namespace LlmAdapters.Cli.Commands;

/// <summary><c>embed "text" [-m provider:model] [--json]</c>: the embedding's dimensions and first values, or all of it as JSON.</summary>
internal static class EmbedCommand
{
    /// <summary>How many leading values the plain output shows.</summary>
    private const int Shown = 8;

    public static Command Create(CliContext context)
    {
        var text = new Argument<string>("text") { Description = "The text to embed." };
        var connection = new ConnectionOptions(
            "provider:model (for example openai:text-embedding-3-small), or a provider name for its default embedding model. Default: openai.");
        var json = new Option<bool>("--json") { Description = "Print one JSON object: model, dimensions, the whole vector and usage." };
        var command = new Command("embed", "Embed one text; print the vector's dimensions and first values.") { text, json };
        connection.AddTo(command);
        command.SetAction((parse, cancellationToken) =>
        {
            var request = connection.Read(parse, "openai");
            var input = parse.GetValue(text) ?? string.Empty;
            var asJson = parse.GetValue(json);
            return CommandRunner.RunAsync(context, request.Timeout, token => RunAsync(context, request, input, asJson, token), cancellationToken, ProviderConnection.Describe(request));
        });
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, ConnectionRequest request, string input, bool json, CancellationToken cancellationToken)
    {
        var connection = await ProviderConnection.OpenAsync(context, request, embeddings: true, cancellationToken).ConfigureAwait(false);
        await using var disposeConnection = connection.ConfigureAwait(false);
        using var generator = connection.CreateEmbeddingGenerator();
        var embeddings = await Spinner.WhileAsync(
            context,
            $"Waiting for {connection.Target} ({connection.Spec.Model})…",
            () => generator.GenerateAsync([input], cancellationToken: cancellationToken)).ConfigureAwait(false);
        var vector = embeddings[0].Vector;
        var model = embeddings[0].ModelId ?? connection.Spec.Model;
        var inputTokens = embeddings.Usage?.InputTokenCount;
        if (json)
        {
            var values = new JsonArray();
            foreach (var value in vector.Span)
            {
                values.Add(value);
            }

            var body = new JsonObject
            {
                ["model"] = $"{connection.Spec.Provider}:{model}",
                ["dimensions"] = vector.Length,
                ["embedding"] = values,
                ["usage"] = new JsonObject { ["inputTokens"] = inputTokens },
                ["offline"] = connection.OfflineReason is not null,
            };
            await JsonOutput.WriteAsync(context, body).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        var first = vector.Span[..Math.Min(Shown, vector.Length)].ToArray().Select(v => v.ToString("0.######", CultureInfo.InvariantCulture));
        await context.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"dimensions: {vector.Length}")).ConfigureAwait(false);
        await context.Output.WriteLineAsync(
            $"first values: {string.Join(", ", first)}{(vector.Length > Shown ? ", …" : string.Empty)}").ConfigureAwait(false);
        var tokens = inputTokens?.ToString(CultureInfo.InvariantCulture) ?? "?";
        context.Out.MarkupLine($"[grey]{Markup.Escape($"tokens: input {tokens} · {connection.Spec.Provider}:{model}")}[/]");
        return ExitCodes.Success;
    }
}
