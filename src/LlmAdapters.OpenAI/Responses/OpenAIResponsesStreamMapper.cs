using System;
using System.Collections.Generic;
using System.Text;
using LlmAdapters.OpenAI.Responses.Wire;
using LlmAdapters.Providers;
using Microsoft.Extensions.AI;

namespace LlmAdapters.OpenAI.Responses;

/// <summary>
/// Responses stream events → <see cref="ChatResponseUpdate"/>s. Text, refusal and reasoning deltas pass through as they come;
/// function-call arguments are assembled per item (keyed by item id, since deltas never repeat the call id) and the call is
/// emitted once, from the authoritative <c>response.output_item.done</c> item (servers that send no deltas, or a
/// <c>…arguments.done</c> without a name, still yield the whole call); hosted-tool items and the encrypted reasoning arrive with
/// that event too. <c>response.completed</c> / <c>response.incomplete</c> end the stream; usage and the finish reason go on the
/// closing update. <c>error</c> and <c>response.failed</c> are errors. Event types this library does not know are kept raw.
/// </summary>
internal sealed class OpenAIResponsesStreamMapper(bool storeRequested) : StreamMapper<OpenAIResponsesStreamEvent>
{
    private readonly Dictionary<string, StringBuilder> _arguments = new(StringComparer.Ordinal);
    private string? _responseId;
    private string? _conversationId;
    private string? _modelId;
    private DateTimeOffset? _createdAt;
    private bool _sawFunctionCall;
    private OpenAIResponsesStreamEvent? _terminal;

    public override string TerminalEvent => "response.completed";

    public override bool TryGetError(OpenAIResponsesStreamEvent chunk, out ProviderErrorInfo error)
    {
        switch (chunk.Type)
        {
            case "error":
                // The spec puts code and message on the event; recorded streams nest them in an error object.
                var nested = chunk.Error;
                error = OpenAIResponsesResponseMapper.ToErrorInfo(nested?.Type, nested?.Code ?? chunk.Code, nested?.Message ?? chunk.Message, nested?.Param ?? chunk.Param);
                return true;
            case "response.failed":
                var failure = chunk.Response?.Error;
                error = OpenAIResponsesResponseMapper.ToErrorInfo(failure?.Type, failure?.Code, failure?.Message, failure?.Param);
                return true;
            default:
                error = default;
                return false;
        }
    }

    public override ChatResponseUpdate? FromStreamEvent(OpenAIResponsesStreamEvent evt)
    {
        ArgumentNullException.ThrowIfNull(evt);

        // Almost every event is a text delta: take that path before any other comparison.
        if (ReferenceEquals(evt.Type, OpenAIResponsesStreamDecoder.OutputTextDelta))
        {
            return Update(evt, new TextContent(evt.Delta) { RawRepresentation = evt });
        }

        switch (evt.Type)
        {
            case OpenAIResponsesStreamDecoder.OutputTextDelta:
                // Decoded whole: a server that sends no event names.
                return Update(evt, new TextContent(evt.Delta) { RawRepresentation = evt });
            case OpenAIResponsesStreamDecoder.ReasoningSummaryTextDelta or OpenAIResponsesStreamDecoder.ReasoningTextDelta:
                return Update(evt, new TextReasoningContent(evt.Delta) { RawRepresentation = evt });
            case OpenAIResponsesStreamDecoder.FunctionCallArgumentsDelta:
                if (evt.ItemId is { } itemId)
                {
                    Arguments(itemId).Append(evt.Delta);
                }

                return null;
            case "response.created" or "response.queued":
                return OnCreated(evt);
            case "response.in_progress":
                Remember(evt.Response);
                return null;
            case "response.output_item.done":
                return OnItemDone(evt);
            case "response.output_text.annotation.added" when evt.Annotation is { } annotation:
                return Update(evt, new TextContent(string.Empty) { Annotations = [OpenAIResponsesResponseMapper.ToCitation(annotation)], RawRepresentation = evt });
            case "response.refusal.done":
                return Update(evt, new ErrorContent(evt.Text ?? evt.Extra?.GetValueOrDefault("refusal").GetString() ?? string.Empty) { ErrorCode = "refusal", RawRepresentation = evt });
            case "response.function_call_arguments.done" when evt.ItemId is { } doneItemId && evt.Arguments is { } arguments:
                // Authoritative arguments (LM Studio sends only this): replace whatever the deltas assembled.
                Arguments(doneItemId).Clear().Append(arguments);
                return null;
            case "response.completed" or "response.incomplete":
                _terminal = evt;
                Remember(evt.Response);
                IsComplete = true;
                StopReading = true;
                return null;
            case "[DONE]":
                // Open Responses ends every stream with [DONE]; a terminal event normally came first.
                IsComplete = true;
                StopReading = true;
                return null;
            default:
                return IsKnownProgress(evt.Type) ? null : new ChatResponseUpdate { Role = ChatRole.Assistant, RawRepresentation = evt, ResponseId = _responseId, ConversationId = _conversationId, MessageId = _responseId };
        }
    }

    public override ChatResponseUpdate? Complete()
    {
        if (_terminal?.Response is not { } response)
        {
            return null;
        }

        var update = new ChatResponseUpdate
        {
            Role = ChatRole.Assistant,
            ResponseId = _responseId,
            MessageId = _responseId,
            ConversationId = _conversationId,
            ModelId = _modelId,
            CreatedAt = _createdAt,
            FinishReason = OpenAIResponsesResponseMapper.ToFinishReason(response, _sawFunctionCall),
            RawRepresentation = _terminal,
        };
        if (response.Usage is { } usage)
        {
            update.Contents = [new UsageContent(OpenAIResponsesResponseMapper.ToUsage(usage)) { RawRepresentation = usage }];
        }

        return update;
    }

    // Lifecycle, part and progress events whose content arrives through other events.
    private static bool IsKnownProgress(string? type) => type is not null && type.StartsWith("response.", StringComparison.Ordinal) && (
        type is "response.output_item.added" or "response.content_part.added" or "response.content_part.done"
            or "response.output_text.done" or "response.refusal.delta" or "response.reasoning_summary_part.added"
            or "response.reasoning_summary_part.done" or "response.reasoning_summary_text.done" or "response.reasoning_text.done"
            or "response.function_call_arguments.done" or "response.output_text.annotation.added"
        || type.StartsWith("response.web_search_call.", StringComparison.Ordinal)
        || type.StartsWith("response.file_search_call.", StringComparison.Ordinal)
        || type.StartsWith("response.code_interpreter_call", StringComparison.Ordinal)
        || type.StartsWith("response.mcp_", StringComparison.Ordinal));

    private ChatResponseUpdate OnCreated(OpenAIResponsesStreamEvent evt)
    {
        Remember(evt.Response);
        return new ChatResponseUpdate
        {
            Role = ChatRole.Assistant,
            ResponseId = _responseId,
            MessageId = _responseId,
            ConversationId = _conversationId,
            ModelId = _modelId,
            CreatedAt = _createdAt,
            RawRepresentation = evt,
        };
    }

    private ChatResponseUpdate? OnItemDone(OpenAIResponsesStreamEvent evt)
    {
        if (evt.Item is not { } item)
        {
            return null;
        }

        if (item.Type == "message")
        {
            // Its text and refusals were streamed as deltas.
            return null;
        }

        if (item.Type == "function_call")
        {
            _sawFunctionCall = true;
            if (item.Arguments is null && item.Id is { } id && _arguments.TryGetValue(id, out var assembled))
            {
                item.Arguments = assembled.ToString();
            }
        }

        var contents = new List<AIContent>(2);
        OpenAIResponsesResponseMapper.AddItemContents(contents, item, evt, includeText: false);
        return Update(evt, contents);
    }

    private void Remember(OpenAIResponsesResponse? response)
    {
        if (response is null)
        {
            return;
        }

        _responseId = response.Id ?? _responseId;
        _modelId = response.Model ?? _modelId;
        _createdAt = response.CreatedAt is { } created ? WireValues.UnixSeconds(created) : _createdAt;
        _conversationId = response.Id is null ? _conversationId : OpenAIResponsesResponseMapper.ConversationId(response, storeRequested);
    }

    private StringBuilder Arguments(string itemId)
    {
        if (!_arguments.TryGetValue(itemId, out var builder))
        {
            builder = new StringBuilder();
            _arguments[itemId] = builder;
        }

        return builder;
    }

    // One content in a 24-byte list: almost every update is one text delta.
    private ChatResponseUpdate Update(OpenAIResponsesStreamEvent evt, AIContent content) => Update(evt, new ContentList(content));

    private ChatResponseUpdate Update(OpenAIResponsesStreamEvent evt, IList<AIContent> contents) => new()
    {
        Role = ChatRole.Assistant,
        ResponseId = _responseId,
        MessageId = _responseId,
        ConversationId = _conversationId,
        ModelId = _modelId,
        CreatedAt = _createdAt,
        Contents = contents,
        RawRepresentation = evt,
    };
}
