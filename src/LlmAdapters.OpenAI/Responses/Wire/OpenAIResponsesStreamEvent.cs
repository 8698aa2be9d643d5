using System.Text.Json;
using System.Text.Json.Serialization;

namespace LlmAdapters.OpenAI.Responses.Wire;

/// <summary>
/// One Responses stream event. The frequent deltas are filled by <see cref="OpenAIResponsesStreamDecoder"/> straight from the
/// UTF-8 bytes; every other event is deserialized whole (unknown fields in <see cref="Extra"/>). Used as the
/// <c>RawRepresentation</c> of streamed updates.
/// </summary>
internal sealed class OpenAIResponsesStreamEvent
{
    /// <summary>The terminal <c>[DONE]</c> sentinel some servers send after the terminal event.</summary>
    public static readonly OpenAIResponsesStreamEvent Done = new() { Type = "[DONE]" };

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
