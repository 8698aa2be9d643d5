using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using LlmAdapters.Ollama.Wire;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Ollama;

/// <summary><c>/api/chat</c> response → <see cref="ChatResponse"/> (pure; no I/O). The pieces (tool calls, usage, finish reason,
/// durations) are shared with the stream mapper, so both paths say the same.</summary>
internal static class OllamaResponseMapper
{
    /// <summary>Maps a whole response. Ollama assigns no id, so <paramref name="responseId"/> (made up by the protocol) becomes the
    /// response's and the message's id, as it does for every update of a stream.</summary>
    public static ChatResponse FromWireResponse(OllamaChatResponse response, string responseId)
    {
        ArgumentNullException.ThrowIfNull(response);
        var contents = new List<AIContent>();
        var message = response.Message;
        if (!string.IsNullOrEmpty(message?.Thinking))
        {
            contents.Add(Reasoning(message.Thinking, response));
        }

        if (!string.IsNullOrEmpty(message?.Content))
        {
            contents.Add(new TextContent(message.Content) { RawRepresentation = response });
        }

        var calls = message?.ToolCalls;
        for (var i = 0; i < (calls?.Count ?? 0); i++)
        {
            contents.Add(ToFunctionCall(calls![i], i, response));
        }

        var chat = new ChatResponse(new ChatMessage(ChatRole.Assistant, contents) { MessageId = responseId, RawRepresentation = response })
        {
            ResponseId = responseId,
            ModelId = response.Model,
            CreatedAt = ParseTime(response.CreatedAt),
            FinishReason = ToFinishReason(response.DoneReason, calls is { Count: > 0 }),
            Usage = ToUsage(response),
            RawRepresentation = response,
        };

        AddDurations(chat.AdditionalProperties ??= [], response);
        return chat;
    }

    /// <summary>A new response id: <c>ochat_</c> and 32 hex digits. Ollama sends none; one per response lets a stream's updates
    /// aggregate into one message that carries what the engine stamps on the first update.</summary>
    public static string NewResponseId() => "ochat_" + Guid.NewGuid().ToString("N");

    public static TextReasoningContent Reasoning(string text, object raw) => new(text)
    {
        RawRepresentation = raw,
        AdditionalProperties = new() { [AdditionalPropertyKeys.OriginProvider] = OllamaConstants.ProviderName },
    };

    /// <summary>
    /// A whole tool call → <see cref="FunctionCallContent"/>. Ollama may send no <c>id</c>; then one is made up that is stable —
    /// the same for the same call on both paths and on a repeated request: <c>ocall_{index}_{hash}</c>, where index is the
    /// call's <c>function.index</c> (else its position among the calls) and hash is the FNV-1a hash, in eight hex digits, of the
    /// name and the arguments' JSON text. It is sent back as <c>tool_call_id</c> with the result.
    /// </summary>
    public static FunctionCallContent ToFunctionCall(OllamaToolCall call, int position, object raw)
    {
        var name = call.Function?.Name ?? string.Empty;
        var arguments = call.Function?.Arguments;
        var id = string.IsNullOrEmpty(call.Id) ? SyntheticCallId(call.Function?.Index ?? position, name, arguments) : call.Id;
        var content = new FunctionCallContent(id, name, ToArguments(arguments)) { RawRepresentation = raw };
        if (arguments is { ValueKind: not (JsonValueKind.Object or JsonValueKind.Null or JsonValueKind.Undefined) } other)
        {
            content.Exception = new InvalidOperationException($"The arguments Ollama sent for '{name}' are not a JSON object but a {other.ValueKind}.");
        }

        return content;
    }

    public static string SyntheticCallId(int index, string name, JsonElement? arguments)
    {
        var hash = 2166136261u;
        Mix(ref hash, name);
        hash = (hash ^ 0u) * 16777619u;
        Mix(ref hash, arguments is { } a ? a.GetRawText() : string.Empty);
        return string.Create(CultureInfo.InvariantCulture, $"ocall_{index}_{hash:x8}");

        static void Mix(ref uint hash, string text)
        {
            foreach (var c in text)
            {
                hash = (hash ^ c) * 16777619u;
            }
        }
    }

    public static Dictionary<string, object?> ToArguments(JsonElement? arguments)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (arguments is { ValueKind: JsonValueKind.Object } obj)
        {
            foreach (var property in obj.EnumerateObject())
            {
                result[property.Name] = property.Value;
            }
        }

        return result;
    }

    /// <summary><c>done_reason</c> → finish reason. Ollama has no tool-call reason: <c>stop</c> after tool calls is
    /// <see cref="ChatFinishReason.ToolCalls"/>. <c>load</c> and <c>unload</c> (a request that only loaded or unloaded the
    /// model) keep their names; an empty reason (the connection closed) is no reason.</summary>
    public static ChatFinishReason? ToFinishReason(string? doneReason, bool sawToolCalls) => doneReason switch
    {
        null or "" => sawToolCalls ? ChatFinishReason.ToolCalls : null,
        "stop" => sawToolCalls ? ChatFinishReason.ToolCalls : ChatFinishReason.Stop,
        "length" => ChatFinishReason.Length,
        _ => new ChatFinishReason(doneReason),
    };

    /// <summary>Input is <c>prompt_eval_count</c>, output <c>eval_count</c>. Both are left out when zero (a prompt served wholly
    /// from the KV cache has no <c>prompt_eval_count</c>), so on the final line a missing count is zero.</summary>
    public static UsageDetails ToUsage(OllamaChatResponse final)
    {
        long input = final.PromptEvalCount ?? 0;
        long output = final.EvalCount ?? 0;
        return new UsageDetails { InputTokenCount = input, OutputTokenCount = output, TotalTokenCount = input + output };
    }

    /// <summary>The server's timings (nanoseconds on the wire) as <see cref="TimeSpan"/>s under <see cref="OllamaPropertyKeys"/>.</summary>
    public static void AddDurations(AdditionalPropertiesDictionary properties, OllamaChatResponse final)
    {
        Add(properties, OllamaPropertyKeys.TotalDuration, final.TotalDuration);
        Add(properties, OllamaPropertyKeys.LoadDuration, final.LoadDuration);
        Add(properties, OllamaPropertyKeys.PromptEvalDuration, final.PromptEvalDuration);
        Add(properties, OllamaPropertyKeys.EvalDuration, final.EvalDuration);
    }

    internal static void Add(AdditionalPropertiesDictionary properties, string key, long? nanoseconds)
    {
        if (nanoseconds is { } ns)
        {
            properties[key] = TimeSpan.FromTicks(ns / 100);
        }
    }

    /// <summary>Parses <c>created_at</c> (RFC 3339, often with nine fractional digits, rounded to the 100 ns a
    /// <see cref="DateTimeOffset"/> holds); null when it is missing or not a time.</summary>
    public static DateTimeOffset? ParseTime(string? text) =>
        !string.IsNullOrEmpty(text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed) ? parsed : null;
}
