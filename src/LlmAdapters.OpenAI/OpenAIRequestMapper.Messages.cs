using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using LlmAdapters.OpenAI.Wire;
using Microsoft.Extensions.AI;

namespace LlmAdapters.OpenAI;

/// <summary>Message and content mapping.</summary>
internal static partial class OpenAIRequestMapper
{
    // MEAI's defaults indent; arguments and results travel as compact JSON strings.
    private static readonly JsonSerializerOptions CompactJson = CreateCompactJson();

    private static void AddMessages(List<WireMessage> wire, IEnumerable<ChatMessage> messages, OpenAIOptions settings, string systemRole)
    {
        var compat = settings.Compatibility;
        if (messages is IList<ChatMessage> list)
        {
            // Indexed for the usual List<ChatMessage>: no boxed enumerator per request.
            for (var i = 0; i < list.Count; i++)
            {
                AddMessage(wire, list[i], compat, systemRole);
            }

            return;
        }

        foreach (var message in messages)
        {
            AddMessage(wire, message, compat, systemRole);
        }
    }

    private static void AddMessage(List<WireMessage> wire, ChatMessage message, OpenAICompatibility compat, string systemRole)
    {
        var name = compat.SupportsMessageName && !string.IsNullOrWhiteSpace(message.AuthorName) ? message.AuthorName : null;
        if (message.Role == ChatRole.System)
        {
            wire.Add(new WireMessage { Role = systemRole, Content = new WireContent { Text = message.Text }, Name = name });
        }
        else if (message.Role == ChatRole.Assistant)
        {
            AddAssistant(wire, message, name, compat);
        }
        else if (message.Role == ChatRole.Tool)
        {
            AddToolResults(wire, message.Contents);
        }
        else
        {
            AddUser(wire, message, name);
        }
    }

    private static void AddUser(List<WireMessage> wire, ChatMessage message, string? name)
    {
        var contents = message.Contents;
        if (contents.Count == 1 && contents[0] is TextContent only)
        {
            // The common case: one text, sent as a plain string without building parts.
            wire.Add(new WireMessage { Role = "user", Content = new WireContent { Text = only.Text }, Name = name });
            return;
        }

        List<WirePart>? parts = null;
        for (var i = 0; i < contents.Count; i++)
        {
            var part = ToPart(contents[i]);
            if (part is not null)
            {
                (parts ??= []).Add(part);
            }
        }

        // Function results that travel in a user message still become tool messages.
        AddToolResults(wire, message.Contents);
        if (parts is null)
        {
            return;
        }

        var body = parts.Count == 1 && parts[0].Type == "text"
            ? new WireContent { Text = parts[0].Text }
            : new WireContent { Parts = parts };
        wire.Add(new WireMessage { Role = "user", Content = body, Name = name });
    }

    private static WirePart? ToPart(AIContent content)
    {
        switch (content)
        {
            case TextContent text:
                return new WirePart { Type = "text", Text = text.Text };
            case DataContent data when data.HasTopLevelMediaType("image"):
                return new WirePart { Type = "image_url", ImageUrl = new WireImageUrl { Url = data.Uri, Detail = Detail(data) } };
            case UriContent uri when uri.HasTopLevelMediaType("image"):
                return new WirePart { Type = "image_url", ImageUrl = new WireImageUrl { Url = uri.Uri.ToString(), Detail = Detail(uri) } };
            case DataContent data when data.HasTopLevelMediaType("audio"):
                return new WirePart { Type = "input_audio", InputAudio = new WireInputAudio { Data = data.Base64Data.ToString(), Format = AudioFormat(data.MediaType) } };
            case DataContent data when data.MediaType == "application/pdf":
                return new WirePart { Type = "file", File = new WireFile { FileName = data.Name ?? "document.pdf", FileData = data.Uri } };
            case HostedFileContent file:
                return new WirePart { Type = "file", File = new WireFile { FileId = file.FileId } };
            case DataContent data:
                throw new ArgumentException(
                    $"Chat Completions cannot take '{data.MediaType}' content; send images, wav/mp3 audio, PDF files or text.");
            case UriContent uri:
                throw new ArgumentException(
                    $"Chat Completions takes only image URLs; '{uri.MediaType}' content at a URL must be downloaded and sent as DataContent.");
            default:
                return null;
        }
    }

    private static string? Detail(AIContent content) =>
        content.AdditionalProperties?.TryGetValue("detail", out var d) == true && d is string detail ? detail : null;

    private static string AudioFormat(string mediaType) => mediaType switch
    {
        "audio/wav" or "audio/x-wav" or "audio/wave" or "audio/vnd.wave" => "wav",
        "audio/mpeg" or "audio/mp3" => "mp3",
        _ => throw new ArgumentException($"Chat Completions takes wav or mp3 audio, not '{mediaType}'."),
    };

    private static void AddAssistant(List<WireMessage> wire, ChatMessage message, string? name, OpenAICompatibility compat)
    {
        StringBuilder? text = null;
        StringBuilder? reasoning = null;
        List<JsonElement>? details = null;
        List<WireToolCall>? calls = null;
        foreach (var content in message.Contents)
        {
            switch (content)
            {
                case TextContent t:
                    (text ??= new StringBuilder()).Append(t.Text);
                    break;
                case TextReasoningContent r:
                    (reasoning ??= new StringBuilder()).Append(r.Text);
                    if (r.ProtectedData is { Length: > 0 } data)
                    {
                        CollectDetails(data, ref details);
                    }

                    break;
                case FunctionCallContent call:
                    (calls ??= []).Add(new WireToolCall
                    {
                        Id = call.CallId,
                        Type = "function",
                        Function = new WireFunctionCall { Name = call.Name, Arguments = SerializeArguments(call.Arguments) },
                    });
                    break;
            }
        }

        if (text is null && calls is null)
        {
            return;
        }

        var wireMessage = new WireMessage
        {
            Role = "assistant",
            Content = text is null ? null : new WireContent { Text = text.ToString() },
            Name = name,
            ToolCalls = calls,
        };
        switch (compat.ReasoningHistory)
        {
            case OpenAIReasoningHistory.ReasoningContentOnToolCallTurns when calls is not null && reasoning is not null:
                wireMessage.ReasoningContent = reasoning.ToString();
                break;
            case OpenAIReasoningHistory.ReasoningDetails when details is not null:
                wireMessage.ReasoningDetails = JsonSerializer.SerializeToElement(details, OpenAIJsonContext.Default.ListJsonElement);
                break;
        }

        wire.Add(wireMessage);
        AddToolResults(wire, message.Contents);
    }

    private static void CollectDetails(string data, ref List<JsonElement>? details)
    {
        try
        {
            using var doc = JsonDocument.Parse(data);
            details ??= [];
            if (doc.RootElement.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in doc.RootElement.EnumerateArray())
                {
                    details.Add(item.Clone());
                }
            }
            else if (doc.RootElement.ValueKind == JsonValueKind.Object)
            {
                details.Add(doc.RootElement.Clone());
            }
        }
        catch (JsonException)
        {
            // ProtectedData from another provider (an Anthropic signature, say) is not ours to send.
        }
    }

    private static void AddToolResults(List<WireMessage> wire, IList<AIContent> contents)
    {
        for (var i = 0; i < contents.Count; i++)
        {
            if (contents[i] is FunctionResultContent result)
            {
                wire.Add(new WireMessage { Role = "tool", ToolCallId = result.CallId, Content = new WireContent { Text = ResultText(result) } });
            }
        }
    }

    internal static string ResultText(FunctionResultContent result)
    {
        switch (result.Result)
        {
            case null when result.Exception is { } ex:
                return "Error: " + ex.Message;
            case null:
                return string.Empty;
            case string s:
                return s;
            case JsonElement e:
                return e.GetRawText();
            case TextContent t:
                return t.Text;
            default:
                return JsonSerializer.Serialize(result.Result, CompactJson.GetTypeInfo(result.Result.GetType()));
        }
    }

    internal static string SerializeArguments(IDictionary<string, object?>? arguments) =>
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
