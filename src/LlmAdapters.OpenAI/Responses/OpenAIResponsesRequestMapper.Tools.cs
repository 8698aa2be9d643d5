using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using LlmAdapters.OpenAI.Responses.Wire;
using Microsoft.Extensions.AI;

namespace LlmAdapters.OpenAI.Responses;

/// <summary>Function tools, hosted tools (web search, file search, code interpreter, MCP), <c>tool_choice</c> and
/// <c>parallel_tool_calls</c>.</summary>
internal static partial class OpenAIResponsesRequestMapper
{
    private static void ApplyTools(OpenAIResponsesRequest request, ChatOptions options, string providerName)
    {
        if (options.Tools is not { Count: > 0 } tools)
        {
            return;
        }

        var strict = OpenAIStrictSchemas.StrictOf(options.AdditionalProperties);
        request.Tools = new List<JsonObject>(tools.Count);
        foreach (var tool in tools)
        {
            request.Tools.Add(ToWireTool(tool, strict, providerName));
        }

        if (options.AllowMultipleToolCalls is { } parallel)
        {
            request.ParallelToolCalls = parallel;
        }

        request.ToolChoice = options.ToolMode switch
        {
            NoneChatToolMode => JsonValue.Create("none"),
            AutoChatToolMode => JsonValue.Create("auto"),
            RequiredChatToolMode { RequiredFunctionName: { } name } => new JsonObject { ["type"] = "function", ["name"] = name },
            RequiredChatToolMode => JsonValue.Create("required"),
            _ => null,
        };
    }

    private static JsonObject ToWireTool(AITool tool, bool? optionsStrict, string providerName)
    {
        switch (tool)
        {
            case AIFunctionDeclaration function:
                var wire = new JsonObject { ["type"] = "function", ["name"] = function.Name };
                if (!string.IsNullOrEmpty(function.Description))
                {
                    wire["description"] = function.Description;
                }

                // The function's own setting wins over the options' one, as in Microsoft.Extensions.AI's OpenAI clients.
                // Without either the service would make the tool strict and rewrite the schema (every property
                // required), so optional parameters would stop being optional: false is sent instead, as Chat
                // Completions behaves. A strict tool gets the schema strict mode accepts.
                var strict = OpenAIStrictSchemas.IsStrict(function, optionsStrict);
                var schema = OpenAIStrictSchemas.ParametersOf(function, strict);
                wire["parameters"] = JsonNode.Parse(schema.GetRawText());
                wire["strict"] = strict;
                return wire;
            case HostedWebSearchTool:
                return new JsonObject { ["type"] = "web_search" };
            case HostedFileSearchTool fileSearch:
                return ToFileSearch(fileSearch);
            case HostedCodeInterpreterTool codeInterpreter:
                return ToCodeInterpreter(codeInterpreter);
            case HostedMcpServerTool mcp:
                return ToMcp(mcp);
            default:
                throw new NotSupportedException(
                    $"The Responses API of {providerName} has no tool for {tool.GetType().Name} ('{tool.Name}'): it serves functions, " +
                    "HostedWebSearchTool, HostedFileSearchTool, HostedCodeInterpreterTool and HostedMcpServerTool.");
        }
    }

    private static JsonObject ToFileSearch(HostedFileSearchTool tool)
    {
        var ids = new JsonArray();
        if (tool.Inputs is { } inputs)
        {
            foreach (var input in inputs)
            {
                if (input is HostedVectorStoreContent store)
                {
                    ids.Add((JsonNode?)store.VectorStoreId);
                }
            }
        }

        var wire = new JsonObject { ["type"] = "file_search", ["vector_store_ids"] = ids };
        if (tool.MaximumResultCount is { } max)
        {
            wire["max_num_results"] = max;
        }

        return wire;
    }

    private static JsonObject ToCodeInterpreter(HostedCodeInterpreterTool tool)
    {
        var container = new JsonObject { ["type"] = "auto" };
        if (tool.Inputs is { } inputs)
        {
            var files = new JsonArray();
            foreach (var input in inputs)
            {
                if (input is HostedFileContent file)
                {
                    files.Add((JsonNode?)file.FileId);
                }
            }

            if (files.Count > 0)
            {
                container["file_ids"] = files;
            }
        }

        return new JsonObject { ["type"] = "code_interpreter", ["container"] = container };
    }

    private static JsonObject ToMcp(HostedMcpServerTool tool)
    {
        var wire = new JsonObject { ["type"] = "mcp", ["server_label"] = tool.ServerName };

        // An address that is a URL is a remote server; anything else names one of the service's connectors.
        if (Uri.TryCreate(tool.ServerAddress, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp))
        {
            wire["server_url"] = tool.ServerAddress;
        }
        else
        {
            wire["connector_id"] = tool.ServerAddress;
        }

        if (!string.IsNullOrEmpty(tool.ServerDescription))
        {
            wire["server_description"] = tool.ServerDescription;
        }

        if (tool.AllowedTools is { } allowed)
        {
            wire["allowed_tools"] = Names(allowed);
        }

        // The service's default is "always"; an explicit mode is sent as given.
        wire["require_approval"] = tool.ApprovalMode switch
        {
            HostedMcpServerToolNeverRequireApprovalMode => JsonValue.Create("never"),
            HostedMcpServerToolAlwaysRequireApprovalMode => JsonValue.Create("always"),
            HostedMcpServerToolRequireSpecificApprovalMode specific => Specific(specific),
            _ => null,
        };
        if (wire["require_approval"] is null)
        {
            wire.Remove("require_approval");
        }

        if (tool.Headers is { Count: > 0 } headers)
        {
            var wireHeaders = new JsonObject();
            foreach (var (name, value) in headers)
            {
                wireHeaders[name] = value;
            }

            wire["headers"] = wireHeaders;
        }

        return wire;

        static JsonObject Specific(HostedMcpServerToolRequireSpecificApprovalMode mode)
        {
            var result = new JsonObject();
            if (mode.AlwaysRequireApprovalToolNames is { } always)
            {
                result["always"] = new JsonObject { ["tool_names"] = Names(always) };
            }

            if (mode.NeverRequireApprovalToolNames is { } never)
            {
                result["never"] = new JsonObject { ["tool_names"] = Names(never) };
            }

            return result;
        }
    }

    private static JsonArray Names(IEnumerable<string> names)
    {
        var array = new JsonArray();
        foreach (var name in names)
        {
            array.Add((JsonNode?)name);
        }

        return array;
    }
}
