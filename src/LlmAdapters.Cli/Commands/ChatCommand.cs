using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using LlmAdapters.Cli.Connection;

namespace LlmAdapters.Cli.Commands;

/// <summary><c>chat "prompt"</c>: the options, their checks and conflicts; <see cref="ChatSession"/> makes the call.</summary>
internal static class ChatCommand
{
    public static Command Create(CliContext context)
    {
        var prompt = new Argument<string>("prompt") { Description = "What to ask." };
        var connection = new ConnectionOptions(
            $"provider:model (for example groq:llama-3.3-70b-versatile), or a provider name for its default model. Default: ${ConnectionOptions.ModelVariable}, else openai.");
        var system = new Option<string?>("--system", "-s") { Description = "A system prompt." };
        var temperature = new Option<float?>("--temperature", "-t") { Description = "Sampling temperature (0 is the most deterministic)." };
        var maxTokens = new Option<int?>("--max-tokens") { Description = "The most tokens the answer may have." };
        var stream = new Option<bool>("--stream") { Description = "Print the answer as it is generated (the default)." };
        var noStream = new Option<bool>("--no-stream") { Description = "Wait for the whole answer, then print it." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead: text, model, usage, finish reason and cost (null when unknown)." };
        var cost = new Option<bool>("--cost") { Description = "Print the call's cost at the catalog's list prices after the usage line." };
        var command = new Command("chat", "Send one prompt; print the answer, then one line of token usage. Credential: the stored OAuth sign-in of the provider's " +
            "configured profile, else its key variable, else the built-in emulator answers offline.")
        {
            prompt, system, temperature, maxTokens, stream, noStream, json, cost,
        };
        connection.AddTo(command);
        command.Validators.Add(result =>
        {
            if (Given(result, stream) && Given(result, noStream))
            {
                result.AddError("--stream and --no-stream conflict: give one.");
            }

            if (Given(result, json) && Given(result, stream))
            {
                result.AddError("--json and --stream conflict: --json prints one object once the answer is complete.");
            }

            if (result.GetResult(temperature)?.GetValueOrDefault<float?>() is { } t && !(t >= 0))
            {
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"--temperature {t} is negative; use 0 or more."));
            }

            if (result.GetResult(maxTokens)?.GetValueOrDefault<int?>() is { } max && max <= 0)
            {
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"--max-tokens {max} is not a positive number of tokens."));
            }
        });
        command.SetAction((parse, cancellationToken) =>
        {
            var request = new ChatRequest(
                parse.GetValue(prompt) ?? string.Empty,
                connection.Read(parse, context.GetEnvironmentVariable(ConnectionOptions.ModelVariable) ?? "openai"),
                parse.GetValue(system),
                parse.GetValue(temperature),
                parse.GetValue(maxTokens),
                Streaming: !parse.GetValue(noStream) && !parse.GetValue(json),
                Json: parse.GetValue(json),
                Cost: parse.GetValue(cost));
            return CommandRunner.RunAsync(
                context,
                request.Connection.Timeout,
                token => ChatSession.RunAsync(context, request, token),
                cancellationToken,
                ProviderConnection.Describe(request.Connection));
        });
        return command;
    }

    private static bool Given(CommandResult result, Option option) => result.GetResult(option) is { Implicit: false };
}

/// <summary>Everything <c>chat</c> was asked to do.</summary>
internal sealed record ChatRequest(
    string Prompt,
    ConnectionRequest Connection,
    string? System,
    float? Temperature,
    int? MaxTokens,
    bool Streaming,
    bool Json,
    bool Cost);
