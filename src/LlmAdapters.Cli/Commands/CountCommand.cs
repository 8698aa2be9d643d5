using System;
using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using LlmAdapters.Cli.Connection;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Cli.Commands;

/// <summary>
/// <c>count "text" [-m provider:model]</c>: the input tokens of one user message. The client's own counter
/// (<see cref="ITokenCounter"/>, a provider endpoint such as Anthropic's count_tokens) when it offers one, else a local
/// estimate of about four characters a token; the output says which.
/// </summary>
internal static class CountCommand
{
    /// <summary>The local estimate's ratio: about four characters of English text per token.</summary>
    private const int CharactersPerToken = 4;

    public static Command Create(CliContext context)
    {
        var text = new Argument<string>("text") { Description = "The text to count, sent as one user message." };
        var connection = new ConnectionOptions(
            $"provider:model whose tokens to count, or a provider name for its default model. Default: ${ConnectionOptions.ModelVariable}, else openai.");
        var json = new Option<bool>("--json") { Description = "Print one JSON object: model, tokens and how they were counted." };
        var command = new Command("count", "Count the input tokens of a text with the provider's counter, or estimate them locally.") { text, json };
        connection.AddTo(command);
        command.SetAction((parse, cancellationToken) =>
        {
            var request = connection.Read(parse, context.GetEnvironmentVariable(ConnectionOptions.ModelVariable) ?? "openai");
            var input = parse.GetValue(text) ?? string.Empty;
            var asJson = parse.GetValue(json);
            return CommandRunner.RunAsync(context, request.Timeout, token => RunAsync(context, request, input, asJson, token), cancellationToken, ProviderConnection.Describe(request));
        });
        return command;
    }

    /// <summary>The local estimate: the text's length over <see cref="CharactersPerToken"/>, rounded up, at least one token.</summary>
    internal static int Estimate(string text) => Math.Max(1, (text.Length + CharactersPerToken - 1) / CharactersPerToken);

    private static async Task<int> RunAsync(CliContext context, ConnectionRequest request, string input, bool json, CancellationToken cancellationToken)
    {
        var connection = await ProviderConnection.OpenAsync(context, request, embeddings: false, cancellationToken).ConfigureAwait(false);
        await using var disposeConnection = connection.ConfigureAwait(false);
        using var client = connection.CreateChatClient();
        var spec = $"{connection.Spec.Provider}:{connection.Spec.Model}";
        int tokens;
        string method;
        string how;
        if (client.GetService<ITokenCounter>() is { } counter)
        {
            tokens = await Spinner.WhileAsync(
                context,
                $"Counting with {connection.Target}…",
                () => counter.CountTokensAsync([new ChatMessage(ChatRole.User, input)], cancellationToken: cancellationToken)).ConfigureAwait(false);
            method = "provider";
            how = $"counted by {connection.Provider.DisplayName}'s token counter";
        }
        else
        {
            tokens = Estimate(input);
            method = "estimate";
            how = $"local estimate at about {CharactersPerToken} characters a token: {connection.Provider.DisplayName} offers no token counter";
        }

        if (json)
        {
            var body = new JsonObject
            {
                ["model"] = spec,
                ["tokens"] = tokens,
                ["method"] = method,
                ["offline"] = connection.OfflineReason is not null,
            };
            await JsonOutput.WriteAsync(context, body).ConfigureAwait(false);
        }
        else
        {
            await context.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"tokens: {tokens} ({how}) · {spec}")).ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }
}
