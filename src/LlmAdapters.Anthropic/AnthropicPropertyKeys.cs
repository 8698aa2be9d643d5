namespace LlmAdapters.Anthropic;

/// <summary>Anthropic-specific <c>AdditionalProperties</c> keys set or read by <see cref="AnthropicChatClient"/>.</summary>
public static class AnthropicPropertyKeys
{
    /// <summary>On a <c>TextReasoningContent</c>: <see langword="true"/> when it is a <c>redacted_thinking</c> block whose
    /// opaque data is in <c>ProtectedData</c>. Set by the adapter; keep it when storing conversations.</summary>
    public const string RedactedThinking = "anthropic.redacted_thinking";

    /// <summary>On a <c>ChatResponse</c> (and the final streamed update): the stop sequence that ended the output.</summary>
    public const string StopSequence = "anthropic.stop_sequence";
}
