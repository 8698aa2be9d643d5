using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;

namespace LlmAdapters.Testing.Dialects.Ollama;

/// <summary><c>POST /api/chat</c>: the whole answer, or NDJSON lines ending with the <c>done: true</c> line.</summary>
public sealed partial class OllamaDialect
{
    // Fixed timings, in nanoseconds as the server reports them.
    private const long TotalDuration = 182242375;
    private const long LoadDuration = 41295167;
    private const long PromptEvalDuration = 24573166;
    private const long EvalDuration = 115959084;

    private static string ChatWholeBody(EmulatorExchange exchange, ScriptedReply reply, string model) =>
        WholeBody(reply, model, CreatedAt(exchange.Emulator.TimeProvider), Usage(reply, exchange.Request));

    private static IEnumerable<string> ChatStreamLines(EmulatorExchange exchange, ScriptedReply reply, string model) =>
        StreamLines(reply, model, CreatedAt(exchange.Emulator.TimeProvider), Usage(reply, exchange.Request));

    private static string WholeBody(ScriptedReply reply, string model, string createdAt, (int Input, int Output) usage)
    {
        var message = new JsonObject { ["role"] = "assistant", ["content"] = string.Concat(reply.Parts.Where(IsText).Select(p => p.Text)) };
        var thinking = string.Concat(reply.Parts.Where(p => p.Kind == ScriptedPartKind.Reasoning).Select(p => p.Text));
        if (thinking.Length > 0)
        {
            message["thinking"] = thinking;
        }

        var calls = ToolCalls(reply, reply.Parts.Where(p => p.Kind == ScriptedPartKind.ToolCall), 0);
        if (calls.Count > 0)
        {
            message["tool_calls"] = calls;
        }

        return Final(reply, model, createdAt, usage, message).ToJsonString();
    }

    private static IEnumerable<string> StreamLines(ScriptedReply reply, string model, string createdAt, (int Input, int Output) usage)
    {
        var errorAfter = reply.Properties.TryGetValue(StreamErrorAfterProperty, out var e) && e is int n ? n : (int?)null;
        var count = 0;
        foreach (var line in AllLines(reply, model, createdAt, usage))
        {
            if (count == errorAfter)
            {
                yield return new JsonObject { ["error"] = reply.ErrorMessage ?? "an error was encountered while running the model" }.ToJsonString() + "\n";
                yield break;
            }

            yield return line;
            count++;
        }
    }

    private static IEnumerable<string> AllLines(ScriptedReply reply, string model, string createdAt, (int Input, int Output) usage)
    {
        var callIndex = 0;
        foreach (var part in reply.Parts)
        {
            switch (part.Kind)
            {
                case ScriptedPartKind.Reasoning:
                    foreach (var piece in reply.Split(part.Text ?? string.Empty))
                    {
                        yield return Line(model, createdAt, new JsonObject { ["role"] = "assistant", ["content"] = string.Empty, ["thinking"] = piece });
                    }

                    break;
                case ScriptedPartKind.ToolCall:
                    yield return Line(model, createdAt, new JsonObject
                    {
                        ["role"] = "assistant",
                        ["content"] = string.Empty,
                        ["tool_calls"] = ToolCalls(reply, [part], callIndex++),
                    });
                    break;
                case ScriptedPartKind.RedactedReasoning or ScriptedPartKind.ProviderBlock:
                    break;
                default:
                    foreach (var piece in reply.Split(part.Text ?? string.Empty))
                    {
                        yield return Line(model, createdAt, new JsonObject { ["role"] = "assistant", ["content"] = piece });
                    }

                    break;
            }
        }

        if (!reply.OmitStreamTerminator)
        {
            yield return Final(reply, model, createdAt, usage, new JsonObject { ["role"] = "assistant", ["content"] = string.Empty }).ToJsonString() + "\n";
        }
    }

    private static string Line(string model, string createdAt, JsonObject message) =>
        new JsonObject { ["model"] = model, ["created_at"] = createdAt, ["message"] = message, ["done"] = false }.ToJsonString() + "\n";

    private static JsonObject Final(ScriptedReply reply, string model, string createdAt, (int Input, int Output) usage, JsonObject message)
    {
        var final = new JsonObject
        {
            ["model"] = model,
            ["created_at"] = createdAt,
            ["message"] = message,
            ["done"] = true,
            ["done_reason"] = reply.FinishReason ?? "stop",
            ["total_duration"] = TotalDuration,
            ["load_duration"] = LoadDuration,
        };

        // Counts of zero are left out, as the server's omitempty does.
        if (usage.Input > 0)
        {
            final["prompt_eval_count"] = usage.Input;
        }

        final["prompt_eval_duration"] = PromptEvalDuration;
        if (usage.Output > 0)
        {
            final["eval_count"] = usage.Output;
        }

        final["eval_duration"] = EvalDuration;
        return final;
    }

    private static JsonArray ToolCalls(ScriptedReply reply, IEnumerable<ScriptedPart> parts, int firstIndex)
    {
        var omitIds = reply.Properties.TryGetValue(OmitToolCallIdsProperty, out var o) && o is true;
        var calls = new JsonArray();
        var index = firstIndex;
        foreach (var part in parts)
        {
            var call = new JsonObject();
            if (!omitIds && !string.IsNullOrEmpty(part.CallId))
            {
                call["id"] = part.CallId;
            }

            call["function"] = new JsonObject
            {
                ["index"] = index++,
                ["name"] = part.Name,
                ["arguments"] = JsonNode.Parse(string.IsNullOrWhiteSpace(part.ArgumentsJson) ? "{}" : part.ArgumentsJson),
            };
            calls.Add(call);
        }

        return calls;
    }

    private static bool IsText(ScriptedPart part) => part.Kind is ScriptedPartKind.Text or ScriptedPartKind.Refusal;

    private static (int Input, int Output) Usage(ScriptedReply reply, CapturedRequest request) =>
        reply.Usage is { } usage
            ? (usage.InputTokens, usage.OutputTokens)
            : (Math.Max(1, request.Body.Length / 4), Math.Max(1, reply.Parts.Sum(p => (p.Text?.Length ?? 0) + (p.ArgumentsJson?.Length ?? 0)) / 4));

    /// <summary>RFC 3339 with nanoseconds, as the server writes <c>created_at</c>.</summary>
    private static string CreatedAt(TimeProvider clock) =>
        clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture) + "42Z";
}
