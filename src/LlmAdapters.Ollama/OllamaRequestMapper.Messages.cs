using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using LlmAdapters.Ollama.Wire;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Ollama;

/// <summary>Messages and their contents: text joined into <c>content</c>, images into <c>images</c>, reasoning into
/// <c>thinking</c>, calls into <c>tool_calls</c>, and each function result into its own <c>tool</c> message.</summary>
internal static partial class OllamaRequestMapper
{
    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();
    private static readonly JsonSerializerOptions CompactJson = CreateCompactJson();

    private static List<OllamaMessage> MapMessages(IEnumerable<ChatMessage> messages, string? instructions)
    {
        var wire = new List<OllamaMessage>();
        if (!string.IsNullOrEmpty(instructions))
        {
            wire.Add(new OllamaMessage { Role = "system", Content = instructions });
        }

        // Ollama names the tool a result answers (tool_name); MEAI results carry only the call id, so remember each call's name.
        Dictionary<string, string>? callNames = null;
        foreach (var message in messages)
        {
            ArgumentNullException.ThrowIfNull(message, nameof(messages));
            var mapped = new OllamaMessage { Role = RoleOf(message.Role) };
            var text = new StringBuilder();
            StringBuilder? thinking = null;
            List<OllamaMessage>? results = null;
            foreach (var content in message.Contents)
            {
                switch (content)
                {
                    case TextContent t:
                        text.Append(t.Text);
                        break;
                    case TextReasoningContent r:
                        // Thinking goes back on assistant turns only, joined: a streamed trace arrives in many pieces.
                        if (message.Role == ChatRole.Assistant)
                        {
                            (thinking ??= new StringBuilder()).Append(r.Text);
                        }

                        break;
                    case DataContent data:
                        (mapped.Images ??= []).Add(ImageOf(data));
                        break;
                    case UriContent uri:
                        throw new ArgumentException(
                            $"Ollama takes images as bytes, not by URL: download '{uri.Uri}' and send it as a DataContent.",
                            nameof(messages));
                    case FunctionCallContent call:
                        (callNames ??= new(StringComparer.Ordinal))[call.CallId] = call.Name;
                        (mapped.ToolCalls ??= []).Add(new OllamaToolCall
                        {
                            Id = string.IsNullOrEmpty(call.CallId) ? null : call.CallId,
                            Function = new OllamaFunctionCall { Name = call.Name, Arguments = SerializeArguments(call.Arguments) },
                        });
                        break;
                    case FunctionResultContent result:
                        (results ??= []).Add(new OllamaMessage
                        {
                            Role = "tool",
                            Content = ResultText(result),
                            ToolName = callNames is not null && callNames.TryGetValue(result.CallId, out var name) ? name : null,
                            ToolCallId = string.IsNullOrEmpty(result.CallId) ? null : result.CallId,
                        });
                        break;
                }
            }

            mapped.Content = text.ToString();
            mapped.Thinking = thinking?.ToString();
            if (mapped.Content.Length > 0 || mapped.Thinking is not null || mapped.Images is not null || mapped.ToolCalls is not null || results is null)
            {
                wire.Add(mapped);
            }

            if (results is not null)
            {
                wire.AddRange(results);
            }
        }

        return wire;
    }

    private static string RoleOf(ChatRole role) =>
        role == ChatRole.System ? "system"
        : role == ChatRole.User ? "user"
        : role == ChatRole.Assistant ? "assistant"
        : role == ChatRole.Tool ? "tool"
        : role.Value;

    private static string ImageOf(DataContent data)
    {
        if (!data.HasTopLevelMediaType("image"))
        {
            throw Invalid(
                $"Ollama accepts images only; a DataContent of media type '{data.MediaType}' cannot be sent. Send text as TextContent.",
                "messages");
        }

        return data.Base64Data.ToString();
    }

    private static string ResultText(FunctionResultContent result) => result.Result switch
    {
        null when result.Exception is { } ex => "Error: " + ex.Message,
        null => string.Empty,
        string s => s,
        JsonElement { ValueKind: JsonValueKind.String } e => e.GetString() ?? string.Empty,
        JsonElement e => e.GetRawText(),
        TextContent t => t.Text,
        var other => JsonSerializer.Serialize(other, CompactJson.GetTypeInfo(other.GetType())),
    };

    private static JsonElement SerializeArguments(IDictionary<string, object?>? arguments) =>
        arguments is null or { Count: 0 }
            ? EmptyObject
            : JsonSerializer.SerializeToElement(arguments, CompactJson.GetTypeInfo(typeof(IDictionary<string, object?>)));

    private static JsonSerializerOptions CreateCompactJson()
    {
        var options = new JsonSerializerOptions(AIJsonUtilities.DefaultOptions) { WriteIndented = false };
        options.MakeReadOnly();
        return options;
    }
}
