using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace LlmAdapters.Testing.Dialects.OpenAIResponses;

/// <summary>The event stream, in the order recorded from the real service.</summary>
public sealed partial class OpenAIResponsesDialect
{
    private static IEnumerable<string> RenderStream(RenderContext context)
    {
        var reply = context.Reply;
        var sequence = 0;
        string Frame(string type, JsonObject data)
        {
            var body = new JsonObject { ["type"] = type, ["sequence_number"] = sequence++ };
            foreach (var (name, value) in data)
            {
                body[name] = value?.DeepClone();
            }

            return "event: " + type + "\ndata: " + body.ToJsonString() + "\n\n";
        }

        yield return Frame("response.created", new JsonObject { ["response"] = RenderResponse(context, "in_progress", [], withUsage: false) });
        yield return Frame("response.in_progress", new JsonObject { ["response"] = RenderResponse(context, "in_progress", [], withUsage: false) });
        var items = Items(context);
        var done = new JsonArray();
        for (var index = 0; index < items.Count; index++)
        {
            var item = items[index].Final;
            var id = item["id"]!.GetValue<string>();
            var type = item["type"]!.GetValue<string>();
            yield return Frame("response.output_item.added", new JsonObject { ["output_index"] = index, ["item"] = Opening(item) });
            foreach (var frame in ItemEvents(context, index, id, type, item, Frame))
            {
                yield return frame;
            }

            yield return Frame("response.output_item.done", new JsonObject { ["output_index"] = index, ["item"] = item.DeepClone() });
            done.Add(item.DeepClone());
        }

        if (reply.Properties.TryGetValue(StreamErrorKey, out var error) && error is string message)
        {
            var code = reply.ErrorCode ?? "server_error";
            yield return Frame("error", new JsonObject { ["code"] = code, ["message"] = message, ["param"] = null });
            var failed = RenderResponse(context, "failed", done, withUsage: false);
            failed["error"] = new JsonObject { ["code"] = code, ["message"] = message };
            yield return Frame("response.failed", new JsonObject { ["response"] = failed });
            yield break;
        }

        if (!reply.OmitStreamTerminator)
        {
            var final = RenderResponse(context, "completed", done);
            var terminal = final["status"]!.GetValue<string>() == "incomplete" ? "response.incomplete" : "response.completed";
            yield return Frame(terminal, new JsonObject { ["response"] = final });
        }

        if (reply.Properties.TryGetValue(DoneSentinelKey, out var sentinel) && sentinel is true)
        {
            yield return "data: [DONE]\n\n";
        }
    }

    /// <summary>The item as <c>output_item.added</c> shows it: in progress, with no text and empty arguments.</summary>
    private static JsonObject Opening(JsonObject item)
    {
        var opening = (JsonObject)item.DeepClone();
        switch (opening["type"]!.GetValue<string>())
        {
            case "message":
                opening["content"] = new JsonArray();
                opening["status"] = "in_progress";
                break;
            case "function_call":
                opening["arguments"] = string.Empty;
                opening["status"] = "in_progress";
                break;
            case "reasoning":
                opening["summary"] = new JsonArray();
                opening.Remove("encrypted_content");
                break;
        }

        return opening;
    }

    private static IEnumerable<string> ItemEvents(RenderContext context, int index, string id, string type, JsonObject item, Func<string, JsonObject, string> frame)
    {
        var reply = context.Reply;
        switch (type)
        {
            case "reasoning":
                var summary = item["summary"]![0]!["text"]!.GetValue<string>();
                yield return frame("response.reasoning_summary_part.added", Head(id, index, "summary_index", new JsonObject { ["part"] = new JsonObject { ["type"] = "summary_text", ["text"] = string.Empty } }));
                foreach (var piece in reply.Split(summary))
                {
                    yield return frame("response.reasoning_summary_text.delta", Head(id, index, "summary_index", new JsonObject { ["delta"] = piece }));
                }

                yield return frame("response.reasoning_summary_text.done", Head(id, index, "summary_index", new JsonObject { ["text"] = summary }));
                yield return frame("response.reasoning_summary_part.done", Head(id, index, "summary_index", new JsonObject { ["part"] = new JsonObject { ["type"] = "summary_text", ["text"] = summary } }));
                break;
            case "message":
                var parts = item["content"]!.AsArray();
                for (var c = 0; c < parts.Count; c++)
                {
                    var part = parts[c]!.AsObject();
                    var isText = part["type"]!.GetValue<string>() == "output_text";
                    var text = (isText ? part["text"] : part["refusal"])!.GetValue<string>();
                    var empty = isText
                        ? new JsonObject { ["type"] = "output_text", ["annotations"] = new JsonArray(), ["logprobs"] = new JsonArray(), ["text"] = string.Empty }
                        : new JsonObject { ["type"] = "refusal", ["refusal"] = string.Empty };
                    yield return frame("response.content_part.added", Head(id, index, "content_index", new JsonObject { ["part"] = empty }, c));
                    foreach (var piece in reply.Split(text))
                    {
                        var delta = Head(id, index, "content_index", new JsonObject { ["delta"] = piece }, c);
                        if (isText)
                        {
                            delta["logprobs"] = new JsonArray();
                        }

                        yield return frame(isText ? "response.output_text.delta" : "response.refusal.delta", delta);
                    }

                    yield return isText
                        ? frame("response.output_text.done", Head(id, index, "content_index", new JsonObject { ["text"] = text, ["logprobs"] = new JsonArray() }, c))
                        : frame("response.refusal.done", Head(id, index, "content_index", new JsonObject { ["refusal"] = text }, c));
                    yield return frame("response.content_part.done", Head(id, index, "content_index", new JsonObject { ["part"] = part.DeepClone() }, c));
                }

                break;
            case "function_call":
                var arguments = item["arguments"]!.GetValue<string>();
                foreach (var piece in reply.Split(arguments))
                {
                    yield return frame("response.function_call_arguments.delta", Head(id, index, null, new JsonObject { ["delta"] = piece }));
                }

                yield return frame("response.function_call_arguments.done", Head(id, index, null, new JsonObject { ["arguments"] = arguments }));
                break;
        }
    }

    private static JsonObject Head(string itemId, int outputIndex, string? indexName, JsonObject rest, int index = 0)
    {
        var head = new JsonObject { ["item_id"] = itemId, ["output_index"] = outputIndex };
        if (indexName is not null)
        {
            head[indexName] = index;
        }

        foreach (var (name, value) in rest.ToArray())
        {
            rest.Remove(name);
            head[name] = value;
        }

        return head;
    }
}
