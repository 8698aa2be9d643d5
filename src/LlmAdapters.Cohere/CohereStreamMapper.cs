using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using LlmAdapters.Cohere.Wire;
using LlmAdapters.Providers;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Cohere;

/// <summary>
/// <c>/v2/chat</c> stream events → <see cref="ChatResponseUpdate"/>s. Text, thinking and tool-plan deltas go out as they
/// arrive; a tool call's argument fragments are held per tool-call index and the call goes out whole at
/// <c>tool-call-end</c>; each <c>citation-start</c> goes out as an empty text (or reasoning) carrying the
/// <see cref="CitationAnnotation"/>; finish reason and usage arrive in <c>message-end</c>, the terminal event, and go out
/// in the closing update. Unknown events are kept raw. Create one per stream; no I/O.
/// </summary>
internal sealed class CohereStreamMapper : StreamMapper<CohereStreamChunk>
{
    private readonly Dictionary<int, CallState> _calls = [];
    private string? _responseId;
    private CohereStreamChunk? _end;

    public override string TerminalEvent => "message-end";

    public override bool TryGetError(CohereStreamChunk chunk, out ProviderErrorInfo error)
    {
        // A generation that failed after the 200: message-end with finish_reason ERROR and the reason in delta.error.
        if (ReferenceEquals(chunk.Type, CohereStreamChunk.MessageEnd) && chunk.Details?.Error is { Length: > 0 } message)
        {
            error = CohereErrors.FromStream(message);
            return true;
        }

        error = default;
        return false;
    }

    public override ChatResponseUpdate? FromStreamEvent(CohereStreamChunk chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);

        // Almost every event is a text delta: take that path before any other comparison.
        if (ReferenceEquals(chunk.Type, CohereStreamChunk.ContentDelta))
        {
            return Update(chunk, chunk.IsThinking
                ? CohereResponseMapper.Reasoning(chunk.Text ?? string.Empty, toolPlan: false, chunk)
                : new TextContent(chunk.Text) { RawRepresentation = chunk });
        }

        switch (chunk.Type)
        {
            case CohereStreamChunk.ToolCallDelta:
                if (_calls.TryGetValue(chunk.Index, out var state))
                {
                    state.Arguments.Append(chunk.Text);
                }

                return null;

            case CohereStreamChunk.ToolPlanDelta:
                return string.IsNullOrEmpty(chunk.Text) ? null : Update(chunk, CohereResponseMapper.Reasoning(chunk.Text, toolPlan: true, chunk));

            case CohereStreamChunk.MessageStart:
                _responseId = chunk.Details?.Id ?? _responseId;
                return new ChatResponseUpdate { Role = ChatRole.Assistant, ResponseId = _responseId, MessageId = _responseId, RawRepresentation = chunk };

            case CohereStreamChunk.ContentStart:
                // Starts are empty in every recorded stream; a start that already holds text is not dropped.
                return string.IsNullOrEmpty(chunk.Text)
                    ? null
                    : Update(chunk, chunk.IsThinking ? CohereResponseMapper.Reasoning(chunk.Text, toolPlan: false, chunk) : new TextContent(chunk.Text) { RawRepresentation = chunk });

            case CohereStreamChunk.ToolCallStart:
                var call = chunk.Details?.ToolCall;
                _calls[chunk.Index] = new CallState(call?.Id, call?.Function?.Name, call?.Function?.Arguments);
                return null;

            case CohereStreamChunk.ToolCallEnd:
                return _calls.Remove(chunk.Index, out var finished) ? Update(chunk, finished.ToContent(chunk)) : null;

            case CohereStreamChunk.CitationStart:
                return chunk.Details?.Citation is { } citation ? Update(chunk, CitationHolder(citation, chunk)) : null;

            case CohereStreamChunk.MessageEnd:
            case CohereStreamChunk.DoneMarker:
                // The closing update (finish, usage, calls never ended) is built by Complete, after the session saw the end.
                _end ??= chunk;
                _responseId = chunk.Details?.Id ?? _responseId;
                IsComplete = true;
                StopReading = true;
                return null;

            case CohereStreamChunk.ContentEnd:
            case CohereStreamChunk.CitationEnd:
                return null;

            default:
                // debug and event types this library does not know: kept raw for the caller.
                return Update(chunk, new AIContent { RawRepresentation = chunk });
        }
    }

    /// <summary>The closing update after <c>message-end</c>: any tool call whose end never came, the finish reason and usage.</summary>
    public override ChatResponseUpdate? Complete()
    {
        if (_end is not { } end)
        {
            return null;
        }

        var contents = new List<AIContent>(_calls.Count + 1);
        foreach (var state in _calls.OrderBy(c => c.Key).Select(c => c.Value))
        {
            contents.Add(state.ToContent(end));
        }

        _calls.Clear();
        if (end.Details?.Usage is { } usage)
        {
            contents.Add(new UsageContent(CohereResponseMapper.ToUsage(usage)) { RawRepresentation = usage });
        }

        return new ChatResponseUpdate
        {
            Role = ChatRole.Assistant,
            ResponseId = _responseId,
            MessageId = _responseId,
            FinishReason = CohereResponseMapper.ToFinishReason(end.Details?.FinishReason),
            Contents = contents,
            RawRepresentation = end,
        };
    }

    /// <summary>A streamed citation rides on an empty content of the kind it cites: text for answer text, reasoning for
    /// thinking and for the tool plan (marked as the plan, so it rejoins the plan when sent back).</summary>
    private static AIContent CitationHolder(CohereCitation citation, CohereStreamChunk chunk)
    {
        AIContent holder = citation.Type switch
        {
            "PLAN" => CohereResponseMapper.Reasoning(string.Empty, toolPlan: true, chunk),
            "THINKING_CONTENT" => CohereResponseMapper.Reasoning(string.Empty, toolPlan: false, chunk),
            _ => new TextContent(string.Empty) { RawRepresentation = chunk },
        };
        holder.Annotations = [CohereResponseMapper.ToCitation(citation)];
        return holder;
    }

    private ChatResponseUpdate Update(CohereStreamChunk chunk, AIContent content) => new()
    {
        Role = ChatRole.Assistant,
        ResponseId = _responseId,
        MessageId = _responseId,
        Contents = new List<AIContent>(1) { content },
        RawRepresentation = chunk,
    };

    private sealed class CallState(string? id, string? name, string? initialArguments)
    {
        public StringBuilder Arguments { get; } = new(initialArguments);

        public FunctionCallContent ToContent(CohereStreamChunk raw) =>
            CohereResponseMapper.ToFunctionCall(id, name, Arguments.ToString(), raw);
    }
}
