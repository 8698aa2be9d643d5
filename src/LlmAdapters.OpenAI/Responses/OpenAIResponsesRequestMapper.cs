using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json.Nodes;
using LlmAdapters.OpenAI.Responses.Wire;
using Microsoft.Extensions.AI;

namespace LlmAdapters.OpenAI.Responses;

/// <summary>Maps MEAI chat messages and <see cref="ChatOptions"/> to a Responses request (pure; no I/O). Messages become
/// input items (<c>.Input.cs</c>), tools and hosted tools their wire forms (<c>.Tools.cs</c>).</summary>
internal static partial class OpenAIResponsesRequestMapper
{
    /// <summary>What <c>include</c> asks for when nothing is stored: the encrypted reasoning the next turn must send back.</summary>
    public const string EncryptedReasoningInclude = "reasoning.encrypted_content";

    // How range errors name this API.
    private const string ResponsesApi = "the Responses API";

    public static OpenAIResponsesRequest ToWireRequest(IEnumerable<ChatMessage> messages, ChatOptions? options, string providerName, string model, bool stream)
    {
        Throw.IfNull(messages);
        var request = new OpenAIResponsesRequest { Model = model, Stream = stream ? true : null };
        if (!string.IsNullOrWhiteSpace(options?.Instructions))
        {
            // Instructions apply to one call only (not inherited through previous_response_id), so they are sent every turn.
            request.Instructions = options.Instructions;
        }

        AddInput(request.Input, messages);
        if (options is not null)
        {
            ApplyOptions(request, options, providerName);
        }

        return request;
    }

    private static void ApplyOptions(OpenAIResponsesRequest request, ChatOptions options, string providerName)
    {
        if (options.ConversationId is { Length: > 0 } conversation)
        {
            // A conversation object (conv_…) holds server-side history; anything else is a response to continue from.
            if (conversation.StartsWith("conv_", StringComparison.Ordinal))
            {
                request.Conversation = conversation;
            }
            else
            {
                request.PreviousResponseId = conversation;
            }
        }

        if (options.MaxOutputTokens is { } max)
        {
            if (max <= 0)
            {
                throw new ArgumentException($"ChatOptions.MaxOutputTokens must be positive (was {max}).", nameof(options));
            }

            request.MaxOutputTokens = max;
        }

        OpenAIRequestMapper.CheckRange(options, options.Temperature, 0, 2, "ChatOptions.Temperature", ResponsesApi);
        OpenAIRequestMapper.CheckRange(options, options.TopP, 0, 1, "ChatOptions.TopP", ResponsesApi);
        request.Temperature = options.Temperature;
        request.TopP = options.TopP;
        ApplyTools(request, options, providerName);
        if (ToFormat(options) is { } format)
        {
            (request.Text ??= new()).Format = format;
        }

        request.Reasoning = ToReasoning(options.Reasoning);
        ApplyAdditionalProperties(request, options);
        if (request.Store == false)
        {
            // Nothing is kept on the server: ask for the encrypted reasoning, which the next turn sends back verbatim.
            request.Include = [EncryptedReasoningInclude];
        }
    }

    private static OpenAIResponsesReasoningOptions? ToReasoning(ReasoningOptions? reasoning)
    {
        if (reasoning is null)
        {
            return null;
        }

        var effort = reasoning.Effort switch
        {
            ReasoningEffort.None => "none",
            ReasoningEffort.Low => "low",
            ReasoningEffort.Medium => "medium",
            ReasoningEffort.High => "high",
            ReasoningEffort.ExtraHigh => "xhigh",
            _ => null,
        };

        // OpenAI returns summaries, never the raw chain of thought: "detailed" is the closest to full output.
        var summary = reasoning.Output switch
        {
            ReasoningOutput.Summary => "auto",
            ReasoningOutput.Full => "detailed",
            _ => null,
        };
        return effort is null && summary is null ? null : new OpenAIResponsesReasoningOptions { Effort = effort, Summary = summary };
    }

    private static JsonObject? ToFormat(ChatOptions options)
    {
        switch (options.ResponseFormat)
        {
            case ChatResponseFormatText:
                return new JsonObject { ["type"] = "text" };
            case ChatResponseFormatJson { Schema: { } schema } json:
                var format = new JsonObject
                {
                    ["type"] = "json_schema",
                    ["name"] = OpenAIStrictSchemas.SchemaName(json.SchemaName),
                    ["schema"] = JsonNode.Parse(schema.GetRawText()),
                };
                if (json.SchemaDescription is { Length: > 0 } description)
                {
                    format["description"] = description;
                }

                // Strict unless the caller opts out ("strict" or the earlier "strictJsonSchema" set to false).
                if (OpenAIStrictSchemas.StrictOf(options.AdditionalProperties) is not false)
                {
                    format["strict"] = true;
                }

                return format;
            case ChatResponseFormatJson:
                return new JsonObject { ["type"] = "json_object" };
            default:
                return null;
        }
    }

    private static void ApplyAdditionalProperties(OpenAIResponsesRequest request, ChatOptions options)
    {
        if (options.AdditionalProperties is not { Count: > 0 } props)
        {
            return;
        }

        if (props.TryGetValue(OpenAIPropertyKeys.Store, out var store) && store is bool storeValue)
        {
            request.Store = storeValue;
        }

        if (props.TryGetValue(AdditionalPropertyKeys.PromptCacheKey, out var cacheKey) && cacheKey is not null)
        {
            request.PromptCacheKey = Convert.ToString(cacheKey, CultureInfo.InvariantCulture);
        }

        if (props.TryGetValue(OpenAIPropertyKeys.ServiceTier, out var tier) && tier is string tierText)
        {
            request.ServiceTier = tierText;
        }

        if (props.TryGetValue(OpenAIPropertyKeys.SafetyIdentifier, out var safety) && safety is string safetyText)
        {
            request.SafetyIdentifier = safetyText;
        }

        if (props.TryGetValue(OpenAIPropertyKeys.Verbosity, out var verbosity) && verbosity is string verbosityText)
        {
            (request.Text ??= new()).Verbosity = verbosityText;
        }
    }
}
