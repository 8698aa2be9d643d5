using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LlmAdapters.Cohere.Wire;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Cohere;

/// <summary>Messages, tool results and documents.</summary>
internal static partial class CohereRequestMapper
{
    // MEAI's defaults indent; arguments and results travel as compact JSON text.
    private static readonly JsonSerializerOptions CompactJson = CreateCompactJson();

    /// <summary>Maps the conversation. Cohere takes one system turn and only as the first message, so the instructions and
    /// every system message are joined into it, in order.</summary>
    private static void MapMessages(IEnumerable<ChatMessage> messages, string? instructions, List<CohereMessage> wire, List<JsonNode> documents)
    {
        var system = new StringBuilder();
        AppendSystem(system, instructions);
        foreach (var message in messages)
        {
            if (message.Role == ChatRole.System)
            {
                AppendSystem(system, message.Text);
            }
            else if (message.Role == ChatRole.Assistant)
            {
                AddAssistant(wire, message);
            }
            else
            {
                // Tool results travel as tool messages whatever role carried them; anything else a user sent is a user turn.
                AddToolResults(wire, message.Contents);
                if (message.Role != ChatRole.Tool)
                {
                    AddUser(wire, message, documents);
                }
            }
        }

        if (system.Length > 0)
        {
            wire.Insert(0, new CohereMessage { Role = "system", Content = new CohereMessageContent { Text = system.ToString() } });
        }
    }

    private static void AppendSystem(StringBuilder system, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }

        if (system.Length > 0)
        {
            system.Append("\n\n");
        }

        system.Append(text);
    }

    private static void AddUser(List<CohereMessage> wire, ChatMessage message, List<JsonNode> documents)
    {
        var contents = message.Contents;
        if (contents.Count == 1 && contents[0] is TextContent only)
        {
            // The common case: one text, sent as a plain string without building parts.
            wire.Add(new CohereMessage { Role = "user", Content = new CohereMessageContent { Text = only.Text } });
            return;
        }

        var parts = new List<CohereContentPart>();
        var hasImage = false;
        foreach (var content in contents)
        {
            switch (content)
            {
                case TextContent text:
                    parts.Add(new CohereContentPart { Type = "text", Text = text.Text });
                    break;
                case DataContent data when data.HasTopLevelMediaType("image"):
                    parts.Add(new CohereContentPart { Type = "image_url", ImageUrl = new CohereImageUrl { Url = data.Uri, Detail = Detail(data) } });
                    hasImage = true;
                    break;
                case UriContent uri when uri.HasTopLevelMediaType("image"):
                    parts.Add(new CohereContentPart { Type = "image_url", ImageUrl = new CohereImageUrl { Url = uri.Uri.ToString(), Detail = Detail(uri) } });
                    hasImage = true;
                    break;
                case DataContent data when IsTextDocument(data.MediaType):
                    documents.Add(TextDocument(data));
                    break;
                case DataContent data:
                    throw Invalid($"Cohere chat takes images and text documents; '{data.MediaType}' content is not supported.", "messages");
                case UriContent uri:
                    throw Invalid($"Cohere chat takes only image URLs; download '{uri.MediaType}' content and send it as a DataContent text document.", "messages");
            }
        }

        if (parts.Count == 0)
        {
            return;
        }

        wire.Add(new CohereMessage
        {
            Role = "user",
            Content = hasImage ? new CohereMessageContent { Parts = parts } : new CohereMessageContent { Text = string.Concat(parts.Select(p => p.Text)) },
        });
    }

    private static void AddAssistant(List<CohereMessage> wire, ChatMessage message)
    {
        StringBuilder? text = null;
        StringBuilder? plan = null;
        List<CohereContentPart>? thinking = null;
        List<CohereToolCall>? calls = null;
        foreach (var content in message.Contents)
        {
            switch (content)
            {
                case TextContent t when !string.IsNullOrEmpty(t.Text):
                    (text ??= new StringBuilder()).Append(t.Text);
                    break;
                case TextReasoningContent r when IsToolPlan(r):
                    (plan ??= new StringBuilder()).Append(r.Text);
                    break;
                case TextReasoningContent r when !string.IsNullOrEmpty(r.Text) && !IsForeign(r):
                    (thinking ??= []).Add(new CohereContentPart { Type = "thinking", Thinking = r.Text });
                    break;
                case FunctionCallContent call:
                    (calls ??= []).Add(new CohereToolCall
                    {
                        Id = call.CallId,
                        Function = new CohereToolCallFunction { Name = call.Name, Arguments = SerializeArguments(call.Arguments) },
                    });
                    break;
            }
        }

        if (text is null && calls is null && thinking is null)
        {
            return;
        }

        CohereMessageContent? body = null;
        if (thinking is not null)
        {
            // Thinking must be sent back as typed parts, with the answer text after it.
            if (text is not null)
            {
                thinking.Add(new CohereContentPart { Type = "text", Text = text.ToString() });
            }

            body = new CohereMessageContent { Parts = thinking };
        }
        else if (text is not null)
        {
            body = new CohereMessageContent { Text = text.ToString() };
        }

        wire.Add(new CohereMessage
        {
            Role = "assistant",
            Content = body,

            // The plan belongs to the turn that made the calls; it is sent back with them and only with them.
            ToolPlan = calls is not null && plan is { Length: > 0 } ? plan.ToString() : null,
            ToolCalls = calls,
        });
    }

    /// <summary>One <c>tool</c> message per result. Objects become a document (citable), each element of an array its own
    /// document; strings and other values travel as text.</summary>
    private static void AddToolResults(List<CohereMessage> wire, IList<AIContent> contents)
    {
        foreach (var content in contents)
        {
            if (content is FunctionResultContent result)
            {
                wire.Add(new CohereMessage { Role = "tool", ToolCallId = result.CallId, Content = new CohereMessageContent { Parts = ResultParts(result) } });
            }
        }
    }

    private static List<CohereContentPart> ResultParts(FunctionResultContent result)
    {
        var value = result.Result switch
        {
            null when result.Exception is { } ex => (object)("Error: " + ex.Message),
            TextContent t => t.Text,
            JsonElement { ValueKind: JsonValueKind.String } e => e.GetString()!,
            var other => other,
        };

        if (value is string s)
        {
            return [TextPart(s)];
        }

        var element = value switch
        {
            null => default,
            JsonElement e => e,
            _ => JsonSerializer.SerializeToElement(value, CompactJson.GetTypeInfo(value.GetType())),
        };

        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                return [DocumentPart(element)];
            case JsonValueKind.Array when element.GetArrayLength() > 0:
                var parts = new List<CohereContentPart>(element.GetArrayLength());
                foreach (var item in element.EnumerateArray())
                {
                    parts.Add(item.ValueKind == JsonValueKind.String ? TextPart(item.GetString()!) : DocumentPart(item));
                }

                return parts;
            case JsonValueKind.Undefined:
                return [TextPart("null")];
            default:
                return [TextPart(element.GetRawText())];
        }

        static CohereContentPart TextPart(string text) => new() { Type = "text", Text = text };

        // Cohere takes a document's data as an object of fields or as one JSON text; JSON text keeps nested values intact.
        static CohereContentPart DocumentPart(JsonElement data) =>
            new() { Type = "document", Document = new CohereDocument { Data = JsonValue.Create(data.GetRawText()) } };
    }

    private static List<JsonNode> ReadDocuments(ChatOptions? options)
    {
        var documents = new List<JsonNode>();
        if (options?.AdditionalProperties?.TryGetValue(CoherePropertyKeys.Documents, out var value) != true || value is null)
        {
            return documents;
        }

        switch (value)
        {
            case JsonElement { ValueKind: JsonValueKind.Array } array:
                foreach (var item in array.EnumerateArray())
                {
                    documents.Add(Document(item));
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    documents.Add(Document(item));
                }

                break;
            case IEnumerable items and not string and not IDictionary:
                foreach (var item in items)
                {
                    documents.Add(Document(item));
                }

                break;
            default:
                throw InvalidDocument(value);
        }

        return documents;
    }

    /// <summary>One document in the wire shape: a string as is; an object with <c>data</c> as is; any other object or
    /// dictionary as the document's <c>data</c>.</summary>
    private static JsonNode Document(object? item)
    {
        switch (item)
        {
            case string text:
                return JsonValue.Create(text);
            case JsonElement { ValueKind: JsonValueKind.String } e:
                return JsonValue.Create(e.GetString()!);
            case JsonElement { ValueKind: JsonValueKind.Object } e:
                return Document(JsonSerializer.SerializeToNode(e, CohereJsonContext.Default.JsonElement));
            case JsonValue v when v.TryGetValue<string>(out var text):
                return JsonValue.Create(text);
            case JsonObject o:
                var copy = (JsonObject)o.DeepClone();
                return copy.ContainsKey("data") ? copy : new JsonObject { ["data"] = copy };
            case IEnumerable<KeyValuePair<string, string>> fields:
                return new JsonObject { ["data"] = Fields(fields.Select(f => new KeyValuePair<string, object?>(f.Key, f.Value))) };
            case IEnumerable<KeyValuePair<string, object?>> fields:
                return new JsonObject { ["data"] = Fields(fields) };
            default:
                throw InvalidDocument(item);
        }

        static JsonObject Fields(IEnumerable<KeyValuePair<string, object?>> fields)
        {
            var data = new JsonObject();
            foreach (var (key, field) in fields)
            {
                data[key] = field switch
                {
                    null => null,
                    string s => s,
                    JsonElement e => JsonSerializer.SerializeToNode(e, CohereJsonContext.Default.JsonElement),
                    _ => JsonSerializer.SerializeToNode(field, CompactJson.GetTypeInfo(field.GetType())),
                };
            }

            return data;
        }
    }

    private static ArgumentException InvalidDocument(object? value) => Invalid(
        $"The '{CoherePropertyKeys.Documents}' option must be a sequence of strings, dictionaries of fields or JSON objects, not {value?.GetType().Name ?? "null"}.",
        "options");

    private static JsonObject TextDocument(DataContent data)
    {
        var fields = new JsonObject();
        if (!string.IsNullOrWhiteSpace(data.Name))
        {
            fields["title"] = data.Name;
        }

        fields["text"] = Encoding.UTF8.GetString(data.Data.Span);
        return new JsonObject { ["data"] = fields };
    }

    private static bool IsTextDocument(string mediaType) =>
        mediaType.StartsWith("text/", StringComparison.OrdinalIgnoreCase)
        || mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
        || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase);

    private static bool IsToolPlan(TextReasoningContent content) =>
        content.AdditionalProperties?.TryGetValue(CoherePropertyKeys.ToolPlan, out var marker) == true && marker is true;

    /// <summary>Reasoning another provider produced: its text was written for that provider's model and is not sent.</summary>
    private static bool IsForeign(AIContent content) =>
        content.AdditionalProperties?.TryGetValue(AdditionalPropertyKeys.OriginProvider, out var origin) == true
        && origin is string provider && provider != CohereConstants.ProviderName;

    private static string? Detail(AIContent content) =>
        content.AdditionalProperties?.TryGetValue("detail", out var d) == true && d is string detail ? detail : null;

    private static string SerializeArguments(IDictionary<string, object?>? arguments) =>
        arguments is null or { Count: 0 }
            ? "{}"
            : JsonSerializer.Serialize(arguments, CompactJson.GetTypeInfo(typeof(IDictionary<string, object?>)));

    private static JsonSerializerOptions CreateCompactJson()
    {
        var options = new JsonSerializerOptions(AIJsonUtilities.DefaultOptions) { WriteIndented = false };
        options.MakeReadOnly();
        return options;
    }
}
