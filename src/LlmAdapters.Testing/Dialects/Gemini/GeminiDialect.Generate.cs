using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;

namespace LlmAdapters.Testing.Dialects.Gemini;

/// <summary>generateContent and streamGenerateContent: validation and rendering of scripted replies.</summary>
public sealed partial class GeminiDialect
{
    private DialectResponse? ValidateGenerate(EmulatorExchange exchange, string model, bool vertex)
    {
        var body = exchange.BodyObject;
        if (body?["contents"] is not JsonArray { Count: > 0 } contents)
        {
            return Error(400, "INVALID_ARGUMENT", "* GenerateContentRequest.contents: contents is not specified");
        }

        if (body["cachedContent"]?.GetValue<string>() is { } cacheName)
        {
            if (body["systemInstruction"] is not null || body["tools"] is not null || body["toolConfig"] is not null)
            {
                return Error(400, "INVALID_ARGUMENT",
                    "CachedContent can not be used with GenerateContent request setting system_instruction, tools or tool_config.");
            }

            if (!TryGetCache(cacheName, exchange.Emulator.TimeProvider, out _))
            {
                return Error(vertex ? 404 : 403, vertex ? "NOT_FOUND" : "PERMISSION_DENIED", "CachedContent not found (or permission denied)");
            }
        }

        return MissingSignature(model, contents) is { } missing
            ? Error(400, "INVALID_ARGUMENT",
                $"Function call is missing a thought_signature in functionCall parts. This is required for tools to work correctly, and missing thought_signature may lead to degraded model performance. Additional data, function call `{missing}` , position 1.")
            : null;
    }

    /// <inheritdoc />
    protected override string RenderWhole(EmulatorExchange exchange, ScriptedReply reply)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        ArgumentNullException.ThrowIfNull(reply);
        var (render, stream) = Render(exchange, reply);

        // Without alt=sse the stream is one JSON array of chunks.
        return stream ? new JsonArray([.. render.Chunks()]).ToJsonString() : render.Whole().ToJsonString();
    }

    /// <inheritdoc />
    protected override IEnumerable<string> RenderFrames(EmulatorExchange exchange, ScriptedReply reply)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        ArgumentNullException.ThrowIfNull(reply);
        var frames = Render(exchange, reply).Rendering.Chunks().Select(c => "data: " + c.ToJsonString() + "\r\n\r\n").ToList();
        if (reply.Properties.TryGetValue("gemini.stream_error_after", out var after) && after is int n)
        {
            frames = frames.Take(n).ToList();
            frames.Add("data: " + new JsonObject
            {
                ["error"] = new JsonObject { ["code"] = 500, ["message"] = "An internal error has occurred.", ["status"] = "INTERNAL" },
            }.ToJsonString() + "\r\n\r\n");
        }

        return frames;
    }

    private (Rendering Rendering, bool Stream) Render(EmulatorExchange exchange, ScriptedReply reply)
    {
        var path = ModelPath().Match(exchange.Request.Path);
        var body = exchange.BodyObject!;
        var cachedTokens = body["cachedContent"]?.GetValue<string>() is { } cacheName && TryGetCache(cacheName, exchange.Emulator.TimeProvider, out var entry)
            ? entry.Tokens
            : 0;
        var rendering = new Rendering(reply, reply.Model ?? path.Groups["model"].Value, path.Groups["publisher"].Success,
            CountTokens(body["contents"]) + CountTokens(body["systemInstruction"]) + cachedTokens, cachedTokens, exchange.Emulator.TimeProvider.GetUtcNow());
        return (rendering, path.Groups["method"].Value == "streamGenerateContent");
    }

    /// <summary>Gemini 3 rejects a conversation whose current function-calling turn has a first call without a signature.</summary>
    private static string? MissingSignature(string model, JsonArray contents)
    {
        if (!model.StartsWith("gemini-3", StringComparison.Ordinal))
        {
            return null;
        }

        // The current turn starts after the last user content that holds more than function responses.
        var start = 0;
        for (var i = contents.Count - 1; i >= 0; i--)
        {
            if (contents[i] is JsonObject c && c["role"]?.GetValue<string>() == "user"
                && c["parts"] is JsonArray parts && parts.Any(p => p is JsonObject o && o["functionResponse"] is null))
            {
                start = i + 1;
                break;
            }
        }

        for (var i = start; i < contents.Count; i++)
        {
            if (contents[i] is JsonObject c && c["role"]?.GetValue<string>() == "model" && c["parts"] is JsonArray parts)
            {
                var firstCall = parts.OfType<JsonObject>().FirstOrDefault(p => p["functionCall"] is not null);
                if (firstCall is not null && firstCall["thoughtSignature"] is null)
                {
                    return firstCall["functionCall"]?["name"]?.GetValue<string>() ?? "?";
                }
            }
        }

        return null;
    }

    /// <summary>Turns one scripted reply into a whole response or a list of stream chunks.</summary>
    private sealed class Rendering(ScriptedReply reply, string model, bool vertex, int promptTokens, int cachedTokens, DateTimeOffset now)
    {
        private readonly string _responseId = reply.ResponseId ?? "resp-" + Guid.NewGuid().ToString("N")[..16];

        public JsonObject Whole()
        {
            if (BlockReason is { } block)
            {
                return Blocked(block);
            }

            var parts = new JsonArray();
            foreach (var part in reply.Parts)
            {
                foreach (var wire in Render(part, whole: true))
                {
                    parts.Add(wire);
                }
            }

            if (FinalSignature is { } sig)
            {
                parts.Add(new JsonObject { ["text"] = string.Empty, ["thoughtSignature"] = sig });
            }

            return Response(parts, reply.OmitStreamTerminator ? null : FinishReason, Usage(final: true));
        }

        public List<JsonObject> Chunks()
        {
            if (BlockReason is { } block)
            {
                return [Blocked(block)];
            }

            var pieces = new List<JsonObject>();
            foreach (var part in reply.Parts)
            {
                pieces.AddRange(Render(part, whole: false));
            }

            if (FinalSignature is { } sig)
            {
                pieces.Add(new JsonObject { ["text"] = string.Empty, ["thoughtSignature"] = sig });
            }

            if (pieces.Count == 0)
            {
                pieces.Add(new JsonObject { ["text"] = string.Empty });
            }

            var chunks = new List<JsonObject>(pieces.Count);
            for (var i = 0; i < pieces.Count; i++)
            {
                var last = i == pieces.Count - 1;
                var finish = last && !reply.OmitStreamTerminator ? FinishReason : null;
                chunks.Add(Response([pieces[i]], finish, vertex && !last ? new JsonObject { ["trafficType"] = "ON_DEMAND" } : Usage(last, i + 1, pieces.Count)));
            }

            return chunks;
        }

        private string? BlockReason => reply.Properties.TryGetValue("gemini.block_reason", out var b) ? b as string : null;

        private string? FinalSignature => reply.Properties.TryGetValue("gemini.final_signature", out var s) ? s as string : null;

        private string FinishReason => reply.FinishReason ?? "STOP";

        private IEnumerable<JsonObject> Render(ScriptedPart part, bool whole)
        {
            switch (part.Kind)
            {
                case ScriptedPartKind.ToolCall:
                    var call = new JsonObject { ["name"] = part.Name, ["args"] = JsonNode.Parse(string.IsNullOrWhiteSpace(part.ArgumentsJson) ? "{}" : part.ArgumentsJson) };
                    if (!string.IsNullOrEmpty(part.CallId))
                    {
                        call = new JsonObject { ["id"] = part.CallId, ["name"] = part.Name, ["args"] = call["args"]!.DeepClone() };
                    }

                    var wire = new JsonObject { ["functionCall"] = call };
                    if (part.Signature is not null)
                    {
                        wire["thoughtSignature"] = part.Signature;
                    }

                    yield return wire;
                    break;
                case ScriptedPartKind.RedactedReasoning:
                    yield return new JsonObject { ["text"] = string.Empty, ["thought"] = true, ["thoughtSignature"] = part.Text };
                    break;
                case ScriptedPartKind.ProviderBlock:
                    if (JsonNode.Parse(part.Text!) is JsonObject block)
                    {
                        yield return block;
                    }

                    break;
                default:
                    var thought = part.Kind == ScriptedPartKind.Reasoning;
                    var texts = whole ? [part.Text ?? string.Empty] : reply.Split(part.Text ?? string.Empty).ToList();
                    for (var i = 0; i < texts.Count; i++)
                    {
                        var piece = new JsonObject { ["text"] = texts[i] };
                        if (thought)
                        {
                            piece["thought"] = true;
                        }

                        if (i == texts.Count - 1 && part.Signature is not null)
                        {
                            piece["thoughtSignature"] = part.Signature;
                        }

                        yield return piece;
                    }

                    break;
            }
        }

        private JsonObject Blocked(string block) => new()
        {
            ["promptFeedback"] = new JsonObject { ["blockReason"] = block },
            ["usageMetadata"] = new JsonObject { ["promptTokenCount"] = Prompt, ["totalTokenCount"] = Prompt },
            ["modelVersion"] = model,
            ["responseId"] = _responseId,
        };

        private int Prompt => reply.Usage?.InputTokens ?? promptTokens;

        private JsonObject Response(JsonArray parts, string? finishReason, JsonObject usage)
        {
            var candidate = new JsonObject { ["content"] = new JsonObject { ["parts"] = parts, ["role"] = "model" } };
            if (finishReason is not null)
            {
                candidate["finishReason"] = finishReason;
                if (reply.Properties.TryGetValue("gemini.finish_message", out var m) && m is string message)
                {
                    candidate["finishMessage"] = message;
                }
            }

            candidate["index"] = 0;
            var response = new JsonObject
            {
                ["candidates"] = new JsonArray(candidate),
                ["usageMetadata"] = usage,
                ["modelVersion"] = model,
            };
            if (vertex)
            {
                response["createTime"] = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
            }

            response["responseId"] = _responseId;
            return response;
        }

        /// <summary>AI Studio repeats running totals on every chunk; the last one is exact.</summary>
        private JsonObject Usage(bool final, int done = 1, int of = 1)
        {
            var output = reply.Usage?.OutputTokens ?? reply.Parts.Where(p => p.Kind != ScriptedPartKind.Reasoning).Sum(p => Words(p.Text) + (p.Kind == ScriptedPartKind.ToolCall ? 5 : 0));
            var thoughts = reply.Usage?.ReasoningTokens ?? (reply.Usage is null ? reply.Parts.Where(p => p.Kind == ScriptedPartKind.Reasoning).Sum(p => Words(p.Text)) : 0);
            var candidates = reply.Usage is null ? output : output - thoughts;
            if (!final)
            {
                candidates = candidates * done / of;
            }

            var cached = reply.Usage?.CachedInputTokens ?? (cachedTokens > 0 ? cachedTokens : (int?)null);
            var toolUse = reply.Properties.TryGetValue("gemini.tool_use_prompt_tokens", out var t) && t is int tu ? tu : (int?)null;
            var usage = new JsonObject { ["promptTokenCount"] = Prompt, ["candidatesTokenCount"] = candidates };
            var total = Prompt + candidates + thoughts + (toolUse ?? 0);
            usage["totalTokenCount"] = total;
            if (cached is { } c)
            {
                usage["cachedContentTokenCount"] = c;
            }

            if (thoughts > 0)
            {
                usage["thoughtsTokenCount"] = thoughts;
            }

            if (toolUse is { } u)
            {
                usage["toolUsePromptTokenCount"] = u;
            }

            usage["promptTokensDetails"] = new JsonArray(new JsonObject { ["modality"] = "TEXT", ["tokenCount"] = Prompt });
            if (vertex)
            {
                usage["trafficType"] = "ON_DEMAND";
            }

            return usage;
        }

        private static int Words(string? text) => text?.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length ?? 0;
    }
}
