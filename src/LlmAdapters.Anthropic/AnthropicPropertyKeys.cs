namespace LlmAdapters.Anthropic;

/// <summary>Anthropic-specific <c>AdditionalProperties</c> keys set or read by <see cref="AnthropicChatClient"/>.</summary>
public static class AnthropicPropertyKeys
{
    /// <summary>On a <c>TextReasoningContent</c>: <see langword="true"/> when it is a <c>redacted_thinking</c> block whose
    /// opaque data is in <c>ProtectedData</c>. Set by the adapter; keep it when storing conversations.</summary>
    public const string RedactedThinking = "anthropic.redacted_thinking";

    /// <summary>On a document <c>DataContent</c> or <c>UriContent</c> (PDF or plain text): <see langword="true"/> asks the
    /// model to cite passages of it (<c>citations: {"enabled": true}</c>); citations come back as <c>CitationAnnotation</c>s.</summary>
    public const string Citations = "anthropic.citations";

    /// <summary>On a <c>ChatResponse</c> (and the final streamed update): the stop sequence that ended the output.</summary>
    public const string StopSequence = "anthropic.stop_sequence";
}
