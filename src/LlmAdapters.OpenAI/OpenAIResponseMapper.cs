using System.Text;
using System.Text.Json;
using LlmAdapters.OpenAI.Wire;
using Microsoft.Extensions.AI;

namespace LlmAdapters.OpenAI;

/// <summary>Maps a non-streaming Chat Completions response to a <see cref="ChatResponse"/> (pure; no I/O).</summary>
internal static class OpenAIResponseMapper
{
    public static ChatResponse FromWireResponse(ChatCompletionResponse wire, OpenAICompatibility compat, string providerName)
    {
        Throw.IfNull(wire);
        var message = new ChatMessage(ChatRole.Assistant, new List<AIContent>()) { MessageId = wire.Id };
        ChatFinishReason? finish = null;
        AdditionalPropertiesDictionary? props = null;
        if (wire.Choices is { Count: > 0 } choices)
        {
            var choice = choices[0];
            finish = ToFinishReason(choice.FinishReason);
            if (choice.Message is { } m)
            {
                AddContents(message.Contents, m);
            }

            if (choice.Logprobs is { ValueKind: JsonValueKind.Object } logprobs)
            {
                (props ??= []).Add(OpenAIPropertyKeys.Logprobs, logprobs);
            }
        }

        var response = new ChatResponse(message)
        {
            ResponseId = wire.Id,
            ModelId = wire.Model,
            CreatedAt = wire.Created is { } created and > 0 ? DateTimeOffset.FromUnixTimeSeconds(created) : null,
            FinishReason = finish,
            RawRepresentation = wire,
        };
        message.RawRepresentation = wire.Choices is { Count: > 0 } c ? c[0] : null;
        if (wire.Usage is { } usage)
        {
            response.Usage = ToUsage(usage, compat);
            if (usage.Cost is { } cost)
            {
                (props ??= []).Add(AdditionalPropertyKeys.ProviderReportedCost, cost);
            }
        }

        if (wire.ServiceTier is not null)
        {
            (props ??= []).Add(OpenAIPropertyKeys.ServiceTier, wire.ServiceTier);
        }

        response.AdditionalProperties = props;
        message.AdditionalProperties = new AdditionalPropertiesDictionary { [AdditionalPropertyKeys.OriginProvider] = providerName };
        return response;
    }

    public static void AddContents(IList<AIContent> contents, WireMessage m)
    {
        var reasoningText = !string.IsNullOrEmpty(m.ReasoningContent) ? m.ReasoningContent : m.Reasoning;
        if (!string.IsNullOrEmpty(reasoningText) || m.ReasoningDetails is { ValueKind: JsonValueKind.Array })
        {
            contents.Add(new TextReasoningContent(reasoningText ?? string.Empty)
            {
                ProtectedData = m.ReasoningDetails is { ValueKind: JsonValueKind.Array } d ? d.GetRawText() : null,
                RawRepresentation = m,
            });
        }

        if (m.Content is { } content)
        {
            if (content.Text is { Length: > 0 } text)
            {
                contents.Add(new TextContent(text) { RawRepresentation = m });
            }
            else if (content.Parts is { } parts)
            {
                foreach (var part in parts)
                {
                    contents.Add(FromPart(part));
                }
            }
        }

        if (!string.IsNullOrEmpty(m.Refusal))
        {
            contents.Add(new ErrorContent(m.Refusal) { ErrorCode = "refusal", RawRepresentation = m });
        }

        if (m.ToolCalls is { } calls)
        {
            foreach (var call in calls)
            {
                contents.Add(ToFunctionCall(call.Id ?? string.Empty, call.Function?.Name ?? string.Empty, call.Function?.Arguments, call));
            }
        }
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
        null or "" => null,
        "stop" => ChatFinishReason.Stop,
        "length" or "model_length" => ChatFinishReason.Length,
        "tool_calls" or "function_call" => ChatFinishReason.ToolCalls,
        "content_filter" => ChatFinishReason.ContentFilter,
        _ => new ChatFinishReason(reason),
    };

    public static UsageDetails ToUsage(WireUsage usage, OpenAICompatibility compat)
    {
        var reasoning = usage.CompletionTokensDetails?.ReasoningTokens;
        var output = usage.CompletionTokens;
        if (compat.ReasoningTokensExcludedFromCompletion && reasoning is { } r && output is { } o)
        {
            // xAI counts reasoning outside completion_tokens; MEAI counts it inside the output.
            output = o + r;
        }

        var details = new UsageDetails
        {
            InputTokenCount = usage.PromptTokens,
            OutputTokenCount = output,
            TotalTokenCount = usage.TotalTokens ?? (usage.PromptTokens + output),
            CachedInputTokenCount = usage.PromptTokensDetails?.CachedTokens ?? usage.PromptCacheHitTokens,
            ReasoningTokenCount = reasoning,
        };
        if (usage.PromptTokensDetails?.CacheWriteTokens is { } write)
        {
            (details.AdditionalCounts ??= [])[AdditionalPropertyKeys.CacheWriteInputTokens] = write;
        }

        if (usage.PromptTokensDetails?.AudioTokens is > 0 and { } audioIn)
        {
            (details.AdditionalCounts ??= [])[AdditionalPropertyKeys.AudioInputTokens] = audioIn;
        }

        if (usage.CompletionTokensDetails?.AudioTokens is > 0 and { } audioOut)
        {
            (details.AdditionalCounts ??= [])[AdditionalPropertyKeys.AudioOutputTokens] = audioOut;
        }

        return details;
    }

    private static AIContent FromPart(WirePart part)
    {
        switch (part.Type)
        {
            case "text" when part.Text is not null:
                return new TextContent(part.Text) { RawRepresentation = part };
            case "refusal" when part.Refusal is not null:
                return new ErrorContent(part.Refusal) { ErrorCode = "refusal", RawRepresentation = part };
            case "thinking" when part.Thinking is { } thinking:
                var sb = new StringBuilder();
                foreach (var t in thinking)
                {
                    sb.Append(t.Text);
                }

                return new TextReasoningContent(sb.ToString()) { RawRepresentation = part };
            default:
                return new AIContent { RawRepresentation = part };
        }
    }

    private static Dictionary<string, object?>? ParseArguments(string json) =>
        JsonSerializer.Deserialize(json, OpenAIJsonContext.Default.DictionaryStringObject);
}
