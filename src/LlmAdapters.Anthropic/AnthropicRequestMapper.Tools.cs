using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using LlmAdapters.Anthropic.Wire;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Anthropic;

internal static partial class AnthropicRequestMapper
{
    /// <summary>The name of the tool used for structured output in <see cref="AnthropicStructuredOutputMode.ToolCall"/> mode.</summary>
    public const string StructuredOutputToolName = "structured_output";

    /// <summary>Maps the tools; returns the beta flags the server tools among them need.</summary>
    private static List<string>? MapTools(ChatOptions? options, MessagesRequest body)
    {
        if (options is null || body.Tools is not null)
        {
            return null;
        }

        List<WireTool>? tools = null;
        List<string>? betas = null;
        foreach (var tool in options.Tools ?? [])
        {
            if (tool is AIFunctionDeclaration function)
            {
                (tools ??= []).Add(new WireTool
                {
                    Name = function.Name,
                    Description = string.IsNullOrEmpty(function.Description) ? null : function.Description,
                    InputSchema = function.JsonSchema,
                });
            }
            else
            {
                MapServerTool(tool, body, ref tools, ref betas);
            }
        }

        MapWebFetch(options, ref tools, ref betas);
        if (tools is null)
        {
            return betas;
        }

        if (options.TryGetCacheBreakpoint(AdditionalPropertyKeys.ToolsCacheBreakpoint, out var breakpoint))
        {
            tools[^1].CacheControl = ToCacheControl(breakpoint);
        }

        body.Tools = tools;
        bool? disableParallel = options.AllowMultipleToolCalls == false ? true : null;
        body.ToolChoice ??= options.ToolMode switch
        {
            NoneChatToolMode => new WireToolChoice { Type = "none" },
            RequiredChatToolMode { RequiredFunctionName: { } name } => new WireToolChoice { Type = "tool", Name = name, DisableParallelToolUse = disableParallel },
            RequiredChatToolMode => new WireToolChoice { Type = "any", DisableParallelToolUse = disableParallel },
            AutoChatToolMode => new WireToolChoice { Type = "auto", DisableParallelToolUse = disableParallel },
            _ => disableParallel is null ? null : new WireToolChoice { Type = "auto", DisableParallelToolUse = true },
        };
        return betas;
    }

    private static string? MapResponseFormat(ChatOptions? options, AnthropicOptions clientOptions, MessagesRequest body)
    {
        // Plain JSON mode (no schema) has no Anthropic equivalent; ask for JSON in the instructions instead.
        if (options?.ResponseFormat is not ChatResponseFormatJson { Schema: { } schema } format || body.OutputConfig?.Format is not null)
        {
            return null;
        }

        var native = clientOptions.StructuredOutputMode switch
        {
            AnthropicStructuredOutputMode.Native => true,
            AnthropicStructuredOutputMode.ToolCall => false,
            _ => AnthropicModels.SupportsNativeStructuredOutput(body.Model),
        };

        if (native)
        {
            (body.OutputConfig ??= new WireOutputConfig()).Format = new WireOutputFormat { Schema = CloseObjects(schema) };
            return null;
        }

        (body.Tools ??= []).Add(new WireTool
        {
            Name = StructuredOutputToolName,
            Description = format.SchemaDescription ?? "Give the answer as the input of this tool, following its input schema exactly.",
            InputSchema = schema,
        });
        body.ToolChoice = new WireToolChoice { Type = "tool", Name = StructuredOutputToolName };
        return StructuredOutputToolName;
    }

    /// <summary>Native structured output requires <c>additionalProperties: false</c> on every object schema; add it
    /// where the schema does not say otherwise.</summary>
    internal static JsonElement CloseObjects(JsonElement schema)
    {
        var node = JsonNode.Parse(schema.GetRawText());
        if (!Close(node))
        {
            return schema;
        }

        return JsonSerializer.SerializeToElement(node, AnthropicJsonContext.Default.JsonNode);

        static bool Close(JsonNode? node)
        {
            var changed = false;
            switch (node)
            {
                case JsonObject obj:
                    if (obj.TryGetPropertyValue("type", out var type) && IsObjectType(type) && !obj.ContainsKey("additionalProperties"))
                    {
                        obj["additionalProperties"] = false;
                        changed = true;
                    }

                    foreach (var property in obj.ToArray())
                    {
                        changed |= Close(property.Value);
                    }

                    break;
                case JsonArray array:
                    foreach (var item in array)
                    {
                        changed |= Close(item);
                    }

                    break;
            }

            return changed;
        }

        static bool IsObjectType(JsonNode? type) => type switch
        {
            JsonValue v => v.TryGetValue<string>(out var s) && s == "object",
            JsonArray a => a.Any(t => t is JsonValue v && v.TryGetValue<string>(out var s) && s == "object"),
            _ => false,
        };
    }
}
