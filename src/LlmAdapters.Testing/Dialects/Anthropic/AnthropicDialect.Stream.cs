using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace LlmAdapters.Testing.Dialects.Anthropic;

/// <summary>The Anthropic dialect's stream: the frames of a scripted reply, with <c>event:</c> lines as Anthropic sends them.</summary>
public sealed partial class AnthropicDialect
{
    private static IEnumerable<string> StreamFrames(ScriptedReply reply, string id, string model, WireUsageCounts usage)
    {
        var errorAfter = reply.Properties.TryGetValue(ErrorEventAfterProperty, out var e) && e is int n ? n : (int?)null;
        var count = 0;
        foreach (var frame in AllFrames(reply, id, model, usage))
        {
            if (count == errorAfter)
            {
                yield return Frame("error", ErrorBody(reply.ErrorType ?? "overloaded_error", reply.ErrorMessage ?? "Overloaded"));
                yield break;
            }

            yield return frame;
            count++;
        }
    }

    private static IEnumerable<string> AllFrames(ScriptedReply reply, string id, string model, WireUsageCounts usage)
    {
        yield return Frame("message_start", Json(w =>
        {
            w.WriteStartObject();
            w.WriteString("type", "message_start");
            w.WriteStartObject("message");
            w.WriteString("id", id);
            w.WriteString("type", "message");
            w.WriteString("role", "assistant");
            w.WriteString("model", model);
            w.WriteStartArray("content");
            w.WriteEndArray();
            w.WriteNull("stop_reason");
            w.WriteNull("stop_sequence");
            WriteUsage(w, usage, 1);
            w.WriteEndObject();
            w.WriteEndObject();
        }));
        yield return Frame("ping", "{\"type\":\"ping\"}");

        for (var index = 0; index < reply.Parts.Count; index++)
        {
            var part = reply.Parts[index];
            switch (part.Kind)
            {
                case ScriptedPartKind.Reasoning:
                    yield return BlockStart(index, "{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"\"}");
                    foreach (var piece in reply.Split(part.Text ?? string.Empty))
                    {
                        yield return Delta(index, "thinking_delta", "thinking", piece);
                    }

                    yield return Delta(index, "signature_delta", "signature", part.Signature ?? DefaultSignature(part));
                    break;

                case ScriptedPartKind.ProviderBlock:
                    // Server-tool results arrive whole in content_block_start, as Anthropic streams them.
                    yield return BlockStart(index, part.Text!);
                    break;

                case ScriptedPartKind.RedactedReasoning:
                    yield return BlockStart(index, Json(w =>
                    {
                        w.WriteStartObject();
                        w.WriteString("type", "redacted_thinking");
                        w.WriteString("data", part.Text);
                        w.WriteEndObject();
                    }));
                    break;

                case ScriptedPartKind.ToolCall:
                    yield return BlockStart(index, Json(w =>
                    {
                        w.WriteStartObject();
                        w.WriteString("type", "tool_use");
                        w.WriteString("id", part.CallId);
                        w.WriteString("name", part.Name);
                        w.WriteStartObject("input");
                        w.WriteEndObject();
                        w.WriteEndObject();
                    }));
                    yield return Delta(index, "input_json_delta", "partial_json", string.Empty);
                    foreach (var piece in reply.Split(part.ArgumentsJson ?? string.Empty))
                    {
                        if (piece.Length > 0)
                        {
                            yield return Delta(index, "input_json_delta", "partial_json", piece);
                        }
                    }

                    break;

                default:
                    // As recorded: a cited block starts with "citations":[] and its citations_delta events come before its text.
                    var citations = Citations(part);
                    yield return BlockStart(index, citations.Count > 0 ? "{\"type\":\"text\",\"text\":\"\",\"citations\":[]}" : "{\"type\":\"text\",\"text\":\"\"}");
                    foreach (var citation in citations)
                    {
                        yield return Frame("content_block_delta", string.Create(
                            CultureInfo.InvariantCulture,
                            $"{{\"type\":\"content_block_delta\",\"index\":{index},\"delta\":{{\"type\":\"citations_delta\",\"citation\":{citation}}}}}"));
                    }

                    foreach (var piece in reply.Split(part.Text ?? string.Empty))
                    {
                        yield return Delta(index, "text_delta", "text", piece);
                    }

                    break;
            }

            yield return Frame("content_block_stop", string.Create(CultureInfo.InvariantCulture, $"{{\"type\":\"content_block_stop\",\"index\":{index}}}"));
        }

        yield return Frame("message_delta", Json(w =>
        {
            w.WriteStartObject();
            w.WriteString("type", "message_delta");
            w.WriteStartObject("delta");
            w.WriteString("stop_reason", StopReason(reply));
            w.WriteNull("stop_sequence");
            w.WriteEndObject();
            WriteUsage(w, usage, usage.Output);
            w.WriteEndObject();
        }));

        if (!reply.OmitStreamTerminator)
        {
            yield return Frame("message_stop", "{\"type\":\"message_stop\"}");
        }
    }

    private static void WriteUsage(Utf8JsonWriter w, WireUsageCounts usage, int output)
    {
        w.WriteStartObject("usage");
        w.WriteNumber("input_tokens", usage.Input);
        w.WriteNumber("cache_creation_input_tokens", usage.CacheWrite);
        w.WriteNumber("cache_read_input_tokens", usage.CacheRead);
        w.WriteStartObject("cache_creation");
        w.WriteNumber("ephemeral_5m_input_tokens", usage.CacheWrite5m);
        w.WriteNumber("ephemeral_1h_input_tokens", usage.CacheWrite1h);
        w.WriteEndObject();
        w.WriteNumber("output_tokens", output);
        if (usage.Thinking is { } thinking)
        {
            w.WriteStartObject("output_tokens_details");
            w.WriteNumber("thinking_tokens", thinking);
            w.WriteEndObject();
        }

        w.WriteString("service_tier", "standard");
        w.WriteEndObject();
    }

    private static List<string> Citations(ScriptedPart part) =>
        part.Properties.TryGetValue(CitationsProperty, out var value) && value is IEnumerable<string> citations ? [.. citations] : [];

    private static string DefaultSignature(ScriptedPart part) =>
        "sig_" + Convert.ToBase64String(Encoding.UTF8.GetBytes(part.Text ?? string.Empty)).TrimEnd('=');

    private static string BlockStart(int index, string block) =>
        Frame("content_block_start", string.Create(CultureInfo.InvariantCulture, $"{{\"type\":\"content_block_start\",\"index\":{index},\"content_block\":{block}}}"));

    private static string Delta(int index, string deltaType, string field, string value) => Frame("content_block_delta", Json(w =>
    {
        w.WriteStartObject();
        w.WriteString("type", "content_block_delta");
        w.WriteNumber("index", index);
        w.WriteStartObject("delta");
        w.WriteString("type", deltaType);
        w.WriteString(field, value);
        w.WriteEndObject();
        w.WriteEndObject();
    }));

    private static string Frame(string eventName, string data) => $"event: {eventName}\ndata: {data}\n\n";
}
