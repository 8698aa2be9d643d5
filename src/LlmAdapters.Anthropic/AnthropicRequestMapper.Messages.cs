using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using LlmAdapters.Anthropic.Wire;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Anthropic;

internal static partial class AnthropicRequestMapper
{
    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();

    private static void MapSystemAndMessages(IEnumerable<ChatMessage> messages, ChatOptions? options, MessagesRequest body, ref bool usesFiles)
    {
        var system = new List<ContentBlock>();
        if (!string.IsNullOrEmpty(options?.Instructions))
        {
            system.Add(new ContentBlock { Type = "text", Text = options.Instructions });
        }

        var wireMessages = new List<WireMessage>();
        foreach (var message in messages)
        {
            ArgumentNullException.ThrowIfNull(message, nameof(messages));
            if (message.Role == ChatRole.System)
            {
                // System messages anywhere in the conversation join the top-level system prompt, in order.
                var before = system.Count;
                foreach (var content in message.Contents)
                {
                    if (content is TextContent { Text.Length: > 0 } text)
                    {
                        system.Add(WithBreakpoint(new ContentBlock { Type = "text", Text = text.Text }, content));
                    }
                }

                if (system.Count > before && message.TryGetCacheBreakpoint(out var systemBreakpoint))
                {
                    system[^1].CacheControl ??= ToCacheControl(systemBreakpoint);
                }

                continue;
            }

            var isAssistant = message.Role == ChatRole.Assistant;
            var blocks = MapContents(message.Contents, isAssistant, ref usesFiles);
            if (blocks.Count == 0)
            {
                continue;
            }

            if (message.TryGetCacheBreakpoint(out var breakpoint) && LastCacheable(blocks) is { } last)
            {
                last.CacheControl ??= ToCacheControl(breakpoint);
            }

            var role = isAssistant ? "assistant" : "user";
            if (wireMessages.Count > 0 && wireMessages[^1].Role == role)
            {
                // The API wants strictly alternating turns: consecutive same-role messages become one turn.
                wireMessages[^1].Content.AddRange(blocks);
            }
            else
            {
                wireMessages.Add(new WireMessage { Role = role, Content = blocks });
            }
        }

        foreach (var message in wireMessages)
        {
            if (message.Role == "user")
            {
                ToolResultsFirst(message.Content);
            }
        }

        if (options?.TryGetCacheBreakpoint(AdditionalPropertyKeys.InstructionsCacheBreakpoint, out var instructionsBreakpoint) == true && system.Count > 0)
        {
            system[^1].CacheControl ??= ToCacheControl(instructionsBreakpoint);
        }

        body.System ??= system.Count > 0 ? system : null;
        body.Messages ??= wireMessages;
        if (body.Messages.Count == 0)
        {
            throw Invalid(
                "Anthropic needs at least one user or assistant message with content; system messages and instructions alone go to the system prompt.",
                nameof(messages));
        }
    }

    private static List<ContentBlock> MapContents(IList<AIContent> contents, bool isAssistant, ref bool usesFiles)
    {
        var blocks = new List<ContentBlock>(contents.Count);
        // A StringBuilder, not string concatenation: a streamed reasoning block comes back as one piece per
        // thinking_delta, and joining n pieces by += copies O(n²) characters.
        StringBuilder? pendingThinking = null;
        foreach (var content in contents)
        {
            ContentBlock? block = null;
            switch (content)
            {
                case TextContent text:
                    if (isAssistant && text.RawRepresentation is ResponseBlock { Type: "text", Citations.Count: > 0, Text.Length: > 0 } cited
                        && (cited.Text == text.Text || text.Text.Length == 0))
                    {
                        // A cited answer goes back with its citations (web search ones carry encrypted_index) unchanged.
                        block = cited.Text == text.Text ? FromResponseBlock(cited) : CitedStreamedText(cited, blocks);
                    }
                    else if (text.Text.Length > 0)
                    {
                        block = new ContentBlock { Type = "text", Text = text.Text };
                    }

                    break;

                case TextReasoningContent reasoning when isAssistant:
                    if (IsRedacted(reasoning))
                    {
                        block = new ContentBlock { Type = "redacted_thinking", Data = reasoning.ProtectedData };
                    }
                    else if (reasoning.ProtectedData is { } signature)
                    {
                        // Streamed thinking arrives as text pieces followed by the signature: rejoin them, so the
                        // block goes back exactly as the model produced it.
                        var thinking = pendingThinking is null ? reasoning.Text : pendingThinking.Append(reasoning.Text).ToString();
                        block = new ContentBlock { Type = "thinking", Thinking = thinking, Signature = signature };
                        pendingThinking?.Clear();
                    }
                    else
                    {
                        // Reasoning without a signature (for example from another provider) cannot be verified by
                        // the API; it is only sent when a signature follows.
                        (pendingThinking ??= new StringBuilder()).Append(reasoning.Text);
                    }

                    break;

                case DataContent data:
                    block = WithCitations(MapData(data), data);
                    break;

                case UriContent uri:
                    block = WithCitations(MapUri(uri), uri);
                    break;

                case HostedFileContent file:
                    usesFiles = true;
                    block = new ContentBlock
                    {
                        Type = file.HasTopLevelMediaType("image") ? "image" : "document",
                        Source = new ContentSource { Type = "file", FileId = file.FileId },
                    };
                    break;

                case FunctionCallContent call when isAssistant:
                    block = new ContentBlock
                    {
                        Type = "tool_use",
                        Id = call.CallId,
                        Name = call.Name,
                        Input = call.RawRepresentation is ResponseBlock { Input: { } input } ? input : SerializeArguments(call.Arguments),
                    };
                    break;

                case FunctionResultContent result:
                    block = MapToolResult(result, ref usesFiles);
                    break;

                default:
                    block = content.RawRepresentation switch
                    {
                        ContentBlock raw => raw,
                        ResponseBlock raw => FromResponseBlock(raw),
                        _ => null,
                    };
                    break;
            }

            if (block is not null)
            {
                blocks.Add(WithBreakpoint(block, content));
            }
        }

        return blocks;
    }

    /// <summary>
    /// The end of a streamed cited block (see <c>AnthropicStreamMapper</c>): an empty text whose raw block holds the whole
    /// cited text, which coalescing has merged into the text before it. That text's tail becomes the cited block again;
    /// when the history was edited and the tail no longer matches, the text stays as it is and the citations are not sent.
    /// </summary>
    private static ContentBlock? CitedStreamedText(ResponseBlock cited, List<ContentBlock> blocks)
    {
        var citedText = cited.Text!;
        if (blocks.Count == 0 || blocks[^1] is not { Type: "text", Citations: null, Text: { } before } previous
            || !before.EndsWith(citedText, StringComparison.Ordinal))
        {
            return null;
        }

        var block = FromResponseBlock(cited);
        block.CacheControl = previous.CacheControl;
        if (before.Length == citedText.Length)
        {
            blocks.RemoveAt(blocks.Count - 1);
        }
        else
        {
            previous.Text = before[..^citedText.Length];
            previous.CacheControl = null;
        }

        return block;
    }

    private static bool IsRedacted(TextReasoningContent reasoning) =>
        reasoning.RawRepresentation switch
        {
            ResponseBlock raw => raw.Type == "redacted_thinking",
            ContentBlock raw => raw.Type == "redacted_thinking",
            _ => reasoning.AdditionalProperties?.TryGetValue(AnthropicPropertyKeys.RedactedThinking, out bool redacted) == true && redacted,
        };

    private static ContentBlock MapData(DataContent data)
    {
        var mediaType = data.MediaType;
        if (data.HasTopLevelMediaType("image"))
        {
            if (mediaType is not ("image/jpeg" or "image/png" or "image/gif" or "image/webp"))
            {
                throw Invalid(
                    $"Anthropic accepts images as image/jpeg, image/png, image/gif or image/webp; convert the '{mediaType}' image first.",
                    "messages");
            }

            return new ContentBlock
            {
                Type = "image",
                Source = new ContentSource { Type = "base64", MediaType = mediaType, Data = data.Base64Data.ToString() },
            };
        }

        if (string.Equals(mediaType, "application/pdf", StringComparison.OrdinalIgnoreCase))
        {
            return new ContentBlock
            {
                Type = "document",
                Title = data.Name,
                Source = new ContentSource { Type = "base64", MediaType = "application/pdf", Data = data.Base64Data.ToString() },
            };
        }

        if (mediaType.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase))
        {
            return new ContentBlock
            {
                Type = "document",
                Title = data.Name,
                Source = new ContentSource { Type = "text", MediaType = "text/plain", Data = Encoding.UTF8.GetString(data.Data.Span) },
            };
        }

        throw Invalid(
            $"Anthropic accepts images (image/jpeg, image/png, image/gif, image/webp), PDFs and plain text; a DataContent of media type '{mediaType}' cannot be sent.",
            "messages");
    }

    private static ContentBlock MapUri(UriContent uri)
    {
        if (uri.HasTopLevelMediaType("image"))
        {
            return new ContentBlock { Type = "image", Source = new ContentSource { Type = "url", Url = uri.Uri.ToString() } };
        }

        if (string.Equals(uri.MediaType, "application/pdf", StringComparison.OrdinalIgnoreCase))
        {
            return new ContentBlock { Type = "document", Source = new ContentSource { Type = "url", Url = uri.Uri.ToString() } };
        }

        throw Invalid(
            $"Anthropic fetches only images and PDFs by URL; a UriContent of media type '{uri.MediaType}' cannot be sent. Download it and send a DataContent instead.",
            "messages");
    }

    private static ContentBlock MapToolResult(FunctionResultContent result, ref bool usesFiles)
    {
        List<ContentBlock>? content = result.Result switch
        {
            null => result.Exception is null ? null : [new ContentBlock { Type = "text", Text = "The tool call failed." }],
            string { Length: 0 } => null,
            string s => [new ContentBlock { Type = "text", Text = s }],
            AIContent single => MapContents([single], isAssistant: false, ref usesFiles),
            IEnumerable<AIContent> many => MapContents([.. many], isAssistant: false, ref usesFiles),
            JsonElement { ValueKind: JsonValueKind.String } e => [new ContentBlock { Type = "text", Text = e.GetString() }],
            JsonElement e => [new ContentBlock { Type = "text", Text = e.GetRawText() }],
            var other => [new ContentBlock { Type = "text", Text = JsonSerializer.Serialize(other, AIJsonUtilities.DefaultOptions.GetTypeInfo(other.GetType())) }],
        };

        return new ContentBlock
        {
            Type = "tool_result",
            ToolUseId = result.CallId,
            Content = content is { Count: > 0 } ? content : null,
            IsError = result.Exception is not null ? true : null,
        };
    }

    private static JsonElement SerializeArguments(IDictionary<string, object?>? arguments) =>
        arguments is null || arguments.Count == 0
            ? EmptyObject
            : JsonSerializer.SerializeToElement(arguments, AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(IDictionary<string, object?>)));

    /// <summary>A block received from the API (server tool use, search results, …) sent back as it came.</summary>
    internal static ContentBlock FromResponseBlock(ResponseBlock raw) => new()
    {
        Type = raw.Type ?? "unknown",
        Text = raw.Text,
        Id = raw.Id,
        Name = raw.Name,
        Input = raw.Input,
        ToolUseId = raw.ToolUseId,
        Thinking = raw.Thinking,
        Signature = raw.Signature,
        Data = raw.Data,
        Citations = raw.Citations is { } citations ? JsonSerializer.SerializeToElement(citations, AnthropicJsonContext.Default.ListJsonElement) : null,
        ExtensionData = raw.ExtensionData,
    };

    private static readonly JsonElement CitationsEnabled = JsonDocument.Parse("""{"enabled":true}""").RootElement.Clone();

    private static ContentBlock WithCitations(ContentBlock block, AIContent content)
    {
        if (block.Type == "document"
            && content.AdditionalProperties?.TryGetValue(AnthropicPropertyKeys.Citations, out bool enabled) == true && enabled)
        {
            block.Citations = CitationsEnabled;
        }

        return block;
    }

    private static ContentBlock WithBreakpoint(ContentBlock block, AIContent content)
    {
        if (content.TryGetCacheBreakpoint(out var breakpoint))
        {
            block.CacheControl = ToCacheControl(breakpoint);
        }

        return block;
    }

    private static ContentBlock? LastCacheable(List<ContentBlock> blocks)
    {
        for (var i = blocks.Count - 1; i >= 0; i--)
        {
            if (blocks[i].Type is not ("thinking" or "redacted_thinking"))
            {
                return blocks[i];
            }
        }

        return null;
    }

    private static void ToolResultsFirst(List<ContentBlock> blocks)
    {
        // tool_result blocks must open the user turn that answers the tool calls.
        var firstOther = blocks.FindIndex(b => b.Type != "tool_result");
        if (firstOther < 0 || blocks.FindLastIndex(b => b.Type == "tool_result") < firstOther)
        {
            return;
        }

        var ordered = blocks.Where(b => b.Type == "tool_result").Concat(blocks.Where(b => b.Type != "tool_result")).ToList();
        blocks.Clear();
        blocks.AddRange(ordered);
    }
}
