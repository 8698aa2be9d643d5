using System.Collections.Generic;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using LlmAdapters.Cli.Connection;
using LlmAdapters.Middleware;
using Microsoft.Extensions.AI;
using Spectre.Console;

namespace LlmAdapters.Cli.Commands;

/// <summary>One <c>chat</c> call: connect, send, print the answer (streamed or whole) and the usage, cost or JSON lines.</summary>
internal static class ChatSession
{
    public static async Task<int> RunAsync(CliContext context, ChatRequest request, CancellationToken cancellationToken)
    {
        var connection = await ProviderConnection.OpenAsync(context, request.Connection, embeddings: false, cancellationToken).ConfigureAwait(false);
        await using var disposeConnection = connection.ConfigureAwait(false);
        using var client = connection.CreateChatClient();
        List<ChatMessage> messages = [];
        if (!string.IsNullOrWhiteSpace(request.System))
        {
            messages.Add(new ChatMessage(ChatRole.System, request.System));
        }

        messages.Add(new ChatMessage(ChatRole.User, request.Prompt));
        var options = new ChatOptions { Temperature = request.Temperature, MaxOutputTokens = request.MaxTokens };
        var waiting = $"Waiting for {connection.Target} ({connection.Spec.Model})…";
        var response = request.Streaming
            ? await StreamAsync(context, client, messages, options, waiting, cancellationToken).ConfigureAwait(false)
            : await Spinner.WhileAsync(context, waiting, () => client.GetResponseAsync(messages, options, cancellationToken)).ConfigureAwait(false);

        var modelId = response.ModelId ?? connection.Spec.Model;
        var cost = request.Json || request.Cost ? CallCost.Calculate(connection.Spec.Provider, modelId, response.Usage) : null;
        if (request.Json)
        {
            await JsonOutput.WriteAsync(context, Json(response, connection, modelId, cost)).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        if (!request.Streaming)
        {
            await context.Output.WriteLineAsync(response.Text).ConfigureAwait(false);
        }

        context.Out.MarkupLine($"[grey]{Markup.Escape($"{UsageLine.Format(response.Usage)} · {connection.Spec.Provider}:{modelId}")}[/]");
        if (request.Cost)
        {
            var line = cost is null
                ? $"cost: unknown, the catalog has no price for {connection.Spec.Provider}:{modelId}"
                : CallCost.Line(cost) + (connection.OfflineReason is null ? string.Empty : " (offline: nothing was billed)");
            context.Out.MarkupLine($"[grey]{Markup.Escape(line)}[/]");
        }

        return ExitCodes.Success;
    }

    private static async Task<ChatResponse> StreamAsync(
        CliContext context, IChatClient client, List<ChatMessage> messages, ChatOptions options, string waiting, CancellationToken cancellationToken)
    {
        List<ChatResponseUpdate> updates = [];
        var updatesStream = client.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        await using (updatesStream.ConfigureAwait(false))
        {
            try
            {
                // The spinner turns until the first text arrives; the answer then streams onto a clean line.
                var more = await Spinner.WhileAsync(context, waiting, async () =>
                {
                    while (await updatesStream.MoveNextAsync().ConfigureAwait(false))
                    {
                        updates.Add(updatesStream.Current);
                        if (updatesStream.Current.Text.Length > 0)
                        {
                            return true;
                        }
                    }

                    return false;
                }).ConfigureAwait(false);
                if (more)
                {
                    await WriteAsync(context, updatesStream.Current.Text, cancellationToken).ConfigureAwait(false);
                    while (await updatesStream.MoveNextAsync().ConfigureAwait(false))
                    {
                        updates.Add(updatesStream.Current);
                        await WriteAsync(context, updatesStream.Current.Text, cancellationToken).ConfigureAwait(false);
                    }
                }
            }
            finally
            {
                // Whatever arrived stays on screen; the next line (usage or error) starts on its own line.
                await context.Output.WriteLineAsync().ConfigureAwait(false);
            }
        }

        return updates.ToChatResponse();
    }

    private static async Task WriteAsync(CliContext context, string text, CancellationToken cancellationToken)
    {
        if (text.Length > 0)
        {
            await context.Output.WriteAsync(text).ConfigureAwait(false);
            await context.Output.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static JsonObject Json(ChatResponse response, ProviderConnection connection, string modelId, CostBreakdown? cost)
    {
        var usage = response.Usage;
        return new JsonObject
        {
            ["text"] = response.Text,
            ["model"] = $"{connection.Spec.Provider}:{modelId}",
            ["finishReason"] = response.FinishReason?.Value,
            ["usage"] = usage is null ? null : new JsonObject
            {
                ["inputTokens"] = usage.InputTokenCount,
                ["outputTokens"] = usage.OutputTokenCount,
                ["totalTokens"] = usage.TotalTokenCount ?? (usage.InputTokenCount + usage.OutputTokenCount),
                ["cachedInputTokens"] = usage.CachedInputTokenCount,
                ["reasoningTokens"] = usage.ReasoningTokenCount,
            },
            ["cost"] = cost is null ? null : CallCost.Json(cost),
            ["offline"] = connection.OfflineReason is not null,
        };
    }
}
