using System.Collections.Generic;

namespace LlmAdapters.Testing;

/// <summary>What kind of output a <see cref="ScriptedPart"/> is.</summary>
public enum ScriptedPartKind
{
    /// <summary>Visible answer text.</summary>
    Text,

    /// <summary>Reasoning / thinking text, optionally with a provider signature.</summary>
    Reasoning,

    /// <summary>Redacted reasoning: opaque data only (Anthropic <c>redacted_thinking</c>).</summary>
    RedactedReasoning,

    /// <summary>A tool (function) call.</summary>
    ToolCall,

    /// <summary>A refusal (OpenAI <c>refusal</c>).</summary>
    Refusal,

    /// <summary>A block in the dialect's own JSON, sent as given (<see cref="ScriptedPart.Text"/>): an Anthropic content
    /// block such as <c>server_tool_use</c> or <c>web_search_tool_result</c>, or a Gemini part such as
    /// <c>executableCode</c>. Rendered by the Anthropic and Gemini dialects; the others skip it.</summary>
    ProviderBlock,
}

/// <summary>One piece of a scripted reply, rendered by each dialect in its own wire format.</summary>
public sealed class ScriptedPart
{
    /// <summary>Gets the kind.</summary>
    public required ScriptedPartKind Kind { get; init; }

    /// <summary>Gets the text (answer, reasoning, refusal); for redacted reasoning the opaque data.</summary>
    public string? Text { get; init; }

    /// <summary>Gets the provider signature of reasoning (Anthropic <c>signature</c>, Gemini <c>thoughtSignature</c>).</summary>
    public string? Signature { get; init; }

    /// <summary>Gets the tool call id.</summary>
    public string? CallId { get; init; }

    /// <summary>Gets the tool name.</summary>
    public string? Name { get; init; }

    /// <summary>Gets the tool arguments as a JSON object text.</summary>
    public string? ArgumentsJson { get; init; }

    /// <summary>Gets dialect-specific extras (for example citations), keyed by a dialect-documented name.</summary>
    public IDictionary<string, object?> Properties { get; } = new Dictionary<string, object?>();
}
