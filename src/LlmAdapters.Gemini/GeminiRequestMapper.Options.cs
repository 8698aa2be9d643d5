using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using LlmAdapters.Gemini.Wire;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Gemini;

/// <summary>Tools, tool mode, generation config and provider-only knobs.</summary>
internal static partial class GeminiRequestMapper
{
    private static void MapTools(ChatOptions options, GeminiRequest request)
    {
        var urlContext = options.AdditionalProperties?.TryGetValue(GeminiPropertyKeys.UrlContext, out var u) == true && u is true;
        if ((options.Tools is not { Count: > 0 } && !urlContext) || request.Tools is not null)
        {
            return;
        }

        var tools = options.Tools ?? [];

        List<GeminiFunctionDeclaration>? functions = null;
        var result = new List<GeminiTool>();
        foreach (var tool in tools)
        {
            switch (tool)
            {
                case AIFunctionDeclaration function:
                    (functions ??= []).Add(new GeminiFunctionDeclaration
                    {
                        Name = function.Name,
                        Description = string.IsNullOrEmpty(function.Description) ? null : function.Description,
                        ParametersJsonSchema = function.JsonSchema,
                    });
                    break;
                case HostedWebSearchTool search:
                    result.Add(new GeminiTool { GoogleSearch = ToolFields(search.AdditionalProperties) });
                    break;
                case HostedCodeInterpreterTool:
                    result.Add(new GeminiTool { CodeExecution = EmptyObject });
                    break;
            }
        }

        if (urlContext)
        {
            // URL context has no Microsoft.Extensions.AI type: it is asked for with GeminiPropertyKeys.UrlContext.
            result.Add(new GeminiTool { UrlContext = EmptyObject });
        }

        if (functions is not null)
        {
            result.Insert(0, new GeminiTool { FunctionDeclarations = functions });
        }

        if (result.Count == 0)
        {
            return;
        }

        request.Tools = result;
        if (functions is not null && options.ToolMode is { } mode && request.ToolConfig is null)
        {
            request.ToolConfig = new GeminiToolConfig
            {
                FunctionCallingConfig = mode switch
                {
                    NoneChatToolMode => new GeminiFunctionCallingConfig { Mode = "NONE" },
                    RequiredChatToolMode { RequiredFunctionName: { } name } => new GeminiFunctionCallingConfig { Mode = "ANY", AllowedFunctionNames = [name] },
                    RequiredChatToolMode => new GeminiFunctionCallingConfig { Mode = "ANY" },
                    _ => new GeminiFunctionCallingConfig { Mode = "AUTO" },
                },
            };
        }

        if (functions is not null && options.AdditionalProperties?.TryGetValue(GeminiPropertyKeys.StreamFunctionCallArguments, out var streamArgs) == true && streamArgs is true)
        {
            var config = (request.ToolConfig ??= new GeminiToolConfig()).FunctionCallingConfig ??= new GeminiFunctionCallingConfig();
            config.StreamFunctionCallArguments ??= true;
        }
    }

    /// <summary>A hosted tool's <c>AdditionalProperties</c> as the fields of its Gemini tool object (for example
    /// <c>timeRangeFilter</c> on <c>googleSearch</c>, <c>excludeDomains</c> on Vertex); <c>{}</c> when there are none.</summary>
    private static JsonElement ToolFields(IReadOnlyDictionary<string, object?> properties)
    {
        var fields = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in properties)
        {
            if (value is not null && !key.StartsWith("gemini.", StringComparison.Ordinal))
            {
                fields[key] = value;
            }
        }

        return fields.Count == 0 ? EmptyObject : ArgumentsToJson(fields);
    }

    private static void MapGenerationConfig(ChatOptions options, GeminiRequest request, string model)
    {
        var config = request.GenerationConfig ??= new GeminiGenerationConfig();
        config.Temperature ??= options.Temperature;
        config.TopP ??= options.TopP;
        config.TopK ??= options.TopK;
        config.CandidateCount ??= 1;
        config.MaxOutputTokens ??= options.MaxOutputTokens;
        if (options.StopSequences is { Count: > 0 } stops)
        {
            config.StopSequences ??= [.. stops];
        }

        config.PresencePenalty ??= options.PresencePenalty;
        config.FrequencyPenalty ??= options.FrequencyPenalty;
        config.Seed ??= options.Seed;
        if (options.ResponseFormat is ChatResponseFormatJson json && config.ResponseMimeType is null)
        {
            config.ResponseMimeType = "application/json";
            config.ResponseJsonSchema = json.Schema;
        }

        if (options.AdditionalProperties is { } extra)
        {
            if (extra.TryGetValue(GeminiPropertyKeys.ResponseModalities, out var modalities) && modalities is IEnumerable<string> list)
            {
                config.ResponseModalities ??= [.. list];
            }

            if (extra.TryGetValue(GeminiPropertyKeys.MediaResolution, out var resolution) && resolution is string res)
            {
                config.MediaResolution ??= res;
            }
        }

        MapThinking(options, config, model);
    }

    /// <summary>
    /// <c>ChatOptions.Reasoning</c> → <c>thinkingConfig</c>. Gemini 3 models take a <c>thinkingLevel</c>
    /// (None → MINIMAL, Low → LOW, Medium → MEDIUM, High/ExtraHigh → HIGH); earlier models take a
    /// <c>thinkingBudget</c> (None → 0, or 128 on Pro models that cannot switch thinking off; Low → 1024;
    /// Medium → 8192; High → 24576; ExtraHigh → 32768). An explicit <see cref="AdditionalPropertyKeys.ReasoningBudgetTokens"/>
    /// or <see cref="GeminiPropertyKeys.ThinkingLevel"/> wins. Output None → includeThoughts false; Summary/Full → true.
    /// </summary>
    private static void MapThinking(ChatOptions options, GeminiGenerationConfig config, string model)
    {
        if (config.ThinkingConfig is not null)
        {
            return;
        }

        int? budget = null;
        string? level = null;
        if (options.AdditionalProperties is { } extra)
        {
            if (extra.TryGetValue(AdditionalPropertyKeys.ReasoningBudgetTokens, out var b))
            {
                budget = b switch
                {
                    int i => i,
                    long l => checked((int)l),
                    JsonElement { ValueKind: JsonValueKind.Number } e => e.GetInt32(),
                    string s when int.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, out var parsed) => parsed,
                    _ => null,
                };
            }

            if (extra.TryGetValue(GeminiPropertyKeys.ThinkingLevel, out var lv) && lv is string levelText)
            {
                level = levelText;
            }
        }

        var reasoning = options.Reasoning;
        if (budget is null && level is null && reasoning?.Effort is { } effort)
        {
            if (IsGemini3(model))
            {
                level = effort switch
                {
                    ReasoningEffort.None => "MINIMAL",
                    ReasoningEffort.Low => "LOW",
                    ReasoningEffort.Medium => "MEDIUM",
                    _ => "HIGH",
                };
            }
            else
            {
                budget = effort switch
                {
                    ReasoningEffort.None => model.Contains("-pro", StringComparison.OrdinalIgnoreCase) ? 128 : 0,
                    ReasoningEffort.Low => 1024,
                    ReasoningEffort.Medium => 8192,
                    ReasoningEffort.High => 24576,
                    _ => 32768,
                };
            }
        }

        bool? include = reasoning?.Output switch
        {
            ReasoningOutput.None => false,
            ReasoningOutput.Summary or ReasoningOutput.Full => true,
            _ => null,
        };

        if (budget is null && level is null && include is null)
        {
            return;
        }

        config.ThinkingConfig = new GeminiThinkingConfig { ThinkingBudget = budget, ThinkingLevel = budget is null ? level : null, IncludeThoughts = include };
    }

    internal static bool IsGemini3(string model)
    {
        var id = model.AsSpan();
        var slash = id.LastIndexOf('/');
        if (slash >= 0)
        {
            id = id[(slash + 1)..];
        }

        if (!id.StartsWith("gemini-", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var version = id["gemini-".Length..];
        var end = version.IndexOfAny('-', '.');
        return end > 0 && int.TryParse(version[..end], System.Globalization.CultureInfo.InvariantCulture, out var major) && major >= 3;
    }

    private static void MapExtras(ChatOptions options, GeminiRequest request)
    {
        if (options.AdditionalProperties is not { } extra)
        {
            return;
        }

        if (request.SafetySettings is null && extra.TryGetValue(GeminiPropertyKeys.SafetySettings, out var safety))
        {
            request.SafetySettings = safety switch
            {
                JsonElement element => element,
                IEnumerable<GeminiSafetySetting> settings => SafetyToJson(settings),
                string text => JsonElement.Parse(text),
                _ => throw new ArgumentException(
                    $"AdditionalProperties[\"{GeminiPropertyKeys.SafetySettings}\"] must be an IEnumerable<GeminiSafetySetting> or a JSON array.", nameof(options)),
            };
        }

        if (extra.TryGetValue(GeminiPropertyKeys.ServiceTier, out var tier) && tier is string tierText)
        {
            request.ServiceTier ??= tierText;
        }

        if (extra.TryGetValue(GeminiPropertyKeys.Labels, out var labels) && labels is IEnumerable<KeyValuePair<string, string>> pairs)
        {
            request.Labels ??= pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        }
    }

    private static JsonElement SafetyToJson(IEnumerable<GeminiSafetySetting> settings)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var s in settings)
            {
                writer.WriteStartObject();
                writer.WriteString("category", s.Category);
                writer.WriteString("threshold", s.Threshold);
                if (s.Method is not null)
                {
                    writer.WriteString("method", s.Method);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return JsonElement.Parse(buffer.WrittenSpan);
    }
}
