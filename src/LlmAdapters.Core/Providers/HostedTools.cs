using System;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Providers;

/// <summary>The hosted tools of Microsoft.Extensions.AI (tools the provider runs on its side) and the check that a provider
/// serves the ones a call asks for.</summary>
internal static class HostedTools
{
    /// <summary>Whether <paramref name="tool"/> is one of Microsoft.Extensions.AI's hosted tools.</summary>
    public static bool IsHosted(AITool tool) =>
        tool is HostedWebSearchTool or HostedCodeInterpreterTool or HostedFileSearchTool or HostedMcpServerTool or HostedImageGenerationTool;

    /// <summary>Throws <see cref="NotSupportedException"/> naming the provider and the tool when the call holds a hosted
    /// tool <paramref name="serves"/> refuses. Silently dropping it would answer without the search, code run or server
    /// the caller asked for.</summary>
    public static void EnsureServed(ChatOptions? options, string provider, Func<AITool, bool> serves)
    {
        if (options?.Tools is not { Count: > 0 } tools)
        {
            return;
        }

        foreach (var tool in tools)
        {
            if (tool is not null && IsHosted(tool) && !serves(tool))
            {
                throw new NotSupportedException(
                    $"{provider} does not serve the hosted tool {tool.GetType().Name} ('{tool.Name}'). " +
                    "Remove it from ChatOptions.Tools for this provider, or give an AIFunction that does the work on the client.");
            }
        }
    }
}
