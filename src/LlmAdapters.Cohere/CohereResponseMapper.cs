using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using LlmAdapters.Cohere.Wire;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Cohere;

/// <summary><c>/v2/chat</c> response → <see cref="ChatResponse"/> (pure; no I/O). The pieces both paths share — tool calls,
/// citations, usage, finish reasons, reasoning — are used by <see cref="CohereStreamMapper"/> too.</summary>
internal static class CohereResponseMapper
{
    public static ChatResponse FromWireResponse(CohereChatResponse response)
    {
        Throw.IfNull(response);
        var wire = response.Message;
        var contents = new List<AIContent>();
        AIContent? plan = null;
        if (!string.IsNullOrEmpty(wire?.ToolPlan))
        {
            plan = Reasoning(wire.ToolPlan, toolPlan: true, wire);
            contents.Add(plan);
        }

        var byIndex = new Dictionary<int, AIContent>();
        var parts = wire?.Content ?? [];
        for (var i = 0; i < parts.Count; i++)
        {
            var content = FromPart(parts[i]);
            byIndex[i] = content;
            contents.Add(content);
        }

        foreach (var call in wire?.ToolCalls ?? [])
        {
            contents.Add(ToFunctionCall(call.Id, call.Function?.Name, call.Function?.Arguments, call));
        }

        foreach (var citation in wire?.Citations ?? [])
        {
            var target = CitationTarget(citation, byIndex, plan, contents);
            (target.Annotations ??= []).Add(ToCitation(citation));
        }

        var message = new ChatMessage(ChatRole.Assistant, contents) { MessageId = response.Id, RawRepresentation = response };
        return new ChatResponse(message)
        {
            ResponseId = response.Id,
            FinishReason = ToFinishReason(response.FinishReason),
            Usage = response.Usage is { } usage ? ToUsage(usage) : null,
            RawRepresentation = response,
        };
    }

    /// <summary>One response content part; unknown part types are kept raw, never dropped.</summary>
    public static AIContent FromPart(CohereContentPart part) => part.Type switch
    {
        "text" => new TextContent(part.Text) { RawRepresentation = part },
        "thinking" => Reasoning(part.Thinking ?? string.Empty, toolPlan: false, part),
        _ => new AIContent { RawRepresentation = part },
    };

    /// <summary>Reasoning text: a <c>thinking</c> block, or the <c>tool_plan</c> (marked so it is sent back as the plan).</summary>
    public static TextReasoningContent Reasoning(string text, bool toolPlan, object raw) => new(text)
    {
        RawRepresentation = raw,
        AdditionalProperties = toolPlan
            ? new() { [CoherePropertyKeys.ToolPlan] = true, [AdditionalPropertyKeys.OriginProvider] = CohereConstants.ProviderName }
            : new() { [AdditionalPropertyKeys.OriginProvider] = CohereConstants.ProviderName },
    };

    /// <summary>A tool call; its arguments are JSON text. Parameterless tools are recorded as <c>""</c> or <c>"null"</c>
    /// (both read as no arguments); text that is not a JSON object is reported on the call, not thrown.</summary>
    public static FunctionCallContent ToFunctionCall(string? id, string? name, string? arguments, object raw)
    {
        var call = new FunctionCallContent(id ?? string.Empty, name ?? string.Empty, new Dictionary<string, object?>(StringComparer.Ordinal)) { RawRepresentation = raw };
        if (string.IsNullOrWhiteSpace(arguments) || arguments.Trim() == "null")
        {
            return call;
        }

        try
        {
            using var document = JsonDocument.Parse(arguments);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                call.Exception = new InvalidOperationException($"The arguments Cohere sent for '{name}' are not a JSON object.");
                return call;
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                call.Arguments![property.Name] = property.Value.Clone();
            }
        }
        catch (JsonException ex)
        {
            call.Exception = new InvalidOperationException($"The arguments Cohere sent for '{name}' are not valid JSON: {ex.Message}", ex);
        }

        return call;
    }

    /// <summary>A citation: the cited text, the span it covers and the first source's title and URL; the citation type and
    /// every source id in <c>AdditionalProperties</c>.</summary>
    public static CitationAnnotation ToCitation(CohereCitation citation)
    {
        var annotation = new CitationAnnotation { Snippet = citation.Text, RawRepresentation = citation };
        if (citation.Start is { } start && citation.End is { } end)
        {
            annotation.AnnotatedRegions = [new TextSpanAnnotatedRegion { StartIndex = start, EndIndex = end }];
        }

        var ids = new List<string>();
        foreach (var source in citation.Sources ?? [])
        {
            if (source.Id is { } id)
            {
                ids.Add(id);
            }

            if (source.Document is { ValueKind: JsonValueKind.Object } document && annotation.Title is null)
            {
                annotation.Title = String(document, "title");
                if (String(document, "url") is { } url && Uri.TryCreate(url, UriKind.Absolute, out var uri))
                {
                    annotation.Url = uri;
                }
            }
        }

        annotation.AdditionalProperties = new() { [CoherePropertyKeys.CitationSourceIds] = ids.ToArray() };
        if (citation.Type is { } type)
        {
            annotation.AdditionalProperties[CoherePropertyKeys.CitationType] = type;
        }

        return annotation;

        static string? String(JsonElement obj, string name) =>
            obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }

    public static ChatFinishReason? ToFinishReason(string? reason) => reason switch
    {
        null => null,
        "COMPLETE" or "STOP_SEQUENCE" => ChatFinishReason.Stop,
        "MAX_TOKENS" => ChatFinishReason.Length,
        "TOOL_CALL" => ChatFinishReason.ToolCalls,
        _ => new ChatFinishReason(reason.ToLowerInvariant()),
    };

    /// <summary>
    /// Cohere's usage → the MEAI contract. Input and output are <c>tokens</c>, what the model processed and produced: that is
    /// what limits the context window, what <c>cached_tokens</c> is a part of (a cached count can exceed the billed input), and
    /// what the other providers report. What Cohere bills (<c>billed_units</c>, which leaves out the prompt template and tool
    /// definitions) is kept under <see cref="AdditionalPropertyKeys.BilledInputTokens"/> and
    /// <see cref="AdditionalPropertyKeys.BilledOutputTokens"/>.
    /// </summary>
    public static UsageDetails ToUsage(CohereUsage usage)
    {
        var input = Count(usage.Tokens?.InputTokens);
        var output = Count(usage.Tokens?.OutputTokens);
        var details = new UsageDetails
        {
            InputTokenCount = input,
            OutputTokenCount = output,
            TotalTokenCount = input is null && output is null ? null : (input ?? 0) + (output ?? 0),
            CachedInputTokenCount = Count(usage.CachedTokens),
        };

        if (usage.BilledUnits is { } billed)
        {
            var counts = new AdditionalPropertiesDictionary<long>();
            Add(counts, AdditionalPropertyKeys.BilledInputTokens, billed.InputTokens);
            Add(counts, AdditionalPropertyKeys.BilledOutputTokens, billed.OutputTokens);
            Add(counts, CoherePropertyKeys.BilledSearchUnits, billed.SearchUnits);
            Add(counts, CoherePropertyKeys.BilledClassifications, billed.Classifications);
            details.AdditionalCounts = counts.Count > 0 ? counts : null;
        }

        return details;

        static void Add(AdditionalPropertiesDictionary<long> counts, string key, double? value)
        {
            if (Count(value) is { } count)
            {
                counts[key] = count;
            }
        }
    }

    // Cohere's schema types counts as numbers that may be written as floats (12.0).
    private static long? Count(double? value) => value is { } v && double.IsFinite(v) ? (long)Math.Round(v) : null;

    private static AIContent CitationTarget(CohereCitation citation, Dictionary<int, AIContent> byIndex, AIContent? plan, List<AIContent> contents)
    {
        if (citation.Type == "PLAN" && plan is not null)
        {
            return plan;
        }

        if (byIndex.TryGetValue(citation.ContentIndex ?? 0, out var indexed) && indexed is TextContent or TextReasoningContent)
        {
            return indexed;
        }

        if (contents.OfType<TextContent>().FirstOrDefault() is { } text)
        {
            return text;
        }

        // A citation with nothing to point into (text absent): keep it on an empty text rather than drop it.
        var holder = new TextContent(string.Empty) { RawRepresentation = citation };
        contents.Add(holder);
        return holder;
    }
}
