namespace LlmAdapters.Gemini.Wire;

/// <summary>
/// One decoded <c>streamGenerateContent</c> chunk, the same whichever path decoded it (the fast reader or the full DTO):
/// the first candidate's parts, flattened when there is one plain text or thought part (the shape of almost every chunk),
/// its finish reason, the ids, and the rarer fields in <see cref="Rest"/>. Ids and <c>createTime</c> the chunk did not
/// repeat are the stream's last known ones. Running usage is carried only by chunks without candidate content or with a
/// finish reason: Gemini's usage is cumulative, so the finishing chunk's counts are the totals. Used as the
/// <c>RawRepresentation</c> of stream updates and of flattened contents.
/// </summary>
internal sealed class GeminiStreamChunk
{
    public string? ResponseId { get; set; }

    public string? ModelVersion { get; set; }

    public string? FinishReason { get; set; }

    /// <summary>Gets or sets the text of the one flattened part (null when <see cref="GeminiStreamChunkRest.Parts"/> holds them).</summary>
    public string? Text { get; set; }

    public bool Thought { get; set; }

    public string? ThoughtSignature { get; set; }

    /// <summary>Gets or sets the fields few chunks carry; null on a plain text delta.</summary>
    public GeminiStreamChunkRest? Rest { get; set; }

    public GeminiStreamChunkRest EnsureRest() => Rest ??= new GeminiStreamChunkRest();
}

/// <summary>The rarely present parts of a <see cref="GeminiStreamChunk"/>.</summary>
internal sealed class GeminiStreamChunkRest
{
    public DateTimeOffset? CreateTime { get; set; }

    /// <summary>Gets or sets the parts when they are not one plain text or thought part.</summary>
    public List<GeminiPart>? Parts { get; set; }

    public GeminiUsage? Usage { get; set; }

    public GeminiPromptFeedback? PromptFeedback { get; set; }

    /// <summary>Gets or sets the first candidate as decoded by the full path (finish message, safety ratings).</summary>
    public GeminiCandidate? Candidate { get; set; }

    public GeminiError? Error { get; set; }
}
