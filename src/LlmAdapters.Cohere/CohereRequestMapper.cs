using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using LlmAdapters.Cohere.Wire;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Cohere;

/// <summary>
/// MEAI messages and <see cref="ChatOptions"/> → the <c>/v2/chat</c> request (pure; no I/O). Messages and documents are
/// mapped in <c>CohereRequestMapper.Messages.cs</c>; the options here.
/// </summary>
internal static partial class CohereRequestMapper
{
    public static CohereChatRequest ToWireRequest(IEnumerable<ChatMessage> messages, ChatOptions? options, string model, bool stream)
    {
        Throw.IfNull(messages);
        var request = new CohereChatRequest { Model = model };
        var documents = ReadDocuments(options);
        MapMessages(messages, options?.Instructions, request.Messages, documents);
        if (documents.Count > 0)
        {
            request.Documents = documents;
        }

        if (options is not null)
        {
            ApplyOptions(request, options);
        }

        if (stream)
        {
            request.Stream = true;
        }

        return request;
    }

    private static void ApplyOptions(CohereChatRequest request, ChatOptions options)
    {
        if (options.MaxOutputTokens is { } max)
        {
            request.MaxTokens = max > 0
                ? max
                : throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"ChatOptions.MaxOutputTokens must be positive (was {max})."), nameof(options));
        }

        request.Temperature = Widen(options.Temperature);
        request.P = Widen(options.TopP);
        request.K = options.TopK;
        request.FrequencyPenalty = Widen(options.FrequencyPenalty);
        request.PresencePenalty = Widen(options.PresencePenalty);
        request.Seed = options.Seed;
        if (options.StopSequences is { Count: > 0 } stops)
        {
            request.StopSequences = [.. stops];
        }

        ApplyTools(request, options);
        request.ResponseFormat = ToResponseFormat(options.ResponseFormat);
        request.Thinking = ToThinking(options);

        var props = options.AdditionalProperties;
        if (ReadString(props, CoherePropertyKeys.CitationMode) is { } mode)
        {
            request.CitationOptions = new CohereCitationOptions { Mode = mode };
        }

        request.SafetyMode = ReadString(props, CoherePropertyKeys.SafetyMode);
        request.Priority = ReadInt(props, CoherePropertyKeys.Priority);
    }

    private static void ApplyTools(CohereChatRequest request, ChatOptions options)
    {
        if (options.ToolMode is NoneChatToolMode)
        {
            // Cohere's "NONE" still needs the tools declared; the model then answers without calling them.
            request.ToolChoice = "NONE";
        }

        // Cohere cannot force one named tool: a required specific function is sent as the only tool, with REQUIRED.
        var only = options.ToolMode is RequiredChatToolMode { RequiredFunctionName: { } name } ? name : null;
        foreach (var tool in options.Tools ?? [])
        {
            if (tool is AIFunctionDeclaration function && (only is null || function.Name == only))
            {
                (request.Tools ??= []).Add(new CohereTool
                {
                    Function = new CohereFunction
                    {
                        Name = function.Name,
                        Description = string.IsNullOrEmpty(function.Description) ? null : function.Description,
                        Parameters = function.JsonSchema,
                    },
                });
            }
        }

        if (request.Tools is null)
        {
            request.ToolChoice = null;
            if (only is not null)
            {
                throw new ArgumentException($"ChatToolMode requires the function '{only}', but ChatOptions.Tools declares no function of that name.", nameof(options));
            }

            return;
        }

        if (options.ToolMode is RequiredChatToolMode)
        {
            request.ToolChoice = "REQUIRED";
        }

        if (ReadBool(options.AdditionalProperties, CoherePropertyKeys.StrictTools) is { } strict)
        {
            request.StrictTools = strict;
        }
    }

    private static CohereResponseFormat? ToResponseFormat(ChatResponseFormat? format) => format switch
    {
        ChatResponseFormatText => new CohereResponseFormat { Type = "text" },
        ChatResponseFormatJson { Schema: { } schema } => new CohereResponseFormat { Type = "json_object", JsonSchema = schema },
        ChatResponseFormatJson => new CohereResponseFormat { Type = "json_object" },
        _ => null,
    };

    /// <summary>Reasoning models think by default: <see cref="ReasoningEffort.None"/> turns it off; any other effort turns
    /// it on, capped by <see cref="AdditionalPropertyKeys.ReasoningBudgetTokens"/> when given.</summary>
    private static CohereThinking? ToThinking(ChatOptions options)
    {
        var budget = ReadInt(options.AdditionalProperties, AdditionalPropertyKeys.ReasoningBudgetTokens);
        if (budget is <= 0 || options.Reasoning?.Effort == ReasoningEffort.None)
        {
            return new CohereThinking { Type = "disabled" };
        }

        return budget is not null || options.Reasoning?.Effort is not null
            ? new CohereThinking { Type = "enabled", TokenBudget = budget }
            : null;
    }

    // ChatOptions holds floats: 0.9f would otherwise go out as 0.8999999761581421.
    private static double? Widen(float? value) => value is { } v ? Math.Round(v, 6) : null;

    internal static string? ReadString(AdditionalPropertiesDictionary? props, string key) =>
        props?.TryGetValue(key, out var value) != true ? null : value switch
        {
            null => null,
            string s => string.IsNullOrWhiteSpace(s) ? null : s,
            JsonElement { ValueKind: JsonValueKind.String } e => e.GetString(),
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            _ => Convert.ToString(value, CultureInfo.InvariantCulture),
        };

    private static int? ReadInt(AdditionalPropertiesDictionary? props, string key)
    {
        if (props?.TryGetValue(key, out var value) != true || value is null)
        {
            return null;
        }

        try
        {
            return value switch
            {
                JsonElement { ValueKind: JsonValueKind.Number } e => e.GetInt32(),
                JsonElement { ValueKind: JsonValueKind.String } e => int.Parse(e.GetString()!, NumberStyles.Integer, CultureInfo.InvariantCulture),
                JsonValue v when v.TryGetValue<int>(out var i) => i,
                _ => Convert.ToInt32(value, CultureInfo.InvariantCulture),
            };
        }
        catch (Exception ex) when (ex is FormatException or InvalidCastException or OverflowException or InvalidOperationException)
        {
            throw Invalid($"The '{key}' option must be a whole number.", "options", ex);
        }
    }

    private static bool? ReadBool(AdditionalPropertiesDictionary? props, string key) =>
        props?.TryGetValue(key, out var value) != true ? null : value switch
        {
            bool b => b,
            JsonElement { ValueKind: JsonValueKind.True } => true,
            JsonElement { ValueKind: JsonValueKind.False } => false,
            JsonValue v when v.TryGetValue<bool>(out var b) => b,
            string s when bool.TryParse(s, out var b) => b,
            null => null,
            _ => throw Invalid($"The '{key}' option must be true or false.", "options"),
        };

    /// <summary>An argument error on the public parameter (<c>messages</c> or <c>options</c>) the caller fixes.</summary>
    private static ArgumentException Invalid(string message, string paramName, Exception? inner = null) => new(message, paramName, inner);
}
