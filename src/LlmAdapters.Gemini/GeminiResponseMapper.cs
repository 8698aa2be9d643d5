using System;
using System.Collections.Generic;
using System.Text.Json;
using LlmAdapters.Gemini.Wire;
using LlmAdapters.Providers;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Gemini;

/// <summary><c>GenerateContentResponse</c> → <see cref="ChatResponse"/>, and the part/usage/finish mappings the stream shares. Pure.</summary>
internal static partial class GeminiResponseMapper
{
    private const string OctetStream = "application/octet-stream";

    /// <summary>Decodes a whole <c>GenerateContentResponse</c> body from its UTF-8 bytes (synchronously, from the buffered
    /// body: no per-call read-state arrays as the streaming deserializer needs).</summary>
    public static readonly Http.BodyParser<GeminiResponse> ParseBody = static body =>
        JsonSerializer.Deserialize(body, GeminiJsonContext.Default.GeminiResponse) ?? throw new JsonException("The body was the JSON literal null.");

    public static ChatResponse FromWireResponse(GeminiResponse wire, string provider, string requestedModel)
    {
        var candidate = wire.Candidates is { Count: > 0 } candidates ? candidates[0] : null;
        var contents = new List<AIContent>();
        var callIndex = 0;
        var codeIndex = 0;
        var hasCalls = false;
        AIContent?[]? byPart = null;
        if (candidate?.Content?.Parts is { } parts)
        {
            byPart = new AIContent?[parts.Count];
            for (var i = 0; i < parts.Count; i++)
            {
                if (parts[i] is not { } part)
                {
                    continue; // "parts":[null] is valid JSON with nothing in it.
                }

                var content = FromWirePart(part, wire.ResponseId, ref callIndex, ref codeIndex, provider);
                hasCalls |= content is FunctionCallContent;
                contents.Add(content);
                byPart[i] = content;
            }
        }

        if (GroundingOf(candidate) is { } grounding && byPart is not null)
        {
            AttachCitations(grounding, byPart);
        }

        var finish = FinishReasonOf(candidate?.FinishReason, hasCalls, wire.PromptFeedback?.BlockReason);
        if (BlockedContent(candidate, wire.PromptFeedback, contents.Count == 0) is { } blocked)
        {
            contents.Add(blocked);
        }

        var message = new ChatMessage(ChatRole.Assistant, contents)
        {
            MessageId = wire.ResponseId,
            RawRepresentation = candidate,
            AdditionalProperties = new() { [AdditionalPropertyKeys.OriginProvider] = provider },
        };
        return new ChatResponse(message)
        {
            ResponseId = wire.ResponseId,
            ModelId = wire.ModelVersion ?? requestedModel,
            CreatedAt = wire.CreateTime,
            FinishReason = finish,
            Usage = wire.UsageMetadata is { } usage ? UsageOf(usage) : null,
            RawRepresentation = wire,
        };
    }

    /// <summary>One Gemini part → one MEAI content; the part's <c>thoughtSignature</c> stays on the content that carried it.</summary>
    public static AIContent FromWirePart(GeminiPart part, string? responseId, ref int callIndex, string provider)
    {
        var codeIndex = 0;
        return FromWirePart(part, responseId, ref callIndex, ref codeIndex, provider);
    }

    /// <summary>One Gemini part → one MEAI content, numbering code-execution parts without ids with <paramref name="codeIndex"/>.</summary>
    public static AIContent FromWirePart(GeminiPart part, string? responseId, ref int callIndex, ref int codeIndex, string provider)
    {
        AIContent content;
        if (part.ExecutableCode is { } code)
        {
            content = CodeCallOf(code, GeneratedCodeId(responseId, code.Id, codeIndex));
            codeIndex++;
        }
        else if (part.CodeExecutionResult is { } result)
        {
            // A result answers the code just before it.
            content = CodeResultOf(result, GeneratedCodeId(responseId, result.Id, Math.Max(0, codeIndex - 1)));
        }
        else if (part.FunctionCall is { } call)
        {
            var name = call.Name ?? string.Empty;
            var id = string.IsNullOrEmpty(call.Id) ? GeneratedCallId(responseId, callIndex, name) : call.Id;
            callIndex++;
            content = new FunctionCallContent(id, name, ArgumentsOf(call.Args))
            {
                AdditionalProperties = new() { [AdditionalPropertyKeys.OriginProvider] = provider },
            };
            if (part.ThoughtSignature is { } sig)
            {
                content.AdditionalProperties[AdditionalPropertyKeys.ThoughtSignature] = sig;
            }
        }
        else if (part.Thought == true)
        {
            content = new TextReasoningContent(part.Text ?? string.Empty) { ProtectedData = part.ThoughtSignature };
        }
        else if (part.Text is { Length: 0 } && part.ThoughtSignature is { } trailing)
        {
            // The empty part that closes a thinking stream and only carries a signature. As a reasoning item it survives
            // MEAI's text coalescing (which keeps only the first text item's properties) and goes back as it came.
            content = new TextReasoningContent(string.Empty)
            {
                ProtectedData = trailing,
                AdditionalProperties = new() { [GeminiRequestMapper.SignatureOnlyTextPart] = true },
            };
        }
        else if (part.Text is { } text)
        {
            content = WithSignature(new TextContent(text), part.ThoughtSignature);
        }
        else if (part.InlineData is { Data: { } data } blob)
        {
            content = WithSignature(InlineDataOf(data, blob.MimeType), part.ThoughtSignature);
        }
        else if (part.FileData is { FileUri: { } uri } file)
        {
            content = Uri.TryCreate(uri, UriKind.RelativeOrAbsolute, out var address) ? UriOf(address, file.MimeType) : new AIContent();
        }
        else if (part.FunctionResponse is { } response)
        {
            content = new FunctionResultContent(response.Id ?? string.Empty, response.Response);
        }
        else if (part.ThoughtSignature is { } onlySignature && part.Extra is null)
        {
            content = new TextReasoningContent(string.Empty) { ProtectedData = onlySignature };
        }
        else
        {
            // executableCode, codeExecutionResult and parts newer than this adapter: kept, never dropped.
            content = new AIContent();
        }

        content.RawRepresentation = part;
        return content;
    }

    /// <summary>Inline data as <see cref="DataContent"/>. Bytes that are not base64 cannot be data: the part is kept as a
    /// plain <see cref="AIContent"/> (its raw representation holds it). A media type MEAI rejects becomes
    /// <c>application/octet-stream</c>: the bytes are still good.</summary>
    private static AIContent InlineDataOf(string base64, string? mimeType)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            return new AIContent();
        }

        try
        {
            return new DataContent(bytes, mimeType ?? OctetStream);
        }
        catch (ArgumentException)
        {
            return new DataContent(bytes, OctetStream);
        }
    }

    /// <summary>A file reference as <see cref="UriContent"/>; a media type MEAI rejects becomes <c>application/octet-stream</c>.</summary>
    private static UriContent UriOf(Uri address, string? mimeType)
    {
        try
        {
            return new UriContent(address, mimeType ?? OctetStream);
        }
        catch (ArgumentException)
        {
            return new UriContent(address, OctetStream);
        }
    }

    /// <summary>Gemini may omit call ids; invent ones that are stable for a response and never sent back as <c>id</c>.</summary>
    public static string GeneratedCallId(string? responseId, int index, string name) =>
        responseId is null
            ? string.Concat(GeminiRequestMapper.GeneratedCallIdPrefix, name, "_", index.ToString(System.Globalization.CultureInfo.InvariantCulture))
            : string.Concat(GeminiRequestMapper.GeneratedCallIdPrefix, responseId, "_", index.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static Dictionary<string, object?>? ArgumentsOf(JsonElement? args)
    {
        if (args is not { ValueKind: JsonValueKind.Object } element)
        {
            return args is null ? null : [];
        }

        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            result[property.Name] = property.Value.ValueKind == JsonValueKind.Null ? null : property.Value;
        }

        return result;
    }

    /// <summary>Gemini says STOP after function calls too; calls make it ToolCalls.</summary>
    public static ChatFinishReason? FinishReasonOf(string? reason, bool hasCalls, string? blockReason)
    {
        if (reason is null)
        {
            return blockReason is null ? null : ChatFinishReason.ContentFilter;
        }

        return reason switch
        {
            "STOP" => hasCalls ? ChatFinishReason.ToolCalls : ChatFinishReason.Stop,
            "MAX_TOKENS" => ChatFinishReason.Length,
            "SAFETY" or "RECITATION" or "BLOCKLIST" or "PROHIBITED_CONTENT" or "SPII" or "IMAGE_SAFETY"
                or "IMAGE_PROHIBITED_CONTENT" or "IMAGE_RECITATION" => ChatFinishReason.ContentFilter,
            _ => WireValues.FinishReason(reason),
        };
    }

    /// <summary>A blocked prompt (no candidates) or a filtered answer with nothing in it becomes an <see cref="ErrorContent"/>
    /// that says why, so callers never mistake a block for an empty answer.</summary>
    public static ErrorContent? BlockedContent(GeminiCandidate? candidate, GeminiPromptFeedback? feedback, bool noContent)
    {
        if (feedback?.BlockReason is { } block && candidate is null)
        {
            var detail = string.IsNullOrEmpty(feedback.BlockReasonMessage) ? string.Empty : ": " + feedback.BlockReasonMessage;
            return new ErrorContent($"Gemini blocked the prompt ({block}){detail}. Rephrase the prompt or adjust safetySettings.")
            {
                ErrorCode = block,
                RawRepresentation = feedback,
            };
        }

        if (noContent && candidate?.FinishReason is { } reason && FinishReasonOf(reason, false, null) == ChatFinishReason.ContentFilter)
        {
            var detail = string.IsNullOrEmpty(candidate.FinishMessage) ? string.Empty : ": " + candidate.FinishMessage;
            return new ErrorContent($"Gemini stopped the response ({reason}){detail}.") { ErrorCode = reason, RawRepresentation = candidate };
        }

        return null;
    }

    /// <summary>
    /// promptTokenCount includes cached tokens; candidatesTokenCount excludes thinking, so Output = candidates + thoughts
    /// and Reasoning = thoughts. Tool-use prompt tokens go to AdditionalCounts.
    /// </summary>
    public static UsageDetails UsageOf(GeminiUsage usage)
    {
        var details = new UsageDetails
        {
            InputTokenCount = usage.PromptTokenCount,
            OutputTokenCount = usage.CandidatesTokenCount is null && usage.ThoughtsTokenCount is null
                ? null
                : (usage.CandidatesTokenCount ?? 0) + (long)(usage.ThoughtsTokenCount ?? 0),
            TotalTokenCount = usage.TotalTokenCount,
            CachedInputTokenCount = usage.CachedContentTokenCount,
            ReasoningTokenCount = usage.ThoughtsTokenCount,
        };
        if (usage.ToolUsePromptTokenCount is { } toolUse)
        {
            details.AdditionalCounts = new() { [AdditionalPropertyKeys.ToolUsePromptTokens] = toolUse };
        }

        return details;
    }

    private static AIContent WithSignature(AIContent content, string? signature)
    {
        if (signature is not null)
        {
            content.AdditionalProperties = new() { [AdditionalPropertyKeys.ThoughtSignature] = signature };
        }

        return content;
    }
}
