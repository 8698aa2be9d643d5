using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using LlmAdapters.OpenAI.Responses.Wire;
using Microsoft.Extensions.AI;

namespace LlmAdapters.OpenAI.Responses;

/// <summary>
/// Hosted-tool output items → MEAI contents: <c>code_interpreter_call</c> → <see cref="CodeInterpreterToolCallContent"/> and
/// <see cref="CodeInterpreterToolResultContent"/>, <c>mcp_call</c> → <see cref="McpServerToolCallContent"/> and
/// <see cref="McpServerToolResultContent"/>, <c>web_search_call</c> → <see cref="WebSearchToolCallContent"/>; everything else
/// (file search calls, MCP tool lists and approval requests, item types added later) is kept as a raw <see cref="AIContent"/>.
/// Every content keeps the item (or its event) as <c>RawRepresentation</c>, so the request mapper can send it back.
/// </summary>
internal static class OpenAIResponsesHostedToolMapper
{
    public static void AddHostedToolContents(List<AIContent> contents, OpenAIResponsesItem item, object raw)
    {
        var id = item.Id ?? string.Empty;
        switch (item.Type)
        {
            case "code_interpreter_call":
                var call = new CodeInterpreterToolCallContent(id) { RawRepresentation = raw };
                if (item.Code is { Length: > 0 } code)
                {
                    call.Inputs = [new DataContent(Encoding.UTF8.GetBytes(code), "text/x-python")];
                }

                contents.Add(call);
                if (item.Outputs is { Count: > 0 } outputs)
                {
                    contents.Add(new CodeInterpreterToolResultContent(id) { Outputs = [.. outputs.Select(CodeOutput)], RawRepresentation = raw });
                }

                break;
            case "mcp_call":
                contents.Add(new McpServerToolCallContent(id, item.Name ?? string.Empty, item.ServerLabel)
                {
                    Arguments = OpenAIResponsesResponseMapper.ParseArguments(item.Arguments),
                    RawRepresentation = raw,
                });
                if (item.Error is { } error)
                {
                    contents.Add(new McpServerToolResultContent(id) { Outputs = [new ErrorContent(OpenAIResponsesResponseMapper.AsText(error))], RawRepresentation = raw });
                }
                else if (item.Output is { } output)
                {
                    contents.Add(new McpServerToolResultContent(id) { Outputs = [new TextContent(OpenAIResponsesResponseMapper.AsText(output))], RawRepresentation = raw });
                }

                break;
            case "web_search_call":
                var search = new WebSearchToolCallContent(id) { RawRepresentation = raw };
                if (item.Action?["query"] is JsonValue query && query.TryGetValue<string>(out var text))
                {
                    search.Queries = [text];
                }

                contents.Add(search);
                break;
            default:
                contents.Add(new AIContent { RawRepresentation = raw });
                break;
        }
    }

    private static AIContent CodeOutput(JsonObject output)
    {
        var type = output["type"] is JsonValue t && t.TryGetValue<string>(out var s) ? s : null;
        if (type == "logs" && output["logs"] is JsonValue logs && logs.TryGetValue<string>(out var log))
        {
            return new TextContent(log) { RawRepresentation = output };
        }

        if (type == "image" && output["url"] is JsonValue url && url.TryGetValue<string>(out var address) && Uri.TryCreate(address, UriKind.Absolute, out var uri))
        {
            return uri.Scheme == "data" ? new DataContent(uri) { RawRepresentation = output } : new UriContent(uri, "image/*") { RawRepresentation = output };
        }

        return new AIContent { RawRepresentation = output };
    }
}
