using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using LlmAdapters.Anthropic.Wire;
using LlmAdapters.Providers;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Anthropic;

/// <summary>Messages API response → <see cref="ChatResponse"/> (pure; no I/O). Shared pieces (usage, stop reason,
/// content blocks) are also used by the stream mapper.</summary>
internal static partial class AnthropicResponseMapper
{
    public static ChatResponse FromWireResponse(MessagesResponse response, string? structuredOutputTool)
    {
        ArgumentNullException.ThrowIfNull(response);
        var contents = new List<AIContent>(response.Content?.Count ?? 0);
        foreach (var block in response.Content ?? [])
        {
            // "content":[null] is valid JSON with nothing in it: skipped.
            if (block is null)
            {
                continue;
            }

            contents.Add(FromBlock(block, structuredOutputTool));
        }

        var message = new ChatMessage(ChatRole.Assistant, contents)
        {
            MessageId = response.Id,
            RawRepresentation = response,
        };

        var chat = new ChatResponse(message)
        {
            ResponseId = response.Id,
            ModelId = response.Model,
            FinishReason = ToFinishReason(response.StopReason, structuredOutputTool is not null),
            Usage = response.Usage is { } usage ? ToUsage(usage) : null,
            RawRepresentation = response,
        };

        if (response.StopSequence is { } stopSequence)
        {
            (chat.AdditionalProperties ??= [])[AnthropicPropertyKeys.StopSequence] = stopSequence;
        }

        return chat;
    }

    /// <summary>One response content block → one <see cref="AIContent"/>; unknown blocks are kept raw, never dropped.</summary>
    public static AIContent FromBlock(ResponseBlock block, string? structuredOutputTool)
    {
        switch (block.Type)
        {
            case "text":
                var text = new TextContent(block.Text) { RawRepresentation = block };
                if (block.Citations is { Count: > 0 } citations)
                {
                    text.Annotations = [.. citations.Select(ToCitation)];
                }

                return text;

            case "thinking":
                return Reasoning(block.Thinking ?? string.Empty, block.Signature, redacted: false, block);

            case "redacted_thinking":
                return Reasoning(string.Empty, block.Data, redacted: true, block);

            case "tool_use" when block.Name == structuredOutputTool && structuredOutputTool is not null:
                // Structured output through a forced tool call: the tool input is the answer.
                return new TextContent(block.Input?.GetRawText() ?? "{}") { RawRepresentation = block };

            case "tool_use":
                return new FunctionCallContent(block.Id ?? string.Empty, block.Name ?? string.Empty, ToArguments(block.Input))
                {
                    RawRepresentation = block,
                };

            default:
                // Server-tool blocks become Microsoft.Extensions.AI's tool contents; what it has no type for stays raw.
                return FromServerToolBlock(block) ?? new AIContent { RawRepresentation = block };
        }
    }

    public static TextReasoningContent Reasoning(string text, string? protectedData, bool redacted, object raw)
    {
        var content = new TextReasoningContent(text) { ProtectedData = protectedData, RawRepresentation = raw };
        content.AdditionalProperties = redacted
            ? new() { [AnthropicPropertyKeys.RedactedThinking] = true, [AdditionalPropertyKeys.OriginProvider] = AnthropicChatClient.ProviderName }
            : new() { [AdditionalPropertyKeys.OriginProvider] = AnthropicChatClient.ProviderName };
        return content;
    }

    public static Dictionary<string, object?> ToArguments(JsonElement? input)
    {
        var arguments = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (input is { ValueKind: JsonValueKind.Object } obj)
        {
            foreach (var property in obj.EnumerateObject())
            {
                arguments[property.Name] = property.Value;
            }
        }

        return arguments;
    }

    public static CitationAnnotation ToCitation(JsonElement citation)
    {
        var annotation = new CitationAnnotation { RawRepresentation = citation };
        if (citation.ValueKind != JsonValueKind.Object)
        {
            return annotation;
        }

        foreach (var property in citation.EnumerateObject())
        {
            switch (property.Name)
            {
                case "cited_text" when property.Value.ValueKind == JsonValueKind.String:
                    annotation.Snippet = property.Value.GetString();
                    break;
                case "document_title" or "title" when property.Value.ValueKind == JsonValueKind.String:
                    annotation.Title = property.Value.GetString();
                    break;
                case "url" when property.Value.ValueKind == JsonValueKind.String
                    && Uri.TryCreate(property.Value.GetString(), UriKind.Absolute, out var url):
                    annotation.Url = url;
                    break;
                case "file_id" when property.Value.ValueKind == JsonValueKind.String:
                    annotation.FileId = property.Value.GetString();
                    break;
            }
        }

        return annotation;
    }

    public static ChatFinishReason? ToFinishReason(string? stopReason, bool structuredOutput) => stopReason switch
    {
        "end_turn" or "stop_sequence" => ChatFinishReason.Stop,
        "max_tokens" or "model_context_window_exceeded" => ChatFinishReason.Length,
        "tool_use" => structuredOutput ? ChatFinishReason.Stop : ChatFinishReason.ToolCalls,
        "refusal" => ChatFinishReason.ContentFilter,
        _ => WireValues.FinishReason(stopReason),
    };

    /// <summary>Anthropic's usage → the MEAI contract: input counts cache reads and writes too
    /// (<c>input_tokens</c> is only the uncached remainder), cache reads are the cached subset.</summary>
    public static UsageDetails ToUsage(WireUsage usage) =>
        ToUsage(
            usage.InputTokens,
            usage.OutputTokens,
            usage.CacheReadInputTokens,
            usage.CacheCreationInputTokens,
            usage.CacheCreation?.Ephemeral5mInputTokens,
            usage.CacheCreation?.Ephemeral1hInputTokens,
            usage.OutputTokensDetails?.ThinkingTokens);

    public static UsageDetails ToUsage(int? input, int? output, int? cacheRead, int? cacheWrite, int? cacheWrite5m, int? cacheWrite1h, int? thinking)
    {
        long? totalInput = input is null && cacheRead is null && cacheWrite is null
            ? null
            : (long)(input ?? 0) + (cacheRead ?? 0) + (cacheWrite ?? 0);
        var details = new UsageDetails
        {
            InputTokenCount = totalInput,
            OutputTokenCount = output,
            TotalTokenCount = totalInput is null && output is null ? null : (totalInput ?? 0) + (output ?? 0),
            CachedInputTokenCount = cacheRead,
            ReasoningTokenCount = thinking,
        };

        // Zero writes (the common case) add no counts: absent means none were written.
        if (cacheWrite > 0 || cacheWrite5m > 0 || cacheWrite1h > 0)
        {
            var counts = new AdditionalPropertiesDictionary<long>
            {
                [AdditionalPropertyKeys.CacheWriteInputTokens] = cacheWrite ?? ((cacheWrite5m ?? 0) + (cacheWrite1h ?? 0)),
            };
            if (cacheWrite5m is { } fiveMinutes)
            {
                counts[AdditionalPropertyKeys.CacheWrite5mInputTokens] = fiveMinutes;
            }

            if (cacheWrite1h is { } oneHour)
            {
                counts[AdditionalPropertyKeys.CacheWrite1hInputTokens] = oneHour;
            }

            details.AdditionalCounts = counts;
        }

        return details;
    }
}
