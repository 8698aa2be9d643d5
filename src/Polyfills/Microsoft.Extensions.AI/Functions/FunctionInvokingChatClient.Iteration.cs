using System.Diagnostics;

namespace Microsoft.Extensions.AI;

public partial class FunctionInvokingChatClient
{
    private Activity? StartOrchestrateActivity() =>
        GenAITelemetry.IsAgentOrWorkflowSpan(Activity.Current?.DisplayName)
            ? null
            : _activitySource?.StartActivity(GenAITelemetry.OrchestrateToolsOperation, ActivityKind.Internal);

    private static void SetUsageTags(Activity? activity, UsageDetails? usage)
    {
        if (activity is null || usage is null)
        {
            return;
        }

        if (usage.InputTokenCount is { } input)
        {
            _ = activity.SetTag(GenAITelemetry.UsageInputTokens, (int)input);
        }

        if (usage.OutputTokenCount is { } output)
        {
            _ = activity.SetTag(GenAITelemetry.UsageOutputTokens, (int)output);
        }
    }

    /// <summary>The calls a response asks this client to run: function calls the service did not handle itself.</summary>
    private static List<FunctionCallContent> CollectCalls(IEnumerable<AIContent> contents) =>
        contents.OfType<FunctionCallContent>().Where(c => !c.InformationalOnly).ToList();

    /// <summary>A function call answered in the same response was run by the service; it is shown, not invoked.</summary>
    private static void MarkServerHandledCalls(IEnumerable<AIContent> contents)
    {
        var all = contents as IList<AIContent> ?? contents.ToList();
        HashSet<string>? answered = null;
        foreach (var content in all)
        {
            if (content is FunctionResultContent frc)
            {
                (answered ??= new HashSet<string>(StringComparer.Ordinal)).Add(frc.CallId);
            }
        }

        if (answered is null)
        {
            return;
        }

        foreach (var content in all)
        {
            if (content is FunctionCallContent fcc && answered.Contains(fcc.CallId))
            {
                fcc.InformationalOnly = true;
            }
        }
    }

    private bool ShouldStopBeforeInvoking(List<FunctionCallContent> calls, ChatOptions? options)
    {
        var anyTools = options?.Tools is { Count: > 0 } || AdditionalTools is { Count: > 0 };
        if (!anyTools)
        {
            return TerminateOnUnknownCalls;
        }

        foreach (var call in calls)
        {
            var tool = FindTool(call.Name, options);
            if (tool is null)
            {
                if (TerminateOnUnknownCalls)
                {
                    LogFunctionNotFound(call.Name);
                    return true;
                }
            }
            else if (tool is not AIFunction)
            {
                // A declaration the caller must fulfil: hand the call back instead of guessing a result.
                LogNonInvocableFunction(call.Name);
                return true;
            }
        }

        return false;
    }

    private AIFunctionDeclaration? FindTool(string name, ChatOptions? options)
    {
        foreach (var tools in new[] { options?.Tools, AdditionalTools })
        {
            if (tools is null)
            {
                continue;
            }

            foreach (var tool in tools)
            {
                if (tool is AIFunctionDeclaration declaration && string.Equals(declaration.Name, name, StringComparison.Ordinal))
                {
                    return declaration;
                }
            }
        }

        return null;
    }

    private static List<ChatMessage> FixupHistory(
        List<ChatMessage> originalMessages,
        List<ChatMessage> history,
        IList<ChatMessage> newResponseMessages,
        string? conversationId,
        List<ChatMessage> allResponseMessages,
        ref bool lastHadConversationId)
    {
        if (conversationId is not null)
        {
            // The service keeps the conversation: only the function results need to be sent next.
            lastHadConversationId = true;
            return [];
        }

        if (lastHadConversationId)
        {
            // The service stopped tracking the conversation: send everything again.
            lastHadConversationId = false;
            return [.. originalMessages, .. allResponseMessages];
        }

        history.AddRange(newResponseMessages);
        return history;
    }

    private static ChatOptions? WithoutFunctionTools(ChatOptions? options)
    {
        if (options?.Tools is not { Count: > 0 })
        {
            return options;
        }

        var copy = options.Clone();
        copy.Tools = options.Tools.Where(t => t is not AIFunctionDeclaration).ToList();
        if (copy.Tools.Count == 0)
        {
            copy.Tools = null;
            copy.ToolMode = null;
        }

        return copy;
    }

    private static ChatOptions? OptionsForNextIteration(ChatOptions? options, string? conversationId)
    {
        if (options is null)
        {
            return conversationId is null ? null : new ChatOptions { ConversationId = conversationId };
        }

        if (options.ToolMode is RequiredChatToolMode)
        {
            // A required tool call was made; forcing another one would loop forever.
            var copy = options.Clone();
            copy.ToolMode = null;
            copy.ConversationId = conversationId;
            copy.ContinuationToken = null;
            return copy;
        }

        if (!string.Equals(options.ConversationId, conversationId, StringComparison.Ordinal))
        {
            var copy = options.Clone();
            copy.ConversationId = conversationId;
            copy.ContinuationToken = null;
            return copy;
        }

        if (options.ContinuationToken is not null)
        {
            var copy = options.Clone();
            copy.ContinuationToken = null;
            return copy;
        }

        return options;
    }
}
