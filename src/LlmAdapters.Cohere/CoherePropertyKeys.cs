namespace LlmAdapters.Cohere;

/// <summary>Cohere-specific <c>AdditionalProperties</c> keys read or set by <see cref="CohereChatClient"/> and
/// <see cref="CohereEmbeddingGenerator"/>.</summary>
public static class CoherePropertyKeys
{
    /// <summary>On <c>ChatOptions</c>: documents the model answers from and cites (<c>documents</c>). A sequence whose items are
    /// each a <see cref="string"/>, a dictionary of string fields (sent as the document's <c>data</c>, for example
    /// <c>title</c> and <c>text</c>), or a <c>JsonObject</c>/<c>JsonElement</c> in the wire shape <c>{"id": …, "data": {…}}</c>.
    /// Text documents in a user message (a <c>DataContent</c> of a <c>text/*</c> or JSON media type) are added too, titled
    /// with the content's <c>Name</c>. Citations come back as <c>CitationAnnotation</c>s.</summary>
    public const string Documents = "cohere.documents";

    /// <summary>On <c>ChatOptions</c>: the citation mode (<c>citation_options.mode</c>): <c>FAST</c>, <c>ACCURATE</c> or
    /// <c>OFF</c> (older models), <c>ENABLED</c> or <c>DISABLED</c> (newer ones), as a <see cref="string"/>.</summary>
    public const string CitationMode = "cohere.citation_mode";

    /// <summary>On <c>ChatOptions</c>: the safety mode (<c>safety_mode</c>): <c>CONTEXTUAL</c>, <c>STRICT</c> or <c>OFF</c>,
    /// as a <see cref="string"/>. Cohere does not allow it together with tools or documents.</summary>
    public const string SafetyMode = "cohere.safety_mode";

    /// <summary>On <c>ChatOptions</c>: <see langword="true"/> forces tool calls to follow the tools' JSON schemas
    /// (<c>strict_tools</c>).</summary>
    public const string StrictTools = "cohere.strict_tools";

    /// <summary>On <c>ChatOptions</c>: the request priority (<c>priority</c>, an <see cref="int"/>; 0 is the highest and the
    /// default, higher numbers are dropped first under load).</summary>
    public const string Priority = "cohere.priority";

    /// <summary>On a <c>TextReasoningContent</c>: <see langword="true"/> when it holds the model's <c>tool_plan</c> (the reasoning
    /// it gives before calling tools). Set by the adapter; the plan is sent back as the assistant message's <c>tool_plan</c>.</summary>
    public const string ToolPlan = "cohere.tool_plan";

    /// <summary>On a <c>CitationAnnotation</c>: what the citation points into, <c>TEXT_CONTENT</c>, <c>THINKING_CONTENT</c> or
    /// <c>PLAN</c>, as a <see cref="string"/>.</summary>
    public const string CitationType = "cohere.citation_type";

    /// <summary>On a <c>CitationAnnotation</c>: the ids of the cited documents or tool outputs, a <see cref="string"/> array.</summary>
    public const string CitationSourceIds = "cohere.citation_source_ids";

    /// <summary>On <c>EmbeddingGenerationOptions</c>: the <c>input_type</c> (<c>search_document</c>, <c>search_query</c>,
    /// <c>classification</c>, <c>clustering</c>), as a <see cref="string"/>. The default is <c>search_document</c>.</summary>
    public const string InputType = "cohere.input_type";

    /// <summary>On <c>EmbeddingGenerationOptions</c>: how over-long inputs are cut (<c>truncate</c>): <c>NONE</c> (an error),
    /// <c>START</c> or <c>END</c>, as a <see cref="string"/>.</summary>
    public const string Truncate = "cohere.truncate";

    /// <summary>Usage count: search units billed (<c>billed_units.search_units</c>).</summary>
    public const string BilledSearchUnits = "CohereBilledSearchUnitCount";

    /// <summary>Usage count: classifications billed (<c>billed_units.classifications</c>).</summary>
    public const string BilledClassifications = "CohereBilledClassificationCount";
}
