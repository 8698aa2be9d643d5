using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LlmAdapters.OpenAI.Responses.Wire;
using LlmAdapters.Providers;
using Microsoft.Extensions.AI;

namespace LlmAdapters.OpenAI.Responses;

/// <summary>Maps a Responses response object, and each of its output items, to MEAI types (pure; no I/O). The stream mapper
/// uses the same item mapping for <c>response.output_item.done</c>, so both paths say the same thing.</summary>
internal static class OpenAIResponsesResponseMapper
{
    /// <summary>Maps a whole response. A <c>failed</c> response has already been turned into an exception by the protocol.</summary>
    public static ChatResponse FromWireResponse(OpenAIResponsesResponse wire, bool storeRequested)
    {
        Throw.IfNull(wire);
        var contents = new List<AIContent>();
        var sawFunctionCall = false;
        if (wire.Output is { } output)
        {
            foreach (var item in output)
            {
                sawFunctionCall |= item.Type == "function_call";
                AddItemContents(contents, item, item, includeText: true);
            }
        }

        var message = new ChatMessage(ChatRole.Assistant, contents) { MessageId = wire.Id, RawRepresentation = wire };
        var response = new ChatResponse(message)
        {
            ResponseId = wire.Id,
            ConversationId = ConversationId(wire, storeRequested),
            ModelId = wire.Model,
            CreatedAt = wire.CreatedAt is { } created ? WireValues.UnixSeconds(created) : null,
            FinishReason = ToFinishReason(wire, sawFunctionCall),
            RawRepresentation = wire,
        };
        if (wire.Usage is { } usage)
        {
            response.Usage = ToUsage(usage);
        }

        if (wire.ServiceTier is { } tier)
        {
            response.AdditionalProperties = new() { [OpenAIPropertyKeys.ServiceTier] = tier };
        }

        return response;
    }

    /// <summary>The id to continue from: the response id, unless the response was not stored (then there is nothing to continue).</summary>
    public static string? ConversationId(OpenAIResponsesResponse wire, bool storeRequested) =>
        storeRequested && wire.Store != false ? wire.Id : null;

    /// <summary>What an output item says, as MEAI contents. <paramref name="raw"/> becomes every content's <c>RawRepresentation</c>
    /// (the item itself, or the stream event that carried it); text and refusals are skipped on the stream path, whose deltas carried them.</summary>
    public static void AddItemContents(List<AIContent> contents, OpenAIResponsesItem item, object raw, bool includeText)
    {
        switch (item.Type)
        {
            case "message":
                if (includeText && item.Content is { } parts)
                {
                    foreach (var part in parts)
                    {
                        AddMessagePart(contents, part);
                    }
                }

                break;
            case "reasoning":
                contents.Add(new TextReasoningContent(includeText ? ReasoningText(item) : string.Empty)
                {
                    ProtectedData = item.EncryptedContent,
                    RawRepresentation = raw,
                });
                break;
            case "function_call":
                contents.Add(OpenAIResponseMapper.ToFunctionCall(item.CallId ?? item.Id ?? string.Empty, item.Name ?? string.Empty, item.Arguments, raw));
                break;
            default:
                OpenAIResponsesHostedToolMapper.AddHostedToolContents(contents, item, raw);
                break;
        }
    }

    public static void AddMessagePart(List<AIContent> contents, OpenAIResponsesPart part)
    {
        switch (part.Type)
        {
            case "output_text":
                var text = new TextContent(part.Text ?? string.Empty) { RawRepresentation = part };
                if (part.Annotations is { Count: > 0 } annotations)
                {
                    text.Annotations = [.. annotations.Select(ToCitation)];
                }

                contents.Add(text);
                break;
            case "refusal":
                contents.Add(new ErrorContent(part.Refusal ?? string.Empty) { ErrorCode = "refusal", RawRepresentation = part });
                break;
            default:
                contents.Add(new AIContent { RawRepresentation = part });
                break;
        }
    }

    public static CitationAnnotation ToCitation(OpenAIResponsesAnnotation annotation)
    {
        var citation = new CitationAnnotation
        {
            Url = annotation.Url is { } url && Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri : null,
            Title = annotation.Title ?? annotation.Filename,
            FileId = annotation.FileId,
            RawRepresentation = annotation,
        };
        if (annotation.StartIndex is { } start && annotation.EndIndex is { } end)
        {
            citation.AnnotatedRegions = [new TextSpanAnnotatedRegion { StartIndex = start, EndIndex = end }];
        }

        return citation;
    }

    /// <summary>No finish_reason on the wire: incomplete responses say why in <c>incomplete_details.reason</c>; otherwise a
    /// response that called a function stopped for tool calls.</summary>
    public static ChatFinishReason? ToFinishReason(OpenAIResponsesResponse wire, bool sawFunctionCall)
    {
        if (wire.Status == "incomplete")
        {
            return wire.IncompleteDetails?.Reason switch
            {
                "max_output_tokens" => ChatFinishReason.Length,
                "content_filter" => ChatFinishReason.ContentFilter,
                null => ChatFinishReason.Length,
                var other => WireValues.FinishReason(other),
            };
        }

        return sawFunctionCall ? ChatFinishReason.ToolCalls : ChatFinishReason.Stop;
    }

    /// <summary>Input includes cached tokens and output includes reasoning tokens, as in MEAI: copied as they are.</summary>
    public static UsageDetails ToUsage(OpenAIResponsesUsage usage)
    {
        var details = new UsageDetails
        {
            InputTokenCount = usage.InputTokens,
            OutputTokenCount = usage.OutputTokens,
            TotalTokenCount = usage.TotalTokens ?? (usage.InputTokens + usage.OutputTokens),
            CachedInputTokenCount = usage.InputTokensDetails?.CachedTokens,
            ReasoningTokenCount = usage.OutputTokensDetails?.ReasoningTokens,
        };
        if (usage.InputTokensDetails?.CacheWriteTokens is > 0 and { } write)
        {
            (details.AdditionalCounts ??= [])[AdditionalPropertyKeys.CacheWriteInputTokens] = write;
        }

        return details;
    }

    /// <summary>The error a <c>failed</c> response or an <c>error</c> event carries, with the kind its code implies.</summary>
    public static ProviderErrorInfo ToErrorInfo(string? type, string? code, string? message, string? param)
    {
        ProviderErrorKind? kind = code switch
        {
            "rate_limit_exceeded" => ProviderErrorKind.RateLimited,
            "insufficient_quota" => ProviderErrorKind.QuotaExceeded,
            "server_error" or "model_error" => ProviderErrorKind.Server,
            "context_length_exceeded" => ProviderErrorKind.ContextLengthExceeded,
            "content_filter" => ProviderErrorKind.ContentFiltered,
            "invalid_prompt" or "invalid_request" or "invalid_request_error" => ProviderErrorKind.InvalidRequest,
            _ => null,
        };
        return new ProviderErrorInfo(type, code, message ?? "The response failed.", param, kind);
    }

    private static string ReasoningText(OpenAIResponsesItem item)
    {
        var parts = item.Summary is { Count: > 0 } summary ? summary : item.Content;
        if (parts is not { Count: > 0 })
        {
            return string.Empty;
        }

        if (parts.Count == 1)
        {
            return parts[0].Text ?? string.Empty;
        }

        var text = new StringBuilder();
        foreach (var part in parts)
        {
            text.Append(part.Text);
        }

        return text.ToString();
    }

    internal static Dictionary<string, object?>? ParseArguments(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(json, OpenAIResponsesJsonContext.Default.DictionaryStringObject);
        }
        catch (JsonException)
        {
            return new() { ["arguments"] = json };
        }
    }

    internal static string? AsText(JsonNode? node) => node switch
    {
        null => null,
        JsonValue value when value.TryGetValue<string>(out var s) => s,
        _ => node.ToJsonString(),
    };
}
