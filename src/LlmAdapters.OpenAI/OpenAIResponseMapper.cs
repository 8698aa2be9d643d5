using System.Collections.Generic;
using System.Text.Json;
using LlmAdapters.OpenAI.Wire;
using LlmAdapters.Providers;
using Microsoft.Extensions.AI;

namespace LlmAdapters.OpenAI;

/// <summary>Maps a non-streaming Chat Completions response to a <see cref="ChatResponse"/> (pure; no I/O).</summary>
internal static class OpenAIResponseMapper
{
    /// <summary>Maps a decoded non-streaming <c>chat.completion</c> (see <see cref="OpenAIStreamDecoder.ParseCompletion"/>).</summary>
    public static ChatResponse FromWireResponse(OpenAIStreamChunk wire, OpenAICompatibility compat)
    {
        Throw.IfNull(wire);
        var contents = new List<AIContent>(1);
        if (wire.Reasoning is { Length: > 0 } || wire.ReasoningDetails is not null)
        {
            contents.Add(new TextReasoningContent(wire.Reasoning ?? string.Empty) { ProtectedData = wire.ReasoningDetails, RawRepresentation = wire });
        }

        if (wire.Content is { Length: > 0 } text)
        {
            contents.Add(new TextContent(text) { RawRepresentation = wire });
        }

        if (wire.Refusal is { Length: > 0 } refusal)
        {
            contents.Add(new ErrorContent(refusal) { ErrorCode = "refusal", RawRepresentation = wire });
        }

        if (wire.ToolCalls is { } calls)
        {
            foreach (var call in calls)
            {
                contents.Add(ToFunctionCall(call.Id ?? string.Empty, call.Function?.Name ?? string.Empty, call.Function?.Arguments, call));
            }
        }

        var message = new ChatMessage(ChatRole.Assistant, contents)
        {
            MessageId = wire.Id,
            RawRepresentation = wire,
        };
        var response = new ChatResponse(message)
        {
            ResponseId = wire.Id,
            ModelId = wire.Model,
            CreatedAt = WireValues.UnixSeconds(wire.Created),
            FinishReason = ToFinishReason(wire.FinishReason),
            RawRepresentation = wire,
        };
        AdditionalPropertiesDictionary? props = null;
        if (wire.Usage is { } usage)
        {
            response.Usage = ToUsage(usage, compat);
            if (usage.Cost is { } cost)
            {
                (props ??= [])[AdditionalPropertyKeys.ProviderReportedCost] = cost;
            }
        }

        if (wire.Logprobs is { } logprobs)
        {
            (props ??= [])[OpenAIPropertyKeys.Logprobs] = logprobs;
        }

        if (wire.ServiceTier is not null)
        {
            (props ??= [])[OpenAIPropertyKeys.ServiceTier] = wire.ServiceTier;
        }

        response.AdditionalProperties = props;
        return response;
    }

    public static FunctionCallContent ToFunctionCall(string id, string name, string? arguments, object? raw)
    {
        var json = string.IsNullOrWhiteSpace(arguments) ? "{}" : arguments;
        var call = FunctionCallContent.CreateFromParsedArguments(json, id, name, ParseArguments);
        call.RawRepresentation = raw;
        return call;
    }

    public static ChatFinishReason? ToFinishReason(string? reason) => reason switch
    {
        "stop" => ChatFinishReason.Stop,
        "length" or "model_length" => ChatFinishReason.Length,
        "tool_calls" or "function_call" => ChatFinishReason.ToolCalls,
        "content_filter" => ChatFinishReason.ContentFilter,
        _ => WireValues.FinishReason(reason),
    };

    public static UsageDetails ToUsage(WireUsage usage, OpenAICompatibility compat)
    {
        var reasoning = usage.ReasoningTokens;
        var output = usage.CompletionTokens;
        if (reasoning is { } r and > 0 && output is { } o && ReasoningOutsideCompletion(usage, r, o, compat))
        {
            // xAI (directly or through a gateway) counts reasoning outside completion_tokens; MEAI counts it inside the output.
            output = o + r;
        }

        var details = new UsageDetails
        {
            InputTokenCount = usage.PromptTokens,
            OutputTokenCount = output,
            TotalTokenCount = usage.TotalTokens ?? (usage.PromptTokens + output),
            CachedInputTokenCount = usage.CachedTokens ?? usage.PromptCacheHitTokens,
            ReasoningTokenCount = reasoning,
        };
        if (usage.CacheWriteTokens is { } write)
        {
            (details.AdditionalCounts ??= [])[AdditionalPropertyKeys.CacheWriteInputTokens] = write;
        }

        if (usage.PromptAudioTokens is > 0 and { } audioIn)
        {
            (details.AdditionalCounts ??= [])[AdditionalPropertyKeys.AudioInputTokens] = audioIn;
        }

        if (usage.CompletionAudioTokens is > 0 and { } audioOut)
        {
            (details.AdditionalCounts ??= [])[AdditionalPropertyKeys.AudioOutputTokens] = audioOut;
        }

        return details;
    }

    /// <summary>
    /// Whether <c>reasoning_tokens</c> lie outside <c>completion_tokens</c>, decided from the arithmetic whoever the server
    /// is: <c>total == prompt + completion + reasoning</c> says outside (xAI: 1 + 290 + prompt), <c>total == prompt +
    /// completion</c> says inside (OpenAI, DeepSeek). Only when the total cannot tell does the compatibility flag decide.
    /// </summary>
    private static bool ReasoningOutsideCompletion(WireUsage usage, long reasoning, long completion, OpenAICompatibility compat)
    {
        if (usage.TotalTokens is { } total && usage.PromptTokens is { } prompt)
        {
            if (total == prompt + completion + reasoning)
            {
                return true;
            }

            if (total == prompt + completion)
            {
                return false;
            }
        }

        return compat.ReasoningTokensExcludedFromCompletion;
    }

    private static Dictionary<string, object?>? ParseArguments(string json) =>
        JsonSerializer.Deserialize(json, OpenAIJsonContext.Default.DictionaryStringObject);
}
