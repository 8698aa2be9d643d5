using System;
using System.Text.Json;
using LlmAdapters.Gemini.Wire;

namespace LlmAdapters.Gemini;

/// <summary>The decoder's full path: chunks the fast path does not model, read as the source-generated DTO and turned into the
/// same chunk shape, plus the shared heads both paths stamp.</summary>
internal sealed partial class GeminiStreamDecoder
{
    /// <summary>The full path: the source-generated DTO, then <see cref="FromWire"/>.</summary>
    public GeminiStreamChunk DecodeFull(ReadOnlySpan<byte> data) =>
        FromWire(JsonSerializer.Deserialize(data, GeminiJsonContext.Default.GeminiResponse) ?? throw new JsonException("A stream chunk was the JSON literal null."));

    /// <summary>Turns a decoded <c>GenerateContentResponse</c> into the chunk shape.</summary>
    public GeminiStreamChunk FromWire(GeminiResponse wire)
    {
        _responseId = wire.ResponseId ?? _responseId;
        _modelVersion = wire.ModelVersion ?? _modelVersion;
        _createTime = wire.CreateTime ?? _createTime;
        var chunk = new GeminiStreamChunk { Head = HeadFor(_responseId, _modelVersion, thought: false) };
        if (_createTime is not null)
        {
            chunk.EnsureRest().CreateTime = _createTime;
        }

        if (wire.Error is { } error)
        {
            chunk.EnsureRest().Error = error;
            return chunk;
        }

        var candidate = wire.Candidates is { Count: > 0 } candidates ? candidates[0] : null;
        chunk.FinishReason = candidate?.FinishReason;
        var parts = candidate?.Content?.Parts;
        if (parts is [{ } only] && IsPlain(only))
        {
            chunk.Text = only.Text;
            chunk.Head = HeadFor(_responseId, _modelVersion, only.Thought == true);
            chunk.ThoughtSignature = only.ThoughtSignature;
        }
        else if (parts is { Count: > 0 })
        {
            chunk.EnsureRest().Parts = parts;
        }

        if (wire.UsageMetadata is { } usage && HasCounts(usage) && (parts is not { Count: > 0 } || chunk.FinishReason is not null))
        {
            chunk.EnsureRest().Usage = usage;
        }

        if (wire.PromptFeedback is { } feedback)
        {
            chunk.EnsureRest().PromptFeedback = feedback;
        }

        if (candidate is not null && (candidate.FinishMessage is not null || candidate.Extra is not null))
        {
            chunk.EnsureRest().Candidate = candidate;
        }

        return chunk;
    }

    /// <summary>The head of a chunk with these ids and kind: the last one of that kind while the ids repeat.</summary>
    private GeminiChunkHead HeadFor(string? responseId, string? modelVersion, bool thought) => thought
        ? _thoughtHead = _thoughtHead.With(responseId, modelVersion)
        : _textHead = _textHead.With(responseId, modelVersion);

    /// <summary>A part the chunk can hold flattened: text or thought, optionally signed, nothing else.</summary>
    private static bool IsPlain(GeminiPart part) =>
        (part.Text is not null || part.Thought == true)
        && part.InlineData is null && part.FileData is null && part.FunctionCall is null && part.FunctionResponse is null
        && part.ExecutableCode is null && part.CodeExecutionResult is null && part.Extra is null;

    // Vertex sends intermediate usage blocks holding only trafficType.
    private static bool HasCounts(GeminiUsage usage) =>
        usage.PromptTokenCount is not null || usage.CandidatesTokenCount is not null || usage.TotalTokenCount is not null;
}
