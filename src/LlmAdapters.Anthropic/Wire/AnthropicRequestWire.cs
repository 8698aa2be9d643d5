using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LlmAdapters.Anthropic.Wire;

/// <summary>The body of <c>POST /v1/messages</c> (and, without max_tokens/stream, of <c>count_tokens</c>).</summary>
internal sealed class MessagesRequest
{
    [JsonPropertyName("model")]
    public string? Model { get; set; }

    [JsonPropertyName("max_tokens")]
    public int? MaxTokens { get; set; }

    [JsonPropertyName("system")]
    public List<ContentBlock>? System { get; set; }

    [JsonPropertyName("messages")]
    public List<WireMessage>? Messages { get; set; }

    [JsonPropertyName("stop_sequences")]
    public List<string>? StopSequences { get; set; }

    [JsonPropertyName("temperature")]
    public double? Temperature { get; set; }

    [JsonPropertyName("top_p")]
    public double? TopP { get; set; }

    [JsonPropertyName("top_k")]
    public int? TopK { get; set; }

    [JsonPropertyName("tools")]
    public List<WireTool>? Tools { get; set; }

    [JsonPropertyName("tool_choice")]
    public WireToolChoice? ToolChoice { get; set; }

    [JsonPropertyName("mcp_servers")]
    public List<WireMcpServer>? McpServers { get; set; }

    [JsonPropertyName("thinking")]
    public WireThinking? Thinking { get; set; }

    [JsonPropertyName("output_config")]
    public WireOutputConfig? OutputConfig { get; set; }

    [JsonPropertyName("stream")]
    public bool? Stream { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

internal sealed class WireMessage
{
    [JsonPropertyName("role")]
    public required string Role { get; set; }

    [JsonPropertyName("content")]
    public required List<ContentBlock> Content { get; set; }
}

/// <summary>A request content block; one shape for every block type, unset fields omitted.</summary>
internal sealed class ContentBlock
{
    [JsonPropertyName("type")]
    public required string Type { get; set; }

    [JsonPropertyName("text")]
    public string? Text { get; set; }

    [JsonPropertyName("source")]
    public ContentSource? Source { get; set; }

    [JsonPropertyName("title")]
    public string? Title { get; set; }

    [JsonPropertyName("context")]
    public string? Context { get; set; }

    [JsonPropertyName("citations")]
    public JsonElement? Citations { get; set; }

    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("input")]
    public JsonElement? Input { get; set; }

    [JsonPropertyName("tool_use_id")]
    public string? ToolUseId { get; set; }

    [JsonPropertyName("content")]
    public List<ContentBlock>? Content { get; set; }

    [JsonPropertyName("is_error")]
    public bool? IsError { get; set; }

    [JsonPropertyName("thinking")]
    public string? Thinking { get; set; }

    [JsonPropertyName("signature")]
    public string? Signature { get; set; }

    [JsonPropertyName("data")]
    public string? Data { get; set; }

    [JsonPropertyName("cache_control")]
    public CacheControl? CacheControl { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

internal sealed class ContentSource
{
    [JsonPropertyName("type")]
    public required string Type { get; set; }

    [JsonPropertyName("media_type")]
    public string? MediaType { get; set; }

    [JsonPropertyName("data")]
    public string? Data { get; set; }

    [JsonPropertyName("url")]
    public string? Url { get; set; }

    [JsonPropertyName("file_id")]
    public string? FileId { get; set; }
}

internal sealed class CacheControl
{
    [JsonPropertyName("type")]
    public string Type { get; set; } = "ephemeral";

    [JsonPropertyName("ttl")]
    public string? Ttl { get; set; }
}

/// <summary>A client tool (<c>name</c>, <c>input_schema</c>) or a server tool (<c>type</c>, fixed <c>name</c>, its own
/// settings in <see cref="ExtensionData"/>), or an <c>mcp_toolset</c> (no name).</summary>
internal sealed class WireTool
{
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("description")]
    public string? Description { get; set; }

    [JsonPropertyName("input_schema")]
    public JsonElement? InputSchema { get; set; }

    [JsonPropertyName("mcp_server_name")]
    public string? McpServerName { get; set; }

    [JsonPropertyName("cache_control")]
    public CacheControl? CacheControl { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>One remote MCP server of the MCP connector (<c>mcp_servers</c>).</summary>
internal sealed class WireMcpServer
{
    [JsonPropertyName("type")]
    public string Type { get; set; } = "url";

    [JsonPropertyName("url")]
    public required string Url { get; set; }

    [JsonPropertyName("name")]
    public required string Name { get; set; }

    [JsonPropertyName("authorization_token")]
    public string? AuthorizationToken { get; set; }
}

internal sealed class WireToolChoice
{
    [JsonPropertyName("type")]
    public required string Type { get; set; }

    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("disable_parallel_tool_use")]
    public bool? DisableParallelToolUse { get; set; }
}

internal sealed class WireThinking
{
    [JsonPropertyName("type")]
    public required string Type { get; set; }

    [JsonPropertyName("budget_tokens")]
    public int? BudgetTokens { get; set; }

    [JsonPropertyName("display")]
    public string? Display { get; set; }
}

internal sealed class WireOutputConfig
{
    [JsonPropertyName("effort")]
    public string? Effort { get; set; }

    [JsonPropertyName("format")]
    public WireOutputFormat? Format { get; set; }
}

internal sealed class WireOutputFormat
{
    [JsonPropertyName("type")]
    public string Type { get; set; } = "json_schema";

    [JsonPropertyName("schema")]
    public JsonElement Schema { get; set; }
}
