using System;
using System.Collections.Generic;

namespace LlmAdapters.Gemini.Wire;

/// <summary>
/// One decoded <c>streamGenerateContent</c> chunk, the same whichever path decoded it (the fast reader or the full DTO):
/// the first candidate's parts, flattened when there is one plain text or thought part (the shape of almost every chunk),
/// its finish reason, the ids, and the rarer fields in <see cref="Rest"/>. Ids and <c>createTime</c> the chunk did not
/// repeat are the stream's last known ones. Running usage is carried only by chunks without candidate content or with a
/// finish reason: Gemini's usage is cumulative, so the finishing chunk's counts are the totals. Used as the
/// <c>RawRepresentation</c> of stream updates and of flattened contents. One is allocated per delta, so a text delta's
/// chunk is three references: the <see cref="GeminiChunkHead"/> it shares with its neighbours, its text and the rest.
/// </summary>
internal sealed class GeminiStreamChunk
{
    /// <summary>Gets or sets the ids the chunk shares with its neighbours, and whether its flattened part is a thought.</summary>
    public GeminiChunkHead Head { get; set; } = GeminiChunkHead.Empty;

    public string? ResponseId => Head.ResponseId;

    public string? ModelVersion => Head.ModelVersion;

    public bool Thought => Head.Thought;

    public string? FinishReason
    {
        get => Rest?.FinishReason;
        set
        {
            if (value is not null || Rest is not null)
            {
                EnsureRest().FinishReason = value;
            }
        }
    }

    /// <summary>Gets or sets the text of the one flattened part (null when <see cref="GeminiStreamChunkRest.Parts"/> holds them).</summary>
    public string? Text { get; set; }

    /// <summary>Gets or sets the signature of the one flattened part.</summary>
    public string? ThoughtSignature
    {
        get => Rest?.ThoughtSignature;
        set
        {
            if (value is not null || Rest is not null)
            {
                EnsureRest().ThoughtSignature = value;
            }
        }
    }

    /// <summary>Gets or sets the fields few chunks carry; null on a plain text delta.</summary>
    public GeminiStreamChunkRest? Rest { get; set; }

    public GeminiStreamChunkRest EnsureRest() => Rest ??= new GeminiStreamChunkRest();
}

/// <summary>What consecutive chunks of a stream share: one instance serves every chunk with the same ids and kind.</summary>
/// <param name="ResponseId">The response id.</param>
/// <param name="ModelVersion">The model version that answered.</param>
/// <param name="Thought">Whether the chunk's one flattened part is a thought.</param>
internal sealed record GeminiChunkHead(string? ResponseId, string? ModelVersion, bool Thought)
{
    /// <summary>No ids, not a thought.</summary>
    public static readonly GeminiChunkHead Empty = new(null, null, false);

    /// <summary>Returns this head when it holds the same ids (compared by reference: the decoder reuses the strings while
    /// their bytes repeat), else a new one.</summary>
    public GeminiChunkHead With(string? responseId, string? modelVersion) =>
        ReferenceEquals(responseId, ResponseId) && ReferenceEquals(modelVersion, ModelVersion) ? this : new(responseId, modelVersion, Thought);
}

/// <summary>The rarely present parts of a <see cref="GeminiStreamChunk"/>.</summary>
internal sealed class GeminiStreamChunkRest
{
    public string? FinishReason { get; set; }

    public string? ThoughtSignature { get; set; }

    public DateTimeOffset? CreateTime { get; set; }

    /// <summary>Gets or sets the parts when they are not one plain text or thought part.</summary>
    public List<GeminiPart>? Parts { get; set; }

    public GeminiUsage? Usage { get; set; }

    public GeminiPromptFeedback? PromptFeedback { get; set; }

    /// <summary>Gets or sets the first candidate as decoded by the full path (finish message, safety ratings).</summary>
    public GeminiCandidate? Candidate { get; set; }

    public GeminiError? Error { get; set; }
}
