using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using LlmAdapters.Gemini.Wire;
using LlmAdapters.Providers;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Gemini;

/// <summary>
/// Streamed chunks (<c>:streamGenerateContent?alt=sse</c>) → <see cref="ChatResponseUpdate"/>s, one instance per stream.
/// A chunk with a finish reason (or a blocked prompt) is how a Gemini stream says it is complete; the body is read to its
/// end, and the usage of the last chunk that carried one goes out once, in the closing update. No I/O.
/// </summary>
/// <param name="provider">The provider name stamped on reasoning signatures.</param>
/// <param name="requestedModel">The model asked for, until the stream names one.</param>
/// <param name="keepsAnswer">Whether to keep the answer text for grounding spans (the request has tools, so grounding can come).</param>
internal sealed class GeminiStreamMapper(string provider, string requestedModel, bool keepsAnswer = false) : StreamMapper<GeminiStreamChunk>
{
    private readonly StringBuilder? _answer = keepsAnswer ? new() : null;
    private readonly GeminiStreamedCallAssembler _streamedCalls = new();
    private HashSet<string>? _sentCitations;
    private List<GeminiPart>? _completedCalls;
    private int _callIndex;
    private int _codeIndex;
    private GeminiUsage? _usage;
    private GeminiStreamChunk? _usageChunk;
    private string? _responseId;
    private string? _modelId;

    public override string TerminalEvent => "a chunk with a finishReason";

    public override bool TryGetError(GeminiStreamChunk chunk, out ProviderErrorInfo error)
    {
        var wire = chunk.Rest?.Error;
        error = wire is null ? default : GeminiErrors.FromError(wire);
        return wire is not null;
    }

    public override ChatResponseUpdate? FromStreamEvent(GeminiStreamChunk chunk)
    {
        _responseId = chunk.ResponseId ?? _responseId;
        _modelId = chunk.ModelVersion ?? _modelId;
        var rest = chunk.Rest;
        if (rest?.Usage is { } usage)
        {
            _usage = usage;
            _usageChunk = chunk;
        }

        IList<AIContent> contents;
        var hasCalls = false;
        if (chunk.Text is not null || chunk.Thought)
        {
            contents = new ContentList(Flattened(chunk));
        }
        else if (rest?.Parts is { } parts)
        {
            contents = new List<AIContent>(parts.Count);
            foreach (var part in parts)
            {
                if (part is null)
                {
                    continue; // "parts":[null] is valid JSON with nothing in it.
                }

                if (part.FunctionCall is { } call)
                {
                    if (_streamedCalls.Handles(call))
                    {
                        // A piece of a call whose arguments stream across chunks: one call comes out when it is whole.
                        _streamedCalls.Accept(part, _completedCalls ??= []);
                        hasCalls |= AddCompletedCalls(contents);
                        continue;
                    }

                    if (_streamedCalls.Flush() is { } open)
                    {
                        (_completedCalls ??= []).Add(open);
                        hasCalls |= AddCompletedCalls(contents);
                    }
                }

                var content = GeminiResponseMapper.FromWirePart(part, _responseId, ref _callIndex, ref _codeIndex, provider);
                hasCalls |= content is FunctionCallContent;
                contents.Add(content);
            }
        }

        else
        {
            contents = new ContentList();
        }

        if (_answer is not null)
        {
            foreach (var content in contents)
            {
                if (content is TextContent text)
                {
                    _answer.Append(text.Text);
                }
            }
        }

        if (GeminiResponseMapper.GroundingOf(rest?.Candidate) is { } grounding && GroundingCitations(grounding) is { } cited)
        {
            contents.Add(cited);
        }

        var update = new ChatResponseUpdate(ChatRole.Assistant, contents)
        {
            ResponseId = _responseId,
            MessageId = _responseId,
            ModelId = _modelId ?? requestedModel,
            CreatedAt = rest?.CreateTime,
            RawRepresentation = chunk,
        };

        var block = rest?.PromptFeedback;
        if (chunk.FinishReason is not null || block?.BlockReason is not null)
        {
            IsComplete = true;
            if (_streamedCalls.Flush() is { } open)
            {
                // The terminal empty functionCall part can be missing: the finish reason completes the call.
                (_completedCalls ??= []).Add(open);
                hasCalls |= AddCompletedCalls(contents);
            }

            update.FinishReason = GeminiResponseMapper.FinishReasonOf(chunk.FinishReason, hasCalls || _callIndex > 0, block?.BlockReason);
            if (contents.Count == 0)
            {
                var candidate = rest?.Candidate ?? (chunk.FinishReason is { } reason ? new GeminiCandidate { FinishReason = reason } : null);
                if (GeminiResponseMapper.BlockedContent(candidate, block, noContent: true) is { } blocked)
                {
                    contents.Add(blocked);
                }
            }
        }

        return update;
    }

    /// <summary>
    /// Grounding arrives with the last chunk(s), after the text it cites, so its citations go out on an empty text. Their
    /// segments count UTF-8 bytes of the whole answer, so each citation's <see cref="TextSpanAnnotatedRegion"/> gives
    /// character indices into the answer streamed so far: the text of the coalesced message (<c>ChatMessage.Text</c>),
    /// not the empty text the citation sits on, which coalescing keeps apart from the text it cites.
    /// </summary>
    /// <remarks>A stream can repeat the grounding metadata on more than one of its last chunks; a citation already sent (same
    /// source, segment and text) is not sent again, and a chunk whose citations were all sent, or that has none, adds nothing.</remarks>
    private TextContent? GroundingCitations(JsonElement grounding)
    {
        var citations = GeminiResponseMapper.CitationsOf(grounding);
        var answer = citations.Count > 0 ? _answer?.ToString() : null;
        var annotations = new List<AIAnnotation>(citations.Count);
        foreach (var (_, start, end, citation) in citations)
        {
            if (!(_sentCitations ??= new(StringComparer.Ordinal)).Add($"{citation.Url}\n{citation.Title}\n{start}\n{end}\n{citation.Snippet}"))
            {
                continue;
            }

            if (answer is not null && GeminiResponseMapper.SpanOf(answer, start, end, citation.Snippet) is { } span)
            {
                citation.AnnotatedRegions = [span];
            }

            annotations.Add(citation);
        }

        return annotations.Count == 0
            ? null
            : new TextContent(string.Empty) { Annotations = annotations, RawRepresentation = grounding };
    }

    /// <summary>Maps the calls the assembler completed, in order, into <paramref name="contents"/>.</summary>
    private bool AddCompletedCalls(IList<AIContent> contents)
    {
        if (_completedCalls is not { Count: > 0 } done)
        {
            return false;
        }

        foreach (var call in done)
        {
            contents.Add(GeminiResponseMapper.FromWirePart(call, _responseId, ref _callIndex, provider));
        }

        done.Clear();
        return true;
    }

    /// <summary>The closing update: the usage, once, from the last chunk that reported it.</summary>
    public override ChatResponseUpdate? Complete()
    {
        if (_usage is not { } usage)
        {
            return null;
        }

        return new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(GeminiResponseMapper.UsageOf(usage)) { RawRepresentation = usage }])
        {
            ResponseId = _responseId,
            MessageId = _responseId,
            ModelId = _modelId ?? requestedModel,
            RawRepresentation = _usageChunk,
        };
    }

    /// <summary>The one plain part a chunk holds in its own fields; the same content <c>GeminiResponseMapper.FromWirePart</c>
    /// gives, with the chunk as its raw representation.</summary>
    private AIContent Flattened(GeminiStreamChunk chunk)
    {
        AIContent content;
        if (chunk.Thought)
        {
            content = new TextReasoningContent(chunk.Text ?? string.Empty) { ProtectedData = chunk.ThoughtSignature };
        }
        else if (chunk.ThoughtSignature is null)
        {
            content = new TextContent(chunk.Text);
        }
        else
        {
            content = GeminiResponseMapper.FromWirePart(new GeminiPart { Text = chunk.Text, ThoughtSignature = chunk.ThoughtSignature }, _responseId, ref _callIndex, provider);
        }

        content.RawRepresentation = chunk;
        return content;
    }
}
