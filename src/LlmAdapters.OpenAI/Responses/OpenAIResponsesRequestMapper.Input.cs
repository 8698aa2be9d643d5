using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using LlmAdapters.OpenAI.Responses.Wire;
using Microsoft.Extensions.AI;

namespace LlmAdapters.OpenAI.Responses;

/// <summary>Chat messages → Responses input items.</summary>
internal static partial class OpenAIResponsesRequestMapper
{
    private static void AddInput(List<OpenAIResponsesItem> input, IEnumerable<ChatMessage> messages)
    {
        foreach (var message in messages)
        {
            if (message.Role == ChatRole.Assistant)
            {
                AddAssistant(input, message.Contents);
            }
            else if (message.Role == ChatRole.Tool)
            {
                AddToolResults(input, message.Contents);
            }
            else
            {
                var role = message.Role == ChatRole.System ? "system" : message.Role == ChatRole.User ? "user" : message.Role.Value;
                AddInputMessage(input, role, message.Contents);
            }
        }
    }

    private static void AddInputMessage(List<OpenAIResponsesItem> input, string role, IList<AIContent> contents)
    {
        var parts = new List<OpenAIResponsesPart>(contents.Count);
        foreach (var content in contents)
        {
            switch (content)
            {
                case TextContent text:
                    parts.Add(new OpenAIResponsesPart { Type = "input_text", Text = text.Text });
                    break;
                case DataContent data when data.HasTopLevelMediaType("image"):
                    parts.Add(new OpenAIResponsesPart { Type = "input_image", ImageUrl = data.Uri, Detail = "auto" });
                    break;
                case DataContent data:
                    parts.Add(new OpenAIResponsesPart { Type = "input_file", Filename = data.Name ?? DefaultFileName(data.MediaType), FileData = data.Uri });
                    break;
                case UriContent uri when uri.HasTopLevelMediaType("image"):
                    parts.Add(new OpenAIResponsesPart { Type = "input_image", ImageUrl = uri.Uri.AbsoluteUri, Detail = "auto" });
                    break;
                case UriContent uri:
                    parts.Add(new OpenAIResponsesPart { Type = "input_file", FileUrl = uri.Uri.AbsoluteUri });
                    break;
                case HostedFileContent file when file.MediaType is { } mediaType && mediaType.StartsWith("image/", StringComparison.OrdinalIgnoreCase):
                    parts.Add(new OpenAIResponsesPart { Type = "input_image", FileId = file.FileId, Detail = "auto" });
                    break;
                case HostedFileContent file:
                    parts.Add(new OpenAIResponsesPart { Type = "input_file", FileId = file.FileId });
                    break;
            }
        }

        if (parts.Count > 0)
        {
            input.Add(new OpenAIResponsesItem { Type = "message", Role = role, Content = parts });
        }
    }

    private static void AddAssistant(List<OpenAIResponsesItem> input, IList<AIContent> contents)
    {
        List<OpenAIResponsesPart>? text = null;
        ReasoningDraft? reasoning = null;
        OpenAIResponsesItem? lastRaw = null;
        foreach (var content in contents)
        {
            if (content is TextReasoningContent thought)
            {
                FlushText(input, ref text);
                var id = ItemOf(thought)?.Id;
                if (reasoning is not null && id is not null && reasoning.Id is not null && id != reasoning.Id)
                {
                    FlushReasoning(input, ref reasoning);
                }

                (reasoning ??= new()).Add(thought, ItemOf(thought));
                continue;
            }

            FlushReasoning(input, ref reasoning);
            switch (content)
            {
                case TextContent { Text.Length: > 0 } t:
                    (text ??= []).Add(new OpenAIResponsesPart { Type = "output_text", Text = t.Text });
                    break;
                case ErrorContent { ErrorCode: "refusal" } refusal:
                    (text ??= []).Add(new OpenAIResponsesPart { Type = "refusal", Refusal = refusal.Message });
                    break;
                case FunctionCallContent call:
                    FlushText(input, ref text);
                    input.Add(new OpenAIResponsesItem
                    {
                        Type = "function_call",
                        CallId = call.CallId,
                        Name = call.Name,
                        Arguments = OpenAIRequestMapper.SerializeArguments(call.Arguments),
                    });
                    break;
                default:
                    // Hosted-tool calls and results (and items kept raw) go back as the item they came from, once per item.
                    if (ItemOf(content) is { Type: not ("message" or "function_call" or "reasoning") } item && !ReferenceEquals(item, lastRaw))
                    {
                        FlushText(input, ref text);
                        input.Add(item);
                        lastRaw = item;
                    }

                    break;
            }
        }

        FlushReasoning(input, ref reasoning);
        FlushText(input, ref text);
    }

    private static void AddToolResults(List<OpenAIResponsesItem> input, IList<AIContent> contents)
    {
        foreach (var content in contents)
        {
            if (content is FunctionResultContent result)
            {
                input.Add(new OpenAIResponsesItem
                {
                    Type = "function_call_output",
                    CallId = result.CallId,
                    Output = JsonValue.Create(OpenAIRequestMapper.ResultText(result)),
                });
            }
        }
    }

    /// <summary>The wire item a content was mapped from: the item itself (whole responses) or the event that carried it (streams).</summary>
    private static OpenAIResponsesItem? ItemOf(AIContent content) => content.RawRepresentation switch
    {
        OpenAIResponsesItem item => item,
        OpenAIResponsesStreamEvent { Item: { } item } => item,
        _ => null,
    };

    private static void FlushText(List<OpenAIResponsesItem> input, ref List<OpenAIResponsesPart>? text)
    {
        if (text is not null)
        {
            input.Add(new OpenAIResponsesItem { Type = "message", Role = "assistant", Content = text });
            text = null;
        }
    }

    private static void FlushReasoning(List<OpenAIResponsesItem> input, ref ReasoningDraft? reasoning)
    {
        if (reasoning?.ToItem() is { } item)
        {
            input.Add(item);
        }

        reasoning = null;
    }

    private static string DefaultFileName(string mediaType) => mediaType switch
    {
        "application/pdf" => "file.pdf",
        "text/plain" => "file.txt",
        _ => "file",
    };

    /// <summary>
    /// One reasoning item rebuilt from the reasoning contents of a turn. A stream yields the summary as many deltas and the
    /// item's id and encrypted content on a closing content; aggregation may or may not merge them, so consecutive reasoning
    /// contents are joined here. Without an id or encrypted content the server cannot use the item, so none is sent.
    /// </summary>
    private sealed class ReasoningDraft
    {
        private readonly System.Text.StringBuilder _text = new();
        private OpenAIResponsesItem? _item;
        private string? _encrypted;

        public string? Id => _item?.Id;

        public void Add(TextReasoningContent content, OpenAIResponsesItem? item)
        {
            _text.Append(content.Text);
            _item ??= item;
            _encrypted = content.ProtectedData ?? _encrypted;
        }

        public OpenAIResponsesItem? ToItem()
        {
            var encrypted = _encrypted ?? _item?.EncryptedContent;
            if (_item?.Id is null && encrypted is null)
            {
                return null;
            }

            var summary = _item?.Summary;
            if (summary is null)
            {
                summary = _text.Length == 0 ? [] : [new OpenAIResponsesPart { Type = "summary_text", Text = _text.ToString() }];
            }

            return new OpenAIResponsesItem { Type = "reasoning", Id = _item?.Id, Summary = summary, EncryptedContent = encrypted };
        }
    }
}
