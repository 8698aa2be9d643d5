using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LlmAdapters.Cohere.Wire;

/// <summary>
/// One decoded <c>/v2/chat</c> stream event, whichever decoding path produced it. The frequent deltas (text, thinking,
/// tool plan, tool-call arguments) fill only <see cref="Type"/>, <see cref="Index"/> and <see cref="Text"/>; the rare
/// structural events also carry <see cref="Details"/>; an event type this library does not model keeps its whole payload
/// in <see cref="Unknown"/>. Used as the <c>RawRepresentation</c> of streamed updates.
/// </summary>
internal sealed class CohereStreamChunk
{
    public const string MessageStart = "message-start";
    public const string ContentStart = "content-start";
    public const string ContentDelta = "content-delta";
    public const string ContentEnd = "content-end";
    public const string ToolPlanDelta = "tool-plan-delta";
    public const string ToolCallStart = "tool-call-start";
    public const string ToolCallDelta = "tool-call-delta";
    public const string ToolCallEnd = "tool-call-end";
    public const string CitationStart = "citation-start";
    public const string CitationEnd = "citation-end";
    public const string MessageEnd = "message-end";
    public const string DoneMarker = "[DONE]";

    /// <summary>The <c>data: [DONE]</c> line some servers send after <c>message-end</c>.</summary>
    public static readonly CohereStreamChunk Done = new() { Type = DoneMarker };

    // Details of a structural event, or the whole payload of an unknown one: one field keeps the object allocated for
    // every text delta small.
    private object? _extra;

    /// <summary>Gets the event type (one of the constants above, or the provider's text for unknown events).</summary>
    public required string Type { get; init; }

    /// <summary>Gets the index: content blocks for content events, tool calls for tool events, citations for citation events.</summary>
    public int Index { get; init; }

    /// <summary>Gets the delta text: answer or thinking text, a tool-plan piece, or a fragment of tool-call arguments.</summary>
    public string? Text { get; init; }

    /// <summary>Gets a value indicating whether a content event belongs to a <c>thinking</c> block.</summary>
    public bool IsThinking { get; init; }

    /// <summary>Gets what a structural event carried (ids, the started tool call, the citation, finish reason, usage).</summary>
    public CohereStreamDetails? Details
    {
        get => _extra as CohereStreamDetails;
        init => _extra = value;
    }

    /// <summary>Gets the whole payload of an event type this library does not model (and of <c>debug</c> events).</summary>
    public JsonElement? Unknown
    {
        get => _extra is JsonElement element ? element : null;
        init => _extra = value;
    }
}

/// <summary>What a structural stream event carried.</summary>
internal sealed class CohereStreamDetails
{
    public string? Id { get; init; }

    public CohereToolCall? ToolCall { get; init; }

    public CohereCitation? Citation { get; init; }

    public string? FinishReason { get; init; }

    public CohereUsage? Usage { get; init; }

    public string? Error { get; init; }
}

/// <summary>A stream event as sent (the full decoding path).</summary>
internal sealed class CohereStreamEvent
{
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("index")]
    public int? Index { get; set; }

    [JsonPropertyName("delta")]
    public CohereStreamDelta? Delta { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

internal sealed class CohereStreamDelta
{
    [JsonPropertyName("message")]
    public CohereStreamDeltaMessage? Message { get; set; }

    [JsonPropertyName("finish_reason")]
    public string? FinishReason { get; set; }

    [JsonPropertyName("usage")]
    public CohereUsage? Usage { get; set; }

    [JsonPropertyName("error")]
    public string? Error { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary><c>delta.message</c>: <c>content</c>, <c>tool_calls</c> and <c>citations</c> are one object in block events and
/// arrays in <c>message-start</c>, so they stay <see cref="JsonElement"/>s until the event type says which.</summary>
internal sealed class CohereStreamDeltaMessage
{
    [JsonPropertyName("role")]
    public string? Role { get; set; }

    [JsonPropertyName("content")]
    public JsonElement? Content { get; set; }

    [JsonPropertyName("tool_plan")]
    public string? ToolPlan { get; set; }

    [JsonPropertyName("tool_calls")]
    public JsonElement? ToolCalls { get; set; }

    [JsonPropertyName("citations")]
    public JsonElement? Citations { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
