using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Nodes;

namespace LlmAdapters.Testing.Dialects.OpenAI;

/// <summary>Rendering of scripted replies as Chat Completions bodies, stream chunks, embeddings and model lists.</summary>
public sealed partial class OpenAIDialect
{
    private static string RenderCompletion(ScriptedReply reply, string model, long created)
    {
        var message = new JsonObject { ["role"] = "assistant" };
        var text = new StringBuilder();
        var reasoning = new StringBuilder();
        string? refusal = null;
        JsonArray? calls = null;
        foreach (var part in reply.Parts)
        {
            switch (part.Kind)
            {
                case ScriptedPartKind.Text:
                    text.Append(part.Text);
                    break;
                case ScriptedPartKind.Reasoning:
                    reasoning.Append(part.Text);
                    break;
                case ScriptedPartKind.Refusal:
                    refusal = (refusal ?? string.Empty) + part.Text;
                    break;
                case ScriptedPartKind.ToolCall:
                    (calls ??= []).Add(new JsonObject
                    {
                        ["id"] = part.CallId,
                        ["type"] = "function",
                        ["function"] = new JsonObject { ["name"] = part.Name, ["arguments"] = part.ArgumentsJson ?? "{}" },
                    });
                    break;
            }
        }

        message["content"] = text.Length > 0 ? text.ToString() : null;
        if (reasoning.Length > 0)
        {
            message[ReasoningField(reply)] = reasoning.ToString();
        }

        message["refusal"] = refusal;
        if (calls is not null)
        {
            message["tool_calls"] = calls;
        }

        var response = new JsonObject
        {
            ["id"] = NewId(reply),
            ["object"] = "chat.completion",
            ["created"] = created,
            ["model"] = model,
            ["choices"] = new JsonArray
            {
                new JsonObject
                {
                    ["index"] = 0,
                    ["message"] = message,
                    ["logprobs"] = null,
                    ["finish_reason"] = FinishReason(reply),
                },
            },
            ["usage"] = Usage(reply),
            ["service_tier"] = "default",
            ["system_fingerprint"] = "fp_emulator",
        };
        return response.ToJsonString();
    }

    private static IEnumerable<string> RenderStream(ScriptedReply reply, string model, bool includeUsage, long created)
    {
        var id = NewId(reply);
        var usageInFinish = Flag(reply, UsageInFinishChunkKey);
        if (Flag(reply, PromptFilterChunkKey))
        {
            yield return Frame(new JsonObject
            {
                ["choices"] = new JsonArray(),
                ["created"] = 0,
                ["id"] = string.Empty,
                ["model"] = string.Empty,
                ["object"] = string.Empty,
                ["prompt_filter_results"] = new JsonArray
                {
                    new JsonObject
                    {
                        ["prompt_index"] = 0,
                        ["content_filter_results"] = new JsonObject { ["hate"] = new JsonObject { ["filtered"] = false, ["severity"] = "safe" } },
                    },
                },
            });
        }

        yield return Chunk(id, model, created, new JsonObject { ["role"] = "assistant", ["content"] = string.Empty, ["refusal"] = null }, null);
        var reasoningField = ReasoningField(reply);
        var calls = new List<ScriptedPart>();
        foreach (var part in reply.Parts)
        {
            switch (part.Kind)
            {
                case ScriptedPartKind.Text:
                    foreach (var piece in reply.Split(part.Text ?? string.Empty))
                    {
                        yield return Chunk(id, model, created, new JsonObject { ["content"] = piece }, null);
                    }

                    break;
                case ScriptedPartKind.Reasoning:
                    foreach (var piece in reply.Split(part.Text ?? string.Empty))
                    {
                        yield return Chunk(id, model, created, new JsonObject { ["content"] = null, [reasoningField] = piece }, null);
                    }

                    break;
                case ScriptedPartKind.Refusal:
                    foreach (var piece in reply.Split(part.Text ?? string.Empty))
                    {
                        yield return Chunk(id, model, created, new JsonObject { ["refusal"] = piece }, null);
                    }

                    break;
                case ScriptedPartKind.ToolCall:
                    calls.Add(part);
                    break;
            }
        }

        foreach (var frame in ToolCallFrames(reply, calls, id, model, created))
        {
            yield return frame;
        }

        if (reply.Properties.TryGetValue(StreamErrorKey, out var errorMessage))
        {
            yield return "data: " + new JsonObject
            {
                ["error"] = new JsonObject
                {
                    ["message"] = errorMessage?.ToString(),
                    ["type"] = reply.ErrorType ?? "server_error",
                    ["param"] = null,
                    ["code"] = reply.ErrorCode,
                },
            }.ToJsonString() + "\n\n";
            yield break;
        }

        yield return Chunk(id, model, created, new JsonObject(), FinishReason(reply), usageInFinish ? Usage(reply) : null);
        if (includeUsage && !usageInFinish)
        {
            yield return Frame(new JsonObject
            {
                ["id"] = id,
                ["object"] = "chat.completion.chunk",
                ["created"] = created,
                ["model"] = model,
                ["choices"] = new JsonArray(),
                ["usage"] = Usage(reply),
            });
        }

        if (!reply.OmitStreamTerminator)
        {
            yield return "data: [DONE]\n\n";
        }
    }

    private static IEnumerable<string> ToolCallFrames(ScriptedReply reply, List<ScriptedPart> calls, string id, string model, long created)
    {
        if (calls.Count == 0)
        {
            yield break;
        }

        if (Flag(reply, WholeToolCallsKey))
        {
            foreach (var call in calls)
            {
                var whole = new JsonObject
                {
                    ["id"] = call.CallId,
                    ["function"] = new JsonObject { ["name"] = call.Name, ["arguments"] = call.ArgumentsJson ?? "{}" },
                };
                yield return Chunk(id, model, created, new JsonObject { ["content"] = null, ["tool_calls"] = new JsonArray { whole } }, null);
            }

            yield break;
        }

        var pieces = calls.Select(c => reply.Split(c.ArgumentsJson ?? "{}").ToList()).ToList();
        if (Flag(reply, InterleaveToolCallsKey))
        {
            for (var i = 0; i < calls.Count; i++)
            {
                yield return ToolChunk(id, model, created, i, calls[i], string.Empty);
            }

            var rounds = pieces.Max(p => p.Count);
            for (var round = 0; round < rounds; round++)
            {
                for (var i = 0; i < calls.Count; i++)
                {
                    if (round < pieces[i].Count)
                    {
                        yield return ToolChunk(id, model, created, i, null, pieces[i][round]);
                    }
                }
            }

            yield break;
        }

        for (var i = 0; i < calls.Count; i++)
        {
            yield return ToolChunk(id, model, created, i, calls[i], string.Empty);
            foreach (var piece in pieces[i])
            {
                yield return ToolChunk(id, model, created, i, null, piece);
            }
        }
    }

    private static string ToolChunk(string id, string model, long created, int index, ScriptedPart? opening, string arguments)
    {
        var call = new JsonObject { ["index"] = index };
        if (opening is not null)
        {
            call["id"] = opening.CallId;
            call["type"] = "function";
            call["function"] = new JsonObject { ["name"] = opening.Name, ["arguments"] = arguments };
        }
        else
        {
            call["function"] = new JsonObject { ["arguments"] = arguments };
        }

        return Chunk(id, model, created, new JsonObject { ["tool_calls"] = new JsonArray { call } }, null);
    }

    private static string Chunk(string id, string model, long created, JsonObject delta, string? finishReason, JsonNode? usage = null) =>
        Frame(new JsonObject
        {
            ["id"] = id,
            ["object"] = "chat.completion.chunk",
            ["created"] = created,
            ["model"] = model,
            ["system_fingerprint"] = "fp_emulator",
            ["choices"] = new JsonArray
            {
                new JsonObject
                {
                    ["index"] = 0,
                    ["delta"] = delta,
                    ["logprobs"] = null,
                    ["finish_reason"] = finishReason,
                },
            },
            ["usage"] = usage,
        });

    private static string Frame(JsonObject chunk) => "data: " + chunk.ToJsonString() + "\n\n";

    private static string FinishReason(ScriptedReply reply) =>
        reply.FinishReason ?? (reply.Parts.Any(p => p.Kind == ScriptedPartKind.ToolCall) ? "tool_calls" : "stop");

    private static string ReasoningField(ScriptedReply reply) =>
        reply.Properties.TryGetValue(ReasoningFieldKey, out var field) && field is string name ? name : "reasoning_content";

    private static bool Flag(ScriptedReply reply, string key) => reply.Properties.TryGetValue(key, out var value) && value is true;

    private static JsonObject Usage(ScriptedReply reply)
    {
        var usage = reply.Usage ?? new ScriptedUsage(
            10,
            Math.Max(1, reply.Parts.Sum(p => (p.Text?.Length ?? 0) + (p.ArgumentsJson?.Length ?? 0)) / 4));
        var completion = usage.OutputTokens;
        if (Flag(reply, ReasoningOutsideCompletionKey) && usage.ReasoningTokens is { } reasoningTokens)
        {
            completion -= reasoningTokens;
        }

        var promptDetails = new JsonObject { ["cached_tokens"] = usage.CachedInputTokens ?? 0, ["audio_tokens"] = 0 };
        if (usage.CacheWriteTokens is { } write)
        {
            promptDetails["cache_write_tokens"] = write;
        }

        var result = new JsonObject
        {
            ["prompt_tokens"] = usage.InputTokens,
            ["completion_tokens"] = completion,
            ["total_tokens"] = usage.InputTokens + usage.OutputTokens,
            ["prompt_tokens_details"] = promptDetails,
            ["completion_tokens_details"] = new JsonObject { ["reasoning_tokens"] = usage.ReasoningTokens ?? 0, ["audio_tokens"] = 0 },
        };
        if (reply.Properties.TryGetValue(CostKey, out var cost) && cost is not null)
        {
            result["cost"] = Convert.ToDecimal(cost, CultureInfo.InvariantCulture);
        }

        return result;
    }

    private static string RenderEmbeddings(JsonObject body, ScriptedReply reply, string model)
    {
        var inputs = body["input"] switch
        {
            JsonArray array => array.Select(n => n?.GetValue<string>() ?? string.Empty).ToList(),
            JsonValue value => [value.GetValue<string>()],
            _ => new List<string>(),
        };
        var dimensions = body["dimensions"]?.GetValue<int>() ?? 8;
        var base64 = body["encoding_format"]?.GetValue<string>() == "base64";
        var scripted = reply.Properties.TryGetValue(EmbeddingsKey, out var v) ? v as IReadOnlyList<float[]> : null;
        var data = new JsonArray();
        for (var i = 0; i < inputs.Count; i++)
        {
            var vector = scripted is not null ? scripted[i % scripted.Count] : DeterministicVector(inputs[i], dimensions);
            JsonNode embedding = base64
                ? JsonValue.Create(Convert.ToBase64String(MemoryMarshal.AsBytes(vector.AsSpan())))
                : new JsonArray(vector.Select(f => (JsonNode?)JsonValue.Create(f)).ToArray());
            data.Add(new JsonObject { ["object"] = "embedding", ["index"] = i, ["embedding"] = embedding });
        }

        var tokens = reply.Usage?.InputTokens ?? inputs.Sum(s => Math.Max(1, s.Length / 4));
        return new JsonObject
        {
            ["object"] = "list",
            ["model"] = model,
            ["data"] = data,
            ["usage"] = new JsonObject { ["prompt_tokens"] = tokens, ["total_tokens"] = tokens },
        }.ToJsonString();
    }

    private static string RenderModels(ScriptedReply reply, EmulatorExchange exchange)
    {
        var ids = reply.Properties.TryGetValue(ModelsKey, out var v) && v is IEnumerable<string> list
            ? list
            : ["gpt-4.1-mini", "gpt-5", "text-embedding-3-small"];
        var created = Created(exchange);
        var data = new JsonArray();
        foreach (var id in ids)
        {
            data.Add(new JsonObject { ["id"] = id, ["object"] = "model", ["created"] = created, ["owned_by"] = "emulator" });
        }

        return new JsonObject { ["object"] = "list", ["data"] = data }.ToJsonString();
    }
}
