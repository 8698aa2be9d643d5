using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json.Nodes;
using LlmAdapters.OpenAI.Wire;
using Microsoft.Extensions.AI;

namespace LlmAdapters.OpenAI;

/// <summary>Maps MEAI chat messages and <see cref="ChatOptions"/> to a Chat Completions request (pure; no I/O).</summary>
internal static partial class OpenAIRequestMapper
{
    /// <summary>The MEAI convention for opting in or out of strict JSON schemas (<c>strict: true</c>).</summary>
    public const string StrictJsonSchemaKey = "strictJsonSchema";

    public static ChatCompletionRequest ToWireRequest(IEnumerable<ChatMessage> messages, ChatOptions? options, OpenAIOptions settings, string model, bool stream)
    {
        Throw.IfNull(messages);
        var compat = settings.Compatibility;
        var request = new ChatCompletionRequest { Model = model };
        if (stream)
        {
            request.Stream = true;
            if (compat.SendStreamOptions)
            {
                request.StreamOptions = new WireStreamOptions { IncludeUsage = true };
            }
        }

        var systemRole = UsesDeveloperRole(model, settings) ? "developer" : "system";
        if (!string.IsNullOrWhiteSpace(options?.Instructions))
        {
            request.Messages.Add(new WireMessage { Role = systemRole, Content = new WireContent { Text = options.Instructions } });
        }

        AddMessages(request.Messages, messages, settings, systemRole);
        if (options is not null)
        {
            ApplyOptions(request, options, settings);
        }

        return request;
    }

    internal static bool UsesDeveloperRole(string? model, OpenAIOptions settings)
    {
        if (settings.Compatibility.UseDeveloperRole is { } explicitChoice)
        {
            return explicitChoice;
        }

        if (model is null || settings.ProviderName is not ("openai" or "azure.ai.openai"))
        {
            return false;
        }

        return model.StartsWith("o1", StringComparison.OrdinalIgnoreCase)
            || model.StartsWith("o3", StringComparison.OrdinalIgnoreCase)
            || model.StartsWith("o4", StringComparison.OrdinalIgnoreCase)
            || model.StartsWith("gpt-5", StringComparison.OrdinalIgnoreCase);
    }

    private static void ApplyOptions(ChatCompletionRequest request, ChatOptions options, OpenAIOptions settings)
    {
        var compat = settings.Compatibility;
        if (options.MaxOutputTokens is { } max)
        {
            if (max <= 0)
            {
                throw new ArgumentException($"ChatOptions.MaxOutputTokens must be positive (was {max}).", nameof(options));
            }

            if (compat.UseMaxTokens)
            {
                request.MaxTokens = max;
            }
            else
            {
                request.MaxCompletionTokens = max;
            }
        }

        CheckRange(options, options.Temperature, 0, 2, "ChatOptions.Temperature");
        CheckRange(options, options.TopP, 0, 1, "ChatOptions.TopP");
        CheckRange(options, options.FrequencyPenalty, -2, 2, "ChatOptions.FrequencyPenalty");
        CheckRange(options, options.PresencePenalty, -2, 2, "ChatOptions.PresencePenalty");
        request.Temperature = options.Temperature;
        request.TopP = options.TopP;
        request.FrequencyPenalty = options.FrequencyPenalty;
        request.PresencePenalty = options.PresencePenalty;
        if (options.StopSequences is { Count: > 0 } stops)
        {
            request.Stop = [.. stops];
        }

        if (options.Seed is { } seed)
        {
            if (compat.SeedParameterName == "random_seed")
            {
                request.RandomSeed = seed;
            }
            else
            {
                request.Seed = seed;
            }
        }

        ApplyTools(request, options, compat);
        request.ResponseFormat = ToResponseFormat(options.ResponseFormat, options);
        ApplyReasoning(request, options, compat);
        ApplyAdditionalProperties(request, options, compat);
    }

    /// <summary>Throws <see cref="ArgumentException"/> (naming <paramref name="options"/>) when <paramref name="value"/> is set and
    /// outside [<paramref name="min"/>, <paramref name="max"/>] or NaN; <paramref name="api"/> names the API in the message.</summary>
    internal static void CheckRange(ChatOptions options, float? value, float min, float max, string name, string api = "Chat Completions")
    {
        if (value is { } v && (v < min || v > max || float.IsNaN(v)))
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"{name} must be between {min} and {max} for {api} (was {v})."),
                nameof(options));
        }
    }

    private static void ApplyReasoning(ChatCompletionRequest request, ChatOptions options, OpenAICompatibility compat)
    {
        if (options.Reasoning?.Effort is not { } effort)
        {
            return;
        }

        var value = effort switch
        {
            ReasoningEffort.None => "none",
            ReasoningEffort.Low => "low",
            ReasoningEffort.Medium => "medium",
            ReasoningEffort.High => "high",
            ReasoningEffort.ExtraHigh => "xhigh",
            _ => null,
        };
        if (value is null)
        {
            return;
        }

        switch (compat.ReasoningEffortStyle)
        {
            case OpenAIReasoningEffortStyle.ReasoningEffort:
                request.ReasoningEffort = value;
                break;
            case OpenAIReasoningEffortStyle.ReasoningObject:
                request.Reasoning = new WireReasoningRequest { Effort = value };
                break;
        }
    }

    private static void ApplyAdditionalProperties(ChatCompletionRequest request, ChatOptions options, OpenAICompatibility compat)
    {
        if (options.AdditionalProperties is not { Count: > 0 } props)
        {
            return;
        }

        if (props.TryGetValue(AdditionalPropertyKeys.PromptCacheKey, out var cacheKey) && cacheKey is not null)
        {
            request.PromptCacheKey = Convert.ToString(cacheKey, CultureInfo.InvariantCulture);
        }

        if (compat.SupportsLogprobs)
        {
            if (props.TryGetValue(OpenAIPropertyKeys.TopLogprobs, out var top) && top is not null)
            {
                var n = Convert.ToInt32(top, CultureInfo.InvariantCulture);
                if (n is < 0 or > 20)
                {
                    throw new ArgumentException($"The {OpenAIPropertyKeys.TopLogprobs} option must be between 0 and 20 (was {n}).", nameof(options));
                }

                request.TopLogprobs = n;
                request.Logprobs = true;
            }

            if (props.TryGetValue(OpenAIPropertyKeys.Logprobs, out var logprobs) && logprobs is bool wanted)
            {
                request.Logprobs = wanted || request.TopLogprobs is not null;
            }
        }

        if (props.TryGetValue(OpenAIPropertyKeys.ServiceTier, out var tier) && tier is string tierText)
        {
            request.ServiceTier = tierText;
        }

        if (props.TryGetValue(OpenAIPropertyKeys.Verbosity, out var verbosity) && verbosity is string verbosityText)
        {
            request.Verbosity = verbosityText;
        }

        if (props.TryGetValue(OpenAIPropertyKeys.SafetyIdentifier, out var safety) && safety is string safetyText)
        {
            request.SafetyIdentifier = safetyText;
        }

        if (props.TryGetValue(OpenAIPropertyKeys.Store, out var store) && store is bool storeValue)
        {
            request.Store = storeValue;
        }
    }

    private static void ApplyTools(ChatCompletionRequest request, ChatOptions options, OpenAICompatibility compat)
    {
        var optionsStrict = OpenAIStrictSchemas.StrictOf(options.AdditionalProperties);
        if (options.Tools is { Count: > 0 } tools)
        {
            foreach (var tool in tools)
            {
                if (tool is AIFunctionDeclaration function)
                {
                    // Strict only when asked (the function's own setting first), with the schema strict mode accepts.
                    var strict = OpenAIStrictSchemas.IsStrict(function, optionsStrict);
                    request.Tools ??= [];
                    request.Tools.Add(new WireTool
                    {
                        Function = new WireFunctionDefinition
                        {
                            Name = function.Name,
                            Description = string.IsNullOrEmpty(function.Description) ? null : function.Description,
                            Parameters = OpenAIStrictSchemas.ParametersOf(function, strict),
                            Strict = strict ? true : null,
                        },
                    });
                }
            }
        }

        if (request.Tools is null)
        {
            return;
        }

        if (options.AllowMultipleToolCalls is { } parallel)
        {
            request.ParallelToolCalls = parallel;
        }

        if (!compat.SupportsToolChoice)
        {
            return;
        }

        request.ToolChoice = options.ToolMode switch
        {
            NoneChatToolMode => JsonValue.Create("none"),
            AutoChatToolMode => JsonValue.Create("auto"),
            RequiredChatToolMode { RequiredFunctionName: { } name } => new JsonObject
            {
                ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = name },
            },
            RequiredChatToolMode => JsonValue.Create(compat.RequiredToolChoice),
            _ => null,
        };
    }

    private static WireResponseFormat? ToResponseFormat(ChatResponseFormat? format, ChatOptions options)
    {
        switch (format)
        {
            case ChatResponseFormatText:
                return new WireResponseFormat { Type = "text" };
            case ChatResponseFormatJson { Schema: { } schema } json:
                var strict = OpenAIStrictSchemas.StrictOf(options.AdditionalProperties) is false ? (bool?)null : true;
                return new WireResponseFormat
                {
                    Type = "json_schema",
                    JsonSchema = new WireJsonSchema
                    {
                        Name = OpenAIStrictSchemas.SchemaName(json.SchemaName),
                        Description = json.SchemaDescription,
                        Schema = schema,
                        Strict = strict,
                    },
                };
            case ChatResponseFormatJson:
                return new WireResponseFormat { Type = "json_object" };
            default:
                return null;
        }
    }
}
