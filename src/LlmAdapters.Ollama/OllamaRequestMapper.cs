using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using LlmAdapters.Ollama.Wire;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Ollama;

/// <summary>
/// MEAI messages and options → the <c>/api/chat</c> request (pure; no I/O). Options Ollama has no field for
/// (<c>ToolMode</c> other than none, <c>AllowMultipleToolCalls</c>) are left out rather than sent as garbage.
/// </summary>
internal static partial class OllamaRequestMapper
{
    private static readonly JsonElement JsonFormat = JsonSerializer.SerializeToElement("json", OllamaJsonContext.Default.String);
    private static readonly JsonElement True = JsonSerializer.SerializeToElement(true, OllamaJsonContext.Default.Boolean);
    private static readonly JsonElement False = JsonSerializer.SerializeToElement(false, OllamaJsonContext.Default.Boolean);

    public static OllamaChatRequest ToWireRequest(IEnumerable<ChatMessage> messages, ChatOptions? options, string model, bool stream)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var request = new OllamaChatRequest { Model = model, Stream = stream };
        request.Messages = MapMessages(messages, options?.Instructions);
        if (options is null)
        {
            return request;
        }

        request.Tools = MapTools(options);
        request.Format = MapFormat(options.ResponseFormat);
        request.Think = MapThink(options, model);
        var extra = options.AdditionalProperties;
        request.KeepAlive = KeepAlive(extra);
        request.Truncate = Bool(extra, OllamaPropertyKeys.Truncate);
        request.Shift = Bool(extra, OllamaPropertyKeys.Shift);

        var runtime = RuntimeOptions(extra);
        runtime.Temperature = Widen(options.Temperature);
        runtime.TopP = Widen(options.TopP);
        runtime.TopK = options.TopK;
        runtime.NumPredict = options.MaxOutputTokens;
        runtime.Stop = options.StopSequences is { Count: > 0 } stops ? [.. stops] : null;
        runtime.Seed = options.Seed;
        runtime.FrequencyPenalty = Widen(options.FrequencyPenalty);
        runtime.PresencePenalty = Widen(options.PresencePenalty);
        request.Options = runtime.IsEmpty ? null : runtime;
        return request;
    }

    /// <summary>The runtime knobs given under <see cref="OllamaPropertyKeys"/> (shared with the embedding mapper).</summary>
    internal static OllamaRequestOptions RuntimeOptions(AdditionalPropertiesDictionary? extra) => new()
    {
        NumCtx = Int(extra, OllamaPropertyKeys.NumCtx),
        NumGpu = Int(extra, OllamaPropertyKeys.NumGpu),
        MainGpu = Int(extra, OllamaPropertyKeys.MainGpu),
        NumThread = Int(extra, OllamaPropertyKeys.NumThread),
        NumBatch = Int(extra, OllamaPropertyKeys.NumBatch),
        NumKeep = Int(extra, OllamaPropertyKeys.NumKeep),
        UseMmap = Bool(extra, OllamaPropertyKeys.UseMmap),
        RepeatPenalty = Double(extra, OllamaPropertyKeys.RepeatPenalty),
        RepeatLastN = Int(extra, OllamaPropertyKeys.RepeatLastN),
        MinP = Double(extra, OllamaPropertyKeys.MinP),
        TypicalP = Double(extra, OllamaPropertyKeys.TypicalP),
    };

    /// <summary>Whether <paramref name="model"/> takes a thinking level rather than on/off: the gpt-oss family ignores
    /// booleans, so a requested effort must travel as its level.</summary>
    internal static bool TakesThinkingLevels(string model)
    {
        // Strip a registry host or namespace ("hf.co/org/gpt-oss…", "library/gpt-oss").
        var name = model.AsSpan(model.LastIndexOf('/') + 1);
        return name.StartsWith("gpt-oss", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary><c>think</c>: the explicit <see cref="OllamaPropertyKeys.Think"/> value as given; else from
    /// <c>ChatOptions.Reasoning</c> — effort none (or output none without an effort) turns thinking off, any other effort
    /// turns it on, as a level (<c>low</c>, <c>medium</c>, <c>high</c>; extra-high is sent as <c>high</c>) for models that take
    /// levels. Without either, <c>think</c> is left out and the server decides (thinking models think by default).</summary>
    private static JsonElement? MapThink(ChatOptions options, string model)
    {
        if (options.AdditionalProperties?.TryGetValue(OllamaPropertyKeys.Think, out var given) == true && given is not null)
        {
            return given switch
            {
                bool b => b ? True : False,
                string s when bool.TryParse(s, out var b) => b ? True : False,
                string s => JsonSerializer.SerializeToElement(s, OllamaJsonContext.Default.String),
                JsonElement { ValueKind: JsonValueKind.True or JsonValueKind.False or JsonValueKind.String } e => e,
                _ => throw new ArgumentException(
                    $"AdditionalProperties[\"{OllamaPropertyKeys.Think}\"] must be true, false or a level such as \"low\", \"medium\" or \"high\"; a {given.GetType().Name} was given.",
                    nameof(options)),
            };
        }

        if (options.Reasoning is not { } reasoning)
        {
            return null;
        }

        var effort = reasoning.Effort;
        if (effort == ReasoningEffort.None || (effort is null && reasoning.Output == ReasoningOutput.None))
        {
            return False;
        }

        if (!TakesThinkingLevels(model))
        {
            return True;
        }

        var level = effort switch
        {
            ReasoningEffort.Low => "low",
            ReasoningEffort.High or ReasoningEffort.ExtraHigh => "high",
            _ => "medium",
        };
        return JsonSerializer.SerializeToElement(level, OllamaJsonContext.Default.String);
    }

    /// <summary><c>format</c>: <c>"json"</c> for JSON without a schema, the schema itself with one, nothing for text.</summary>
    private static JsonElement? MapFormat(ChatResponseFormat? format) => format switch
    {
        ChatResponseFormatJson { Schema: { } schema } => schema,
        ChatResponseFormatJson => JsonFormat,
        _ => null,
    };

    /// <summary>Function tools. Ollama has no <c>tool_choice</c>: the model decides, so only <c>ChatToolMode.None</c> has an
    /// effect — it leaves the tools out. Tools other than functions cannot be described to Ollama and are left out.</summary>
    private static List<OllamaTool>? MapTools(ChatOptions options)
    {
        if (options.Tools is not { Count: > 0 } tools || options.ToolMode is NoneChatToolMode)
        {
            return null;
        }

        List<OllamaTool>? result = null;
        foreach (var tool in tools)
        {
            if (tool is AIFunctionDeclaration function)
            {
                (result ??= []).Add(new OllamaTool
                {
                    Function = new OllamaFunctionDefinition
                    {
                        Name = function.Name,
                        Description = string.IsNullOrEmpty(function.Description) ? null : function.Description,
                        Parameters = function.JsonSchema,
                    },
                });
            }
        }

        return result;
    }

    /// <summary><c>keep_alive</c>: a <see cref="TimeSpan"/> or a number becomes seconds, text goes as written.</summary>
    internal static JsonElement? KeepAlive(AdditionalPropertiesDictionary? extra)
    {
        if (extra?.TryGetValue(OllamaPropertyKeys.KeepAlive, out var value) != true || value is null)
        {
            return null;
        }

        return value switch
        {
            TimeSpan t when t < TimeSpan.Zero => JsonSerializer.SerializeToElement(-1L, OllamaJsonContext.Default.Int64),
            TimeSpan t when t.Ticks % TimeSpan.TicksPerSecond == 0 => JsonSerializer.SerializeToElement((long)t.TotalSeconds, OllamaJsonContext.Default.Int64),
            TimeSpan t => JsonSerializer.SerializeToElement(t.TotalSeconds, OllamaJsonContext.Default.Double),
            string s => JsonSerializer.SerializeToElement(s, OllamaJsonContext.Default.String),
            JsonElement { ValueKind: JsonValueKind.String or JsonValueKind.Number } e => e,
            int or long or short => JsonSerializer.SerializeToElement(Convert.ToInt64(value, CultureInfo.InvariantCulture), OllamaJsonContext.Default.Int64),
            double or float or decimal => JsonSerializer.SerializeToElement(Convert.ToDouble(value, CultureInfo.InvariantCulture), OllamaJsonContext.Default.Double),
            _ => throw Invalid(
                $"AdditionalProperties[\"{OllamaPropertyKeys.KeepAlive}\"] must be a TimeSpan, a number of seconds or a duration such as \"10m\"; a {value.GetType().Name} was given.",
                "options"),
        };
    }

    internal static int? Int(AdditionalPropertiesDictionary? extra, string key) =>
        Number(extra, key) is { } d ? checked((int)d) : null;

    internal static double? Double(AdditionalPropertiesDictionary? extra, string key) => Number(extra, key);

    internal static bool? Bool(AdditionalPropertiesDictionary? extra, string key)
    {
        if (extra?.TryGetValue(key, out var value) != true || value is null)
        {
            return null;
        }

        return value switch
        {
            bool b => b,
            string s when bool.TryParse(s, out var b) => b,
            JsonElement { ValueKind: JsonValueKind.True } => true,
            JsonElement { ValueKind: JsonValueKind.False } => false,
            _ => throw Invalid(key, "true or false", value, "options"),
        };
    }

    private static double? Number(AdditionalPropertiesDictionary? extra, string key)
    {
        if (extra?.TryGetValue(key, out var value) != true || value is null)
        {
            return null;
        }

        return value switch
        {
            float f => Widen(f),
            int or long or short or byte or double or decimal => Convert.ToDouble(value, CultureInfo.InvariantCulture),
            string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
            JsonElement { ValueKind: JsonValueKind.Number } e => e.GetDouble(),
            _ => throw Invalid(key, "a number", value, "options"),
        };
    }

    private static ArgumentException Invalid(string key, string expected, object value, string paramName) =>
        Invalid($"AdditionalProperties[\"{key}\"] must be {expected}; '{value}' ({value.GetType().Name}) was given.", paramName);

    private static ArgumentException Invalid(string message, string paramName) => new(message, paramName);

    // ChatOptions holds floats: 0.9f would otherwise go out as 0.8999999761581421.
    private static double? Widen(float? value) => value is { } v ? Math.Round(v, 6) : null;
}
