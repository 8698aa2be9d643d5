using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LlmAdapters.OpenAI.Responses.Wire;

/// <summary>
/// One Responses stream event, used as the <c>RawRepresentation</c> of streamed updates. The frequent deltas are filled by
/// <see cref="OpenAIResponsesStreamDecoder"/> straight from the UTF-8 bytes; one is allocated per delta, so it holds four
/// fields: the type, the delta text, the sequence number, and either the deserialized <see cref="Body"/> of every other event
/// or the delta's <see cref="OpenAIResponsesDeltaPosition"/> (item id and indices), which the consecutive deltas of one content
/// part share.
/// </summary>
internal sealed class OpenAIResponsesStreamEvent
{
    /// <summary>The terminal <c>[DONE]</c> sentinel some servers send after the terminal event.</summary>
    public static readonly OpenAIResponsesStreamEvent Done = new() { Type = "[DONE]" };

    // The body or the delta position; long.MinValue stands for an absent sequence number (the field is not nullable, to stay 8 bytes).
    private object? _detail;
    private long _sequenceNumber = long.MinValue;

    public string? Type { get; set; }

    public long? SequenceNumber
    {
        get => _sequenceNumber == long.MinValue ? null : _sequenceNumber;
        set => _sequenceNumber = value ?? long.MinValue;
    }

    /// <summary>Gets or sets where a delta read on the fast path belongs; null for events decoded whole.</summary>
    public OpenAIResponsesDeltaPosition? Position
    {
        get => _detail as OpenAIResponsesDeltaPosition;
        set => _detail = value;
    }

    public string? ItemId => _detail is OpenAIResponsesStreamEventBody body ? body.ItemId : Position?.ItemId;

    public int? OutputIndex => _detail is OpenAIResponsesStreamEventBody body ? body.OutputIndex : Position?.OutputIndex;

    public int? ContentIndex => _detail is OpenAIResponsesStreamEventBody body ? body.ContentIndex : Position?.ContentIndex;

    public int? SummaryIndex => _detail is OpenAIResponsesStreamEventBody body ? body.SummaryIndex : Position?.SummaryIndex;

    /// <summary>Gets or sets the text of a delta event.</summary>
    public string? Delta { get; set; }

    /// <summary>Gets or sets the whole event body; null for deltas read on the fast path.</summary>
    public OpenAIResponsesStreamEventBody? Body
    {
        get => _detail as OpenAIResponsesStreamEventBody;
        set => _detail = value;
    }

    public string? Text { get => Body?.Text; set => (Body ??= new()).Text = value; }

    public string? Arguments { get => Body?.Arguments; set => (Body ??= new()).Arguments = value; }

    public string? Name { get => Body?.Name; set => (Body ??= new()).Name = value; }

    public string? Code { get => Body?.Code; set => (Body ??= new()).Code = value; }

    public string? Message { get => Body?.Message; set => (Body ??= new()).Message = value; }

    public string? Param { get => Body?.Param; set => (Body ??= new()).Param = value; }

    public OpenAIResponsesError? Error { get => Body?.Error; set => (Body ??= new()).Error = value; }

    public OpenAIResponsesItem? Item { get => Body?.Item; set => (Body ??= new()).Item = value; }

    public OpenAIResponsesResponse? Response { get => Body?.Response; set => (Body ??= new()).Response = value; }

    public OpenAIResponsesAnnotation? Annotation { get => Body?.Annotation; set => (Body ??= new()).Annotation = value; }

    public Dictionary<string, JsonElement>? Extra => Body?.Extra;

    /// <summary>Wraps a deserialized body.</summary>
    public static OpenAIResponsesStreamEvent From(OpenAIResponsesStreamEventBody body) => new()
    {
        Type = body.Type,
        SequenceNumber = body.SequenceNumber,
        Delta = body.Delta,
        Body = body,
    };
}

/// <summary>Where a delta belongs: its item and indices. Consecutive deltas of one content part repeat the same values, so the
/// decoder hands them one shared instance.</summary>
internal sealed record OpenAIResponsesDeltaPosition(string? ItemId, int? OutputIndex, int? ContentIndex, int? SummaryIndex);

/// <summary>The whole body of a stream event other than the frequent deltas, as deserialized (unknown fields in <see cref="Extra"/>).</summary>
internal sealed class OpenAIResponsesStreamEventBody
{
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    [JsonPropertyName("sequence_number")]
    public long? SequenceNumber { get; set; }

    [JsonPropertyName("item_id")]
    public string? ItemId { get; set; }

    [JsonPropertyName("output_index")]
    public int? OutputIndex { get; set; }

    [JsonPropertyName("content_index")]
    public int? ContentIndex { get; set; }

    [JsonPropertyName("summary_index")]
    public int? SummaryIndex { get; set; }

    /// <summary>The text of a delta event.</summary>
    [JsonPropertyName("delta")]
    public string? Delta { get; set; }

    /// <summary>The whole text of a <c>….done</c> event.</summary>
    [JsonPropertyName("text")]
    public string? Text { get; set; }

    [JsonPropertyName("arguments")]
    public string? Arguments { get; set; }

    [JsonPropertyName("name")]
    public string? Name { get; set; }

    /// <summary>An <c>error</c> event's code, or the Python source of <c>response.code_interpreter_call_code.done</c>.</summary>
    [JsonPropertyName("code")]
    public string? Code { get; set; }

    [JsonPropertyName("message")]
    public string? Message { get; set; }

    [JsonPropertyName("param")]
    public string? Param { get; set; }

    /// <summary>The nested error object some servers put in an <c>error</c> event.</summary>
    [JsonPropertyName("error")]
    public OpenAIResponsesError? Error { get; set; }

    [JsonPropertyName("item")]
    public OpenAIResponsesItem? Item { get; set; }

    [JsonPropertyName("response")]
    public OpenAIResponsesResponse? Response { get; set; }

    [JsonPropertyName("annotation")]
    public OpenAIResponsesAnnotation? Annotation { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
