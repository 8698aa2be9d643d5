using System;
using System.Text;
using System.Text.Json;
using LlmAdapters.Anthropic.Wire;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Anthropic;

/// <summary>Server-tool and MCP-connector blocks → Microsoft.Extensions.AI's tool contents. Every content keeps its block
/// as <c>RawRepresentation</c>, so the request mapper sends it back unchanged (encrypted content included) in later turns.</summary>
internal static partial class AnthropicResponseMapper
{
    /// <summary>Maps a server-tool block, or returns null when the block is not one Microsoft.Extensions.AI has a type for
    /// (web fetch, text-editor code execution and blocks newer than this adapter stay raw).</summary>
    internal static AIContent? FromServerToolBlock(ResponseBlock block)
    {
        AIContent? content = block.Type switch
        {
            "server_tool_use" => ServerToolCall(block),
            "web_search_tool_result" => WebSearchResult(block),
            "code_execution_tool_result" or "bash_code_execution_tool_result" => CodeExecutionResult(block),
            "mcp_tool_use" => new McpServerToolCallContent(block.Id ?? string.Empty, block.Name ?? string.Empty, Extra(block, "server_name") is { ValueKind: JsonValueKind.String } server ? server.GetString() : null)
            {
                Arguments = ToArguments(block.Input),
            },
            "mcp_tool_result" => McpResult(block),
            _ => null,
        };
        if (content is not null)
        {
            content.RawRepresentation = block;
        }

        return content;
    }

    private static AIContent? ServerToolCall(ResponseBlock block)
    {
        var id = block.Id ?? string.Empty;
        var input = block.Input is { ValueKind: JsonValueKind.Object } obj ? obj : default;
        switch (block.Name)
        {
            case "web_search":
                return new WebSearchToolCallContent(id) { Queries = StringOf(input, "query") is { } query ? [query] : null };
            case "code_execution" when StringOf(input, "code") is { } code:
                return new CodeInterpreterToolCallContent(id) { Inputs = [new DataContent(Encoding.UTF8.GetBytes(code), "text/x-python")] };
            case "bash_code_execution" when StringOf(input, "command") is { } command:
                return new CodeInterpreterToolCallContent(id) { Inputs = [new DataContent(Encoding.UTF8.GetBytes(command), "text/x-shellscript")] };
            case "code_execution" or "bash_code_execution" or "text_editor_code_execution":
                return new CodeInterpreterToolCallContent(id) { Inputs = block.Input is { } raw ? [new TextContent(raw.GetRawText())] : null };
            default:
                return null;
        }
    }

    private static WebSearchToolResultContent WebSearchResult(ResponseBlock block)
    {
        var result = new WebSearchToolResultContent(block.ToolUseId ?? string.Empty) { Outputs = [] };
        switch (Extra(block, "content"))
        {
            case { ValueKind: JsonValueKind.Array } items:
                foreach (var item in items.EnumerateArray())
                {
                    if (StringOf(item, "url") is { } url && Uri.TryCreate(url, UriKind.Absolute, out var address))
                    {
                        var page = new UriContent(address, "text/html") { RawRepresentation = item };
                        if (StringOf(item, "title") is { } title)
                        {
                            page.AdditionalProperties = new() { ["title"] = title };
                        }

                        result.Outputs.Add(page);
                    }
                }

                break;
            case { ValueKind: JsonValueKind.Object } error:
                result.Outputs.Add(ErrorOf(error));
                break;
        }

        return result;
    }

    private static CodeInterpreterToolResultContent CodeExecutionResult(ResponseBlock block)
    {
        var result = new CodeInterpreterToolResultContent(block.ToolUseId ?? string.Empty) { Outputs = [] };
        if (Extra(block, "content") is not { ValueKind: JsonValueKind.Object } body)
        {
            return result;
        }

        if (StringOf(body, "error_code") is not null)
        {
            result.Outputs.Add(ErrorOf(body));
            return result;
        }

        if (StringOf(body, "stdout") is { Length: > 0 } stdout)
        {
            result.Outputs.Add(new TextContent(stdout));
        }

        if (StringOf(body, "stderr") is { Length: > 0 } stderr)
        {
            var code = body.TryGetProperty("return_code", out var rc) && rc.ValueKind == JsonValueKind.Number ? rc.GetRawText() : null;
            result.Outputs.Add(new ErrorContent(stderr) { ErrorCode = "stderr", Details = code is null ? null : "return_code " + code });
        }

        if (body.TryGetProperty("content", out var files) && files.ValueKind == JsonValueKind.Array)
        {
            foreach (var file in files.EnumerateArray())
            {
                if (StringOf(file, "file_id") is { } fileId)
                {
                    result.Outputs.Add(new HostedFileContent(fileId) { RawRepresentation = file });
                }
            }
        }

        return result;
    }

    private static McpServerToolResultContent McpResult(ResponseBlock block)
    {
        var result = new McpServerToolResultContent(block.ToolUseId ?? string.Empty) { Outputs = [] };
        var isError = Extra(block, "is_error") is { ValueKind: JsonValueKind.True };
        var text = new StringBuilder();
        switch (Extra(block, "content"))
        {
            case { ValueKind: JsonValueKind.String } whole:
                text.Append(whole.GetString());
                break;
            case { ValueKind: JsonValueKind.Array } parts:
                foreach (var part in parts.EnumerateArray())
                {
                    if (StringOf(part, "type") == "text" && StringOf(part, "text") is { } piece)
                    {
                        text.Append(piece);
                    }
                    else
                    {
                        result.Outputs.Add(new AIContent { RawRepresentation = part });
                    }
                }

                break;
        }

        if (text.Length > 0 || isError)
        {
            result.Outputs.Insert(0, isError ? new ErrorContent(text.ToString()) { ErrorCode = "mcp_tool_error" } : new TextContent(text.ToString()));
        }

        return result;
    }

    private static ErrorContent ErrorOf(JsonElement error)
    {
        var code = StringOf(error, "error_code") ?? "unknown";
        return new ErrorContent($"The server tool failed: {code}.") { ErrorCode = code, RawRepresentation = error };
    }

    private static JsonElement? Extra(ResponseBlock block, string name) =>
        block.ExtensionData is { } extra && extra.TryGetValue(name, out var value) ? value : null;

    private static string? StringOf(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
