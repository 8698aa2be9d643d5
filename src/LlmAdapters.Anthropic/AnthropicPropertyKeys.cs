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

    /// <summary>On a hosted tool's <c>AdditionalProperties</c> (<c>HostedWebSearchTool</c>, <c>HostedCodeInterpreterTool</c>):
    /// the versioned server-tool type to send instead of the default (<c>web_search_20250305</c>,
    /// <c>code_execution_20250825</c>), for example <c>web_search_20260209</c>. The beta flag a code-execution version needs
    /// is added for it. Other entries of the tool's <c>AdditionalProperties</c> are written as fields of the tool definition
    /// as given (<c>max_uses</c>, <c>allowed_domains</c>, <c>blocked_domains</c>, <c>user_location</c>).</summary>
    public const string ServerToolType = "anthropic.server_tool_type";

    /// <summary>On <c>ChatOptions.AdditionalProperties</c>: adds Anthropic's web fetch server tool, which
    /// Microsoft.Extensions.AI has no type for. <see langword="true"/> sends <c>web_fetch_20250910</c> with its beta flag; an
    /// <c>IReadOnlyDictionary&lt;string, object?&gt;</c> also gives its fields (<c>max_uses</c>, <c>allowed_domains</c>,
    /// <c>citations</c>, <c>max_content_tokens</c>, and <c>type</c> to pick another version).</summary>
    public const string WebFetch = "anthropic.web_fetch";

    /// <summary>On a <c>ChatResponse</c> (and the final streamed update): the stop sequence that ended the output.</summary>
    public const string StopSequence = "anthropic.stop_sequence";
}
