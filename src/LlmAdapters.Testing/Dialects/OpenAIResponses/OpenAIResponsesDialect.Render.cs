using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace LlmAdapters.Testing.Dialects.OpenAIResponses;

/// <summary>Rendering of scripted replies as response objects and as the event stream.</summary>
public sealed partial class OpenAIResponsesDialect
{
    private static JsonObject RenderResponse(RenderContext context, string status, JsonArray output, bool withUsage = true)
    {
        var reply = context.Reply;
        var (finalStatus, reason) = reply.FinishReason switch
        {
            "length" => ("incomplete", "max_output_tokens"),
            "content_filter" => ("incomplete", "content_filter"),
            _ => (status, (string?)null),
        };
        if (status != "completed")
        {
            (finalStatus, reason) = (status, null);
        }

        return new JsonObject
        {
            ["id"] = context.Id,
            ["object"] = "response",
            ["created_at"] = context.Created,
            ["status"] = finalStatus,
            ["error"] = null,
            ["incomplete_details"] = reason is null ? null : new JsonObject { ["reason"] = reason },
            ["instructions"] = context.Request["instructions"]?.DeepClone(),
            ["model"] = context.Model,
            ["output"] = output,
            ["parallel_tool_calls"] = true,
            ["previous_response_id"] = context.Request["previous_response_id"]?.DeepClone(),
            ["store"] = context.Request["store"]?.DeepClone() ?? true,
            ["usage"] = withUsage ? Usage(reply) : null,
        };
    }

    private static JsonNode? Usage(ScriptedReply reply)
    {
        if (reply.Usage is not { } usage)
        {
            return null;
        }

        var input = new JsonObject { ["cached_tokens"] = usage.CachedInputTokens ?? 0 };
        if (usage.CacheWriteTokens is { } write)
        {
            input["cache_write_tokens"] = write;
        }

        return new JsonObject
        {
            ["input_tokens"] = usage.InputTokens,
            ["input_tokens_details"] = input,
            ["output_tokens"] = usage.OutputTokens,
            ["output_tokens_details"] = new JsonObject { ["reasoning_tokens"] = usage.ReasoningTokens ?? 0 },
            ["total_tokens"] = usage.InputTokens + usage.OutputTokens,
        };
    }

    /// <summary>The output items of the reply: reasoning first, then one message with the text and refusals, then the calls.</summary>
    private static JsonArray Output(RenderContext context)
    {
        var output = new JsonArray();
        foreach (var item in Items(context))
        {
            output.Add(item.Final);
        }

        return output;
    }

    private static List<ScriptedItem> Items(RenderContext context)
    {
        var reply = context.Reply;
        var items = new List<ScriptedItem>();
        var n = 0;
        foreach (var part in reply.Parts)
        {
            if (part.Kind == ScriptedPartKind.Reasoning)
            {
                var id = ItemId("rs", context, n++);
                var item = new JsonObject
                {
                    ["id"] = id,
                    ["type"] = "reasoning",
                    ["summary"] = new JsonArray { new JsonObject { ["type"] = "summary_text", ["text"] = part.Text } },
                };
                if (part.Signature is not null)
                {
                    item["encrypted_content"] = part.Signature;
                }

                items.Add(new ScriptedItem(item, part));
            }
        }

        var text = new StringBuilder();
        var content = new JsonArray();
        ScriptedPart? first = null;
        foreach (var part in reply.Parts)
        {
            if (part.Kind == ScriptedPartKind.Text)
            {
                text.Append(part.Text);
                first ??= part;
            }
            else if (part.Kind == ScriptedPartKind.Refusal)
            {
                content.Add(new JsonObject { ["type"] = "refusal", ["refusal"] = part.Text });
                first ??= part;
            }
        }

        if (first is not null)
        {
            if (text.Length > 0)
            {
                content.Insert(0, new JsonObject { ["type"] = "output_text", ["annotations"] = new JsonArray(), ["logprobs"] = new JsonArray(), ["text"] = text.ToString() });
            }

            var message = new JsonObject
            {
                ["id"] = ItemId("msg", context, n++),
                ["type"] = "message",
                ["status"] = "completed",
                ["content"] = content,
                ["role"] = "assistant",
            };
            items.Add(new ScriptedItem(message, first));
        }

        foreach (var part in reply.Parts)
        {
            if (part.Kind == ScriptedPartKind.ToolCall)
            {
                var call = new JsonObject
                {
                    ["id"] = ItemId("fc", context, n++),
                    ["type"] = "function_call",
                    ["status"] = "completed",
                    ["arguments"] = part.ArgumentsJson ?? "{}",
                    ["call_id"] = part.CallId,
                    ["name"] = part.Name,
                };
                items.Add(new ScriptedItem(call, part));
            }
        }

        return items;
    }

    private static string ItemId(string prefix, RenderContext context, int index) =>
        prefix + "_" + context.Id + "_" + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>One output item in its final form, with the scripted part it came from.</summary>
    private sealed record ScriptedItem(JsonObject Final, ScriptedPart Part);
}
