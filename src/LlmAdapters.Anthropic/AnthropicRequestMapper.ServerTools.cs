using System;
using System.Collections.Generic;
using System.Text.Json;
using LlmAdapters.Anthropic.Wire;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Anthropic;

/// <summary>Microsoft.Extensions.AI's hosted tools → Anthropic's server tools (web search, web fetch, code execution) and
/// the MCP connector, with the beta flags they need.</summary>
internal static partial class AnthropicRequestMapper
{
    internal const string WebSearchType = "web_search_20250305";
    internal const string WebFetchType = "web_fetch_20250910";
    internal const string CodeExecutionType = "code_execution_20250825";
    internal const string McpConnectorBeta = "mcp-client-2025-11-20";

    private static void MapServerTool(AITool tool, MessagesRequest body, ref List<WireTool>? tools, ref List<string>? betas)
    {
        switch (tool)
        {
            case HostedWebSearchTool search:
                (tools ??= []).Add(ServerTool(TypeOf(search, WebSearchType), "web_search", search.AdditionalProperties, ref betas));
                break;
            case HostedCodeInterpreterTool code:
                (tools ??= []).Add(ServerTool(TypeOf(code, CodeExecutionType), "code_execution", code.AdditionalProperties, ref betas));
                break;
            case HostedMcpServerTool mcp:
                MapMcpServer(mcp, body, ref tools, ref betas);
                break;
        }

        // Other tools: the engine has already refused hosted tools Anthropic cannot serve, before any I/O.
    }

    private static void MapWebFetch(ChatOptions options, ref List<WireTool>? tools, ref List<string>? betas)
    {
        if (options.AdditionalProperties?.TryGetValue(AnthropicPropertyKeys.WebFetch, out var value) != true)
        {
            return;
        }

        IReadOnlyDictionary<string, object?>? settings = value switch
        {
            true => null,
            IReadOnlyDictionary<string, object?> fields => fields,
            false or null => null,
            _ => throw new ArgumentException(
                $"AdditionalProperties[\"{AnthropicPropertyKeys.WebFetch}\"] must be true or an IReadOnlyDictionary<string, object?> of the web_fetch tool's fields.", nameof(options)),
        };
        if (value is false or null)
        {
            return;
        }

        var type = settings?.TryGetValue("type", out var t) == true && t is string chosen ? chosen : WebFetchType;
        (tools ??= []).Add(ServerTool(type, "web_fetch", settings, ref betas));
    }

    private static string TypeOf(AITool tool, string fallback) =>
        tool.AdditionalProperties.TryGetValue(AnthropicPropertyKeys.ServerToolType, out var type) && type is string { Length: > 0 } chosen ? chosen : fallback;

    /// <summary>A server tool definition: its versioned type, its fixed name, and the caller's fields as given.</summary>
    private static WireTool ServerTool(string type, string name, IEnumerable<KeyValuePair<string, object?>>? fields, ref List<string>? betas)
    {
        var tool = new WireTool { Type = type, Name = name };
        foreach (var (key, value) in fields ?? [])
        {
            if (key is "type" or "name" || key.StartsWith("anthropic.", StringComparison.Ordinal) || value is null)
            {
                continue;
            }

            (tool.ExtensionData ??= [])[key] = ToJson(value);
        }

        if (BetaFor(type) is { } beta)
        {
            AddBeta(ref betas, beta);
        }

        return tool;
    }

    /// <summary>The beta flag a server-tool version needs: <c>code_execution_20250522</c> → <c>code-execution-2025-05-22</c>
    /// (and 20250825), <c>web_fetch_20250910</c> → <c>web-fetch-2025-09-10</c>; later versions are generally available.</summary>
    internal static string? BetaFor(string type) => type switch
    {
        "code_execution_20250522" => "code-execution-2025-05-22",
        "code_execution_20250825" => "code-execution-2025-08-25",
        "web_fetch_20250910" => "web-fetch-2025-09-10",
        _ => null,
    };

    /// <summary>The MCP connector: the server in <c>mcp_servers</c>, its tools as an <c>mcp_toolset</c> (only the allowed
    /// ones enabled when <see cref="HostedMcpServerTool.AllowedTools"/> is set), and the connector's beta flag.</summary>
    private static void MapMcpServer(HostedMcpServerTool mcp, MessagesRequest body, ref List<WireTool>? tools, ref List<string>? betas)
    {
        if (!Uri.TryCreate(mcp.ServerAddress, UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http"))
        {
            throw new NotSupportedException(
                $"Anthropic's MCP connector reaches servers by URL only; the HostedMcpServerTool '{mcp.ServerName}' has no http(s) ServerAddress.");
        }

        if (mcp.ApprovalMode is not (null or HostedMcpServerToolNeverRequireApprovalMode))
        {
            // The connector calls the server's tools without asking; running them unapproved would ignore the caller's rule.
            throw new NotSupportedException(
                $"Anthropic's MCP connector has no approval step; the HostedMcpServerTool '{mcp.ServerName}' asks for approvals. Set ApprovalMode to NeverRequire or leave it unset.");
        }

        string? token = null;
        if (mcp.Headers is { } headers && headers.TryGetValue("Authorization", out var authorization) && authorization is not null)
        {
            token = authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..] : authorization;
        }

        (body.McpServers ??= []).Add(new WireMcpServer { Url = url.AbsoluteUri, Name = mcp.ServerName, AuthorizationToken = token });
        var toolset = new WireTool { Type = "mcp_toolset", McpServerName = mcp.ServerName };
        if (mcp.AllowedTools is { } allowed)
        {
            var configs = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var name in allowed)
            {
                configs[name] = new Dictionary<string, object?> { ["enabled"] = true };
            }

            toolset.ExtensionData = new()
            {
                ["default_config"] = ToJson(new Dictionary<string, object?> { ["enabled"] = false }),
                ["configs"] = ToJson(configs),
            };
        }

        (tools ??= []).Add(toolset);
        AddBeta(ref betas, McpConnectorBeta);
    }

    private static void AddBeta(ref List<string>? betas, string beta)
    {
        betas ??= [];
        if (!betas.Contains(beta))
        {
            betas.Add(beta);
        }
    }

    private static JsonElement ToJson(object value) =>
        value is JsonElement element ? element : JsonSerializer.SerializeToElement(value, AIJsonUtilities.DefaultOptions.GetTypeInfo(value.GetType()));
}
