namespace Microsoft.Extensions.AI;

public partial class FunctionInvokingChatClient
{
    private const string ApprovalRequestIdPrefix = "ficc_";

    private bool HasApprovalRequiredTools(ChatOptions? options) =>
        (options?.Tools ?? []).Concat(AdditionalTools ?? []).Any(t => t.GetService<ApprovalRequiredAIFunction>() is not null);

    private bool RequiresApproval(string functionName, ChatOptions? options) =>
        FindTool(functionName, options)?.GetService<ApprovalRequiredAIFunction>() is not null;

    /// <summary>
    /// Once any tool needs approval, every call of the response goes back to the caller as an approval request
    /// (flagged whether it really needs confirmation), so the whole batch is decided before anything runs.
    /// </summary>
    private List<ChatMessage> ReplaceCallsWithApprovalRequests(IList<ChatMessage> messages, ChatOptions? options)
    {
        var result = new List<ChatMessage>(messages.Count);
        foreach (var message in messages)
        {
            if (!message.Contents.Any(c => c is FunctionCallContent { InformationalOnly: false }))
            {
                result.Add(message);
                continue;
            }

            var clone = message.Clone();
            clone.Contents = ReplaceCalls(message.Contents, options);
            result.Add(clone);
        }

        return result;
    }

    private ChatResponseUpdate ReplaceCallsWithApprovalRequests(ChatResponseUpdate update, ChatOptions? options)
    {
        if (!update.Contents.Any(c => c is FunctionCallContent { InformationalOnly: false }))
        {
            return update;
        }

        var clone = update.Clone();
        clone.Contents = ReplaceCalls(update.Contents, options);
        return clone;
    }

    private List<AIContent> ReplaceCalls(IList<AIContent> contents, ChatOptions? options)
    {
        var replaced = new List<AIContent>(contents.Count);
        foreach (var content in contents)
        {
            if (content is FunctionCallContent { InformationalOnly: false } call)
            {
                var requiresConfirmation = RequiresApproval(call.Name, options);
                if (requiresConfirmation)
                {
                    LogApprovalRequested(call.Name);
                }

                // RequiresConfirmation is marked experimental in Abstractions 10.11.0; the stable pipeline sets it all the same.
#pragma warning disable MEAI001
                replaced.Add(new ToolApprovalRequestContent(ApprovalRequestIdPrefix + call.CallId, call) { RequiresConfirmation = requiresConfirmation });
#pragma warning restore MEAI001
            }
            else
            {
                replaced.Add(content);
            }
        }

        return replaced;
    }

    /// <summary>
    /// Handles approval answers the caller sent back: removes the request/response pairs from the history, restores
    /// the original calls, runs the approved ones and answers the rejected ones with a rejection result.
    /// </summary>
    private async Task<InvocationOutcome> ProcessApprovalResponsesAsync(List<ChatMessage> history, ChatOptions? options, bool isStreaming, CancellationToken cancellationToken)
    {
        var responses = new List<ToolApprovalResponseContent>();
        var anyApprovalContent = false;
        foreach (var message in history)
        {
            foreach (var content in message.Contents)
            {
                if (content is ToolApprovalResponseContent { ToolCall: FunctionCallContent { InformationalOnly: false } } response)
                {
                    responses.Add(response);
                    anyApprovalContent = true;
                }
                else if (content is ToolApprovalRequestContent { ToolCall: FunctionCallContent { InformationalOnly: false } })
                {
                    anyApprovalContent = true;
                }
            }
        }

        if (!anyApprovalContent)
        {
            return new InvocationOutcome([], 0, Terminate: false);
        }

        var anchor = StripApprovalContents(history);
        if (responses.Count == 0)
        {
            return new InvocationOutcome([], 0, Terminate: false);
        }

        var calls = responses.Select(r => (FunctionCallContent)r.ToolCall).ToList();
        if (options?.ConversationId is null)
        {
            // Without a service-side conversation, the model must see its own calls again before their results.
            history.Insert(anchor, new ChatMessage(ChatRole.Assistant, [.. calls]));
        }

        var added = new List<ChatMessage>();
        var rejections = new List<AIContent>();
        var approved = new List<FunctionCallContent>();
        foreach (var response in responses)
        {
            var call = (FunctionCallContent)response.ToolCall;
            LogApprovalResponse(call.Name, response.Approved);
            if (response.Approved)
            {
                approved.Add(call);
            }
            else
            {
                call.InformationalOnly = true;
                var text = "Tool call invocation rejected.";
                if (!string.IsNullOrWhiteSpace(response.Reason))
                {
                    text += " " + response.Reason;
                }

                rejections.Add(new FunctionResultContent(call.CallId, text));
            }
        }

        if (rejections.Count > 0)
        {
            var rejectionMessage = new ChatMessage(ChatRole.Tool, rejections);
            history.Add(rejectionMessage);
            added.Add(rejectionMessage);
        }

        if (approved.Count == 0)
        {
            return new InvocationOutcome(added, 0, Terminate: false);
        }

        var outcome = await InvokeCallsAsync(history, options, approved, iteration: 0, consecutiveErrors: 0, isStreaming, cancellationToken);
        added.AddRange(outcome.MessagesAdded);
        return outcome with { MessagesAdded = added };
    }

    /// <summary>Removes approval request and response contents; returns where the first of them was (the approval anchor).</summary>
    private static int StripApprovalContents(List<ChatMessage> history)
    {
        var anchor = -1;
        var kept = new List<ChatMessage>(history.Count);
        foreach (var message in history)
        {
            var remaining = message.Contents.Where(c => !IsFunctionApprovalContent(c)).ToList();
            if (remaining.Count == message.Contents.Count)
            {
                kept.Add(message);
                continue;
            }

            if (anchor < 0)
            {
                anchor = kept.Count;
            }

            if (remaining.Count > 0)
            {
                var clone = message.Clone();
                clone.Contents = remaining;
                kept.Add(clone);
            }
        }

        history.Clear();
        history.AddRange(kept);
        return anchor < 0 ? history.Count : anchor;
    }

    private static bool IsFunctionApprovalContent(AIContent content) => content is
        ToolApprovalRequestContent { ToolCall: FunctionCallContent { InformationalOnly: false } } or
        ToolApprovalResponseContent { ToolCall: FunctionCallContent { InformationalOnly: false } };
}
