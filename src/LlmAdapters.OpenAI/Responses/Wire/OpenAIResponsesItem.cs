using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace LlmAdapters.OpenAI.Responses.Wire;

/// <summary>
/// One item of a response's <c>output</c> or a request's <c>input</c>: the two share their shapes (a returned reasoning,
/// function call or hosted-tool item is sent back as it came), so one type holds every kind; <see cref="Type"/> says which
/// fields apply. Fields this library does not model are kept in <see cref="Extra"/> and written back unchanged.
/// </summary>
internal sealed class OpenAIResponsesItem
{
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("status")]
    public string? Status { get; set; }

    [JsonPropertyName("role")]
    public string? Role { get; set; }

    [JsonPropertyName("phase")]
    public string? Phase { get; set; }

    /// <summary>Message parts (<c>input_text</c>, <c>output_text</c>, <c>refusal</c> …) or reasoning text parts.</summary>
    [JsonPropertyName("content")]
    public List<OpenAIResponsesPart>? Content { get; set; }

    /// <summary>Reasoning summary parts (<c>summary_text</c>).</summary>
    [JsonPropertyName("summary")]
    public List<OpenAIResponsesPart>? Summary { get; set; }

    [JsonPropertyName("encrypted_content")]
    public string? EncryptedContent { get; set; }

    [JsonPropertyName("call_id")]
    public string? CallId { get; set; }

    [JsonPropertyName("name")]
    public string? Name { get; set; }

    /// <summary>A JSON string: function and MCP call arguments.</summary>
    [JsonPropertyName("arguments")]
    public string? Arguments { get; set; }

    /// <summary>A function call's output (string or parts) in input items; an MCP call's output text in output items.</summary>
    [JsonPropertyName("output")]
    public JsonNode? Output { get; set; }

    [JsonPropertyName("server_label")]
    public string? ServerLabel { get; set; }

    [JsonPropertyName("error")]
    public JsonNode? Error { get; set; }

    /// <summary>The Python source of a <c>code_interpreter_call</c>.</summary>
    [JsonPropertyName("code")]
    public string? Code { get; set; }

    [JsonPropertyName("container_id")]
    public string? ContainerId { get; set; }

    /// <summary>A <c>code_interpreter_call</c>'s outputs: <c>{"type":"logs","logs"}</c> or <c>{"type":"image","url"}</c>.</summary>
    [JsonPropertyName("outputs")]
    public List<JsonObject>? Outputs { get; set; }

    /// <summary>A <c>web_search_call</c>'s action (<c>search</c>, <c>open_page</c>, <c>find_in_page</c>).</summary>
    [JsonPropertyName("action")]
    public JsonObject? Action { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>A part of a message or reasoning item: text in and out, images, files, refusals, summaries.</summary>
internal sealed class OpenAIResponsesPart
{
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    [JsonPropertyName("text")]
    public string? Text { get; set; }

    [JsonPropertyName("refusal")]
    public string? Refusal { get; set; }

    [JsonPropertyName("image_url")]
    public string? ImageUrl { get; set; }

    [JsonPropertyName("detail")]
    public string? Detail { get; set; }

    [JsonPropertyName("file_id")]
    public string? FileId { get; set; }

    [JsonPropertyName("filename")]
    public string? Filename { get; set; }

    [JsonPropertyName("file_data")]
    public string? FileData { get; set; }

    [JsonPropertyName("file_url")]
    public string? FileUrl { get; set; }

    [JsonPropertyName("annotations")]
    public List<OpenAIResponsesAnnotation>? Annotations { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>An <c>output_text</c> annotation: <c>url_citation</c>, <c>file_citation</c>, <c>container_file_citation</c>, <c>file_path</c>.</summary>
internal sealed class OpenAIResponsesAnnotation
{
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    [JsonPropertyName("url")]
    public string? Url { get; set; }

    [JsonPropertyName("title")]
    public string? Title { get; set; }

    [JsonPropertyName("file_id")]
    public string? FileId { get; set; }

    [JsonPropertyName("filename")]
    public string? Filename { get; set; }

    [JsonPropertyName("start_index")]
    public int? StartIndex { get; set; }

    [JsonPropertyName("end_index")]
    public int? EndIndex { get; set; }

    [JsonPropertyName("index")]
    public int? Index { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
