using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LlmAdapters.Testing.Dialects.Cohere;

/// <summary><c>/v2/chat</c> bodies and stream frames.</summary>
public sealed partial class CohereDialect
{
    private static WireUsage Usage(ScriptedReply reply, CapturedRequest request)
    {
        var scripted = reply.Usage;
        var input = scripted?.InputTokens ?? Math.Max(1, request.Body.Length / 4);
        var output = scripted?.OutputTokens ?? Math.Max(1, reply.Parts.Sum(p => (p.Text?.Length ?? 0) + (p.ArgumentsJson?.Length ?? 0)) / 4);
        return new WireUsage(
            input,
            output,
            scripted?.CachedInputTokens,
            reply.Properties.TryGetValue(BilledInputTokensProperty, out var bi) && bi is int billedInput ? billedInput : input,
            reply.Properties.TryGetValue(BilledOutputTokensProperty, out var bo) && bo is int billedOutput ? billedOutput : output);
    }

    private static string FinishReason(ScriptedReply reply) =>
        reply.FinishReason ?? (reply.Parts.Any(p => p.Kind == ScriptedPartKind.ToolCall) ? "TOOL_CALL" : "COMPLETE");

    private static string? ToolPlan(ScriptedReply reply) =>
        reply.Properties.TryGetValue(ToolPlanProperty, out var plan) && plan is string text ? text : null;

    /// <summary>The content blocks (text and thinking parts) with their content index, in order.</summary>
    private static IEnumerable<(int Index, ScriptedPart Part)> ContentBlocks(ScriptedReply reply) =>
        reply.Parts.Where(p => p.Kind != ScriptedPartKind.ToolCall && p.Kind != ScriptedPartKind.RedactedReasoning && p.Kind != ScriptedPartKind.ProviderBlock).Select((p, i) => (i, p));

    private static string ChatBody(ScriptedReply reply, string id, WireUsage usage) => Json(w =>
    {
        w.WriteStartObject();
        w.WriteString("id", id);
        w.WriteStartObject("message");
        w.WriteString("role", "assistant");
        var blocks = ContentBlocks(reply).ToList();
        if (blocks.Count > 0)
        {
            w.WriteStartArray("content");
            foreach (var (_, part) in blocks)
            {
                WriteBlock(w, part, part.Text ?? string.Empty);
            }

            w.WriteEndArray();
        }

        if (ToolPlan(reply) is { } plan)
        {
            w.WriteString("tool_plan", plan);
        }

        var calls = reply.Parts.Where(p => p.Kind == ScriptedPartKind.ToolCall).ToList();
        if (calls.Count > 0)
        {
            w.WriteStartArray("tool_calls");
            foreach (var call in calls)
            {
                WriteCall(w, call, call.ArgumentsJson ?? "{}");
            }

            w.WriteEndArray();
        }

        var citations = blocks.SelectMany(b => Citations(b.Part).Select(c => WithContentIndex(c, b.Index))).ToList();
        if (citations.Count > 0)
        {
            w.WriteStartArray("citations");
            foreach (var citation in citations)
            {
                w.WriteRawValue(citation);
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
        w.WriteString("finish_reason", FinishReason(reply));
        WriteUsage(w, usage);
        w.WriteEndObject();
    });

    private static IEnumerable<string> StreamFrames(ScriptedReply reply, string id, WireUsage usage)
    {
        var errorAfter = reply.Properties.TryGetValue(ErrorEventAfterProperty, out var e) && e is int n ? n : (int?)null;
        var count = 0;
        foreach (var frame in AllFrames(reply, id, usage))
        {
            if (count == errorAfter)
            {
                yield return Frame("message-end", Json(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("type", "message-end");
                    w.WriteStartObject("delta");
                    w.WriteString("error", reply.ErrorMessage ?? "internal server error");
                    w.WriteString("finish_reason", "ERROR");
                    w.WriteEndObject();
                    w.WriteEndObject();
                }));
                yield break;
            }

            yield return frame;
            count++;
        }
    }

    private static IEnumerable<string> AllFrames(ScriptedReply reply, string id, WireUsage usage)
    {
        yield return Frame("message-start", Json(w =>
        {
            w.WriteStartObject();
            w.WriteString("id", id);
            w.WriteString("type", "message-start");
            w.WriteStartObject("delta");
            w.WriteStartObject("message");
            w.WriteString("role", "assistant");
            w.WriteStartArray("content");
            w.WriteEndArray();
            w.WriteString("tool_plan", string.Empty);
            w.WriteStartArray("tool_calls");
            w.WriteEndArray();
            w.WriteStartArray("citations");
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        }));

        if (ToolPlan(reply) is { } plan)
        {
            foreach (var piece in reply.Split(plan))
            {
                yield return Delta("tool-plan-delta", null, w => w.WriteString("tool_plan", piece));
            }
        }

        var citationIndex = 0;
        foreach (var (index, part) in ContentBlocks(reply))
        {
            var field = part.Kind == ScriptedPartKind.Reasoning ? "thinking" : "text";
            yield return Delta("content-start", index, w => WriteBlockObject(w, "content", part, string.Empty));
            foreach (var piece in reply.Split(part.Text ?? string.Empty))
            {
                yield return Delta("content-delta", index, w =>
                {
                    w.WriteStartObject("content");
                    w.WriteString(field, piece);
                    w.WriteEndObject();
                });
            }

            yield return Frame("content-end", string.Create(CultureInfo.InvariantCulture, $"{{\"type\":\"content-end\",\"index\":{index}}}"));
            foreach (var citation in Citations(part))
            {
                var i = citationIndex++;
                yield return Frame("citation-start", string.Create(
                    CultureInfo.InvariantCulture,
                    $"{{\"type\":\"citation-start\",\"index\":{i},\"delta\":{{\"message\":{{\"citations\":{WithContentIndex(citation, index)}}}}}}}"));
                yield return Frame("citation-end", string.Create(CultureInfo.InvariantCulture, $"{{\"type\":\"citation-end\",\"index\":{i}}}"));
            }
        }

        var callIndex = 0;
        foreach (var call in reply.Parts.Where(p => p.Kind == ScriptedPartKind.ToolCall))
        {
            var i = callIndex++;
            yield return Delta("tool-call-start", i, w =>
            {
                w.WritePropertyName("tool_calls");
                WriteCall(w, call, string.Empty);
            });
            foreach (var piece in reply.Split(call.ArgumentsJson ?? string.Empty))
            {
                if (piece.Length > 0)
                {
                    yield return Delta("tool-call-delta", i, w =>
                    {
                        w.WriteStartObject("tool_calls");
                        w.WriteStartObject("function");
                        w.WriteString("arguments", piece);
                        w.WriteEndObject();
                        w.WriteEndObject();
                    });
                }
            }

            yield return Frame("tool-call-end", string.Create(CultureInfo.InvariantCulture, $"{{\"type\":\"tool-call-end\",\"index\":{i}}}"));
        }

        if (!reply.OmitStreamTerminator)
        {
            yield return Frame("message-end", Json(w =>
            {
                w.WriteStartObject();
                w.WriteString("type", "message-end");
                w.WriteStartObject("delta");
                w.WriteString("finish_reason", FinishReason(reply));
                WriteUsage(w, usage);
                w.WriteEndObject();
                w.WriteEndObject();
            }));
        }
    }

    private static void WriteBlock(Utf8JsonWriter w, ScriptedPart part, string text)
    {
        w.WriteStartObject();
        WriteBlockFields(w, part, text);
        w.WriteEndObject();
    }

    private static void WriteBlockObject(Utf8JsonWriter w, string name, ScriptedPart part, string text)
    {
        w.WriteStartObject(name);
        WriteBlockFields(w, part, text);
        w.WriteEndObject();
    }

    private static void WriteBlockFields(Utf8JsonWriter w, ScriptedPart part, string text)
    {
        var thinking = part.Kind == ScriptedPartKind.Reasoning;
        w.WriteString("type", thinking ? "thinking" : "text");
        w.WriteString(thinking ? "thinking" : "text", text);
    }

    private static void WriteCall(Utf8JsonWriter w, ScriptedPart call, string arguments)
    {
        w.WriteStartObject();
        w.WriteString("id", call.CallId);
        w.WriteString("type", "function");
        w.WriteStartObject("function");
        w.WriteString("name", call.Name);
        w.WriteString("arguments", arguments);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteUsage(Utf8JsonWriter w, WireUsage usage)
    {
        w.WriteStartObject("usage");
        w.WriteStartObject("billed_units");
        w.WriteNumber("input_tokens", usage.BilledInput);
        w.WriteNumber("output_tokens", usage.BilledOutput);
        w.WriteEndObject();
        w.WriteStartObject("tokens");
        w.WriteNumber("input_tokens", usage.Input);
        w.WriteNumber("output_tokens", usage.Output);
        w.WriteEndObject();
        if (usage.Cached is { } cached)
        {
            w.WriteNumber("cached_tokens", cached);
        }

        w.WriteEndObject();
    }

    private static List<string> Citations(ScriptedPart part) =>
        part.Properties.TryGetValue(CitationsProperty, out var value) && value is IEnumerable<string> citations ? [.. citations] : [];

    private static string WithContentIndex(string citation, int index)
    {
        var node = JsonNode.Parse(citation) as JsonObject ?? [];
        node["content_index"] ??= index;
        return node.ToJsonString();
    }

    /// <summary>A block event: <c>{"type", "index"?, "delta":{"message":{…}}}</c>.</summary>
    private static string Delta(string type, int? index, Action<Utf8JsonWriter> message) => Frame(type, Json(w =>
    {
        w.WriteStartObject();
        w.WriteString("type", type);
        if (index is { } i)
        {
            w.WriteNumber("index", i);
        }

        w.WriteStartObject("delta");
        w.WriteStartObject("message");
        message(w);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
    }));

    private static string Frame(string eventName, string data) => $"event: {eventName}\ndata: {data}\n\n";

    private readonly record struct WireUsage(int Input, int Output, int? Cached, int BilledInput, int BilledOutput);
}
