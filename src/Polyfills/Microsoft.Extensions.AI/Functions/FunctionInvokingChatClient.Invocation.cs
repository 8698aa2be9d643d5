using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.AI;

public partial class FunctionInvokingChatClient
{
    /// <summary>Creates the messages that carry function results back to the model.</summary>
    /// <param name="results">The results of the iteration, in call order.</param>
    /// <returns>The messages to add to the conversation; must not be empty.</returns>
    /// <remarks>The default is one <see cref="ChatRole.Tool"/> message holding a <see cref="FunctionResultContent"/> per result.</remarks>
    protected virtual IList<ChatMessage> CreateResponseMessages(ReadOnlySpan<FunctionInvocationResult> results)
    {
        var contents = new List<AIContent>(results.Length);
        foreach (var result in results)
        {
            contents.Add(CreateResultContent(result));
        }

        return [new ChatMessage(ChatRole.Tool, contents)];
    }

    /// <summary>Invokes the function described by <paramref name="context"/>.</summary>
    /// <param name="context">The invocation about to happen.</param>
    /// <param name="cancellationToken">The token of the request.</param>
    /// <returns>The function's result.</returns>
    /// <remarks>Uses <see cref="FunctionInvoker"/> when set, otherwise <see cref="AIFunction.InvokeAsync"/>.</remarks>
    protected virtual ValueTask<object?> InvokeFunctionAsync(FunctionInvocationContext context, CancellationToken cancellationToken)
    {
        _ = Throw.IfNull(context);
        return FunctionInvoker is { } invoker
            ? invoker(context, cancellationToken)
            : context.Function.InvokeAsync(context.Arguments, cancellationToken);
    }

    private FunctionResultContent CreateResultContent(FunctionInvocationResult result)
    {
        if (result.Status == FunctionInvocationStatus.RanToCompletion)
        {
            if (result.Result is FunctionResultContent frc && frc.CallId == result.CallContent.CallId)
            {
                return frc;
            }

            return new FunctionResultContent(result.CallContent.CallId, result.Result ?? "Success: Function completed.");
        }

        var message = result.Status switch
        {
            FunctionInvocationStatus.NotFound => $"Error: Requested function \"{result.CallContent.Name}\" not found.",
            FunctionInvocationStatus.Exception => "Error: Function failed.",
            _ => "Error: Unknown error.",
        };

        if (IncludeDetailedErrors && result.Exception is not null)
        {
            message += " Exception: " + result.Exception.Message;
        }

        return new FunctionResultContent(result.CallContent.CallId, message) { Exception = result.Exception };
    }

    private static ChatResponseUpdate ToolResultUpdate(ChatMessage message, string? conversationId, string toolResponseId) => new()
    {
        AdditionalProperties = message.AdditionalProperties,
        AuthorName = message.AuthorName,
        ConversationId = conversationId,
        CreatedAt = DateTimeOffset.UtcNow,
        Contents = message.Contents,
        RawRepresentation = message.RawRepresentation,
        ResponseId = toolResponseId,
        MessageId = toolResponseId,
        Role = message.Role,
    };

    private async Task<InvocationOutcome> InvokeCallsAsync(
        List<ChatMessage> history, ChatOptions? options, List<FunctionCallContent> calls, int iteration, int consecutiveErrors, bool isStreaming, CancellationToken cancellationToken)
    {
        FunctionInvocationResult[] results;
        if (AllowConcurrentInvocation && calls.Count > 1)
        {
            results = await Task.WhenAll(calls.Select((call, index) =>
                InvokeOneAsync(history, options, call, iteration, index, calls.Count, captureExceptions: true, isStreaming, cancellationToken)));
        }
        else
        {
            var serial = new List<FunctionInvocationResult>(calls.Count);
            for (var i = 0; i < calls.Count; i++)
            {
                var result = await InvokeOneAsync(
                    history, options, calls[i], iteration, i, calls.Count, captureExceptions: consecutiveErrors < MaximumConsecutiveErrorsPerRequest, isStreaming, cancellationToken);
                serial.Add(result);
                if (result.Terminate)
                {
                    break;
                }
            }

            results = [.. serial];
        }

        // Processed calls are marked so an outer function-invoking client does not run them again.
        foreach (var call in calls)
        {
            call.InformationalOnly = true;
        }

        var added = CreateResponseMessages(results);
        if (added is null || added.Count == 0)
        {
            throw new InvalidOperationException($"{nameof(CreateResponseMessages)} returned no messages.");
        }

        history.AddRange(added);

        var errors = added.SelectMany(m => m.Contents).OfType<FunctionResultContent>()
            .Select(r => r.Exception).OfType<Exception>().ToList();
        if (errors.Count > 0)
        {
            consecutiveErrors++;
            if (consecutiveErrors > MaximumConsecutiveErrorsPerRequest)
            {
                LogMaximumConsecutiveErrorsExceeded(MaximumConsecutiveErrorsPerRequest);
                if (errors.Count == 1)
                {
                    ExceptionDispatchInfo.Capture(errors[0]).Throw();
                }

                throw new AggregateException(errors);
            }
        }
        else
        {
            consecutiveErrors = 0;
        }

        var terminate = false;
        foreach (var result in results)
        {
            if (result.Terminate)
            {
                LogFunctionRequestedTermination(result.CallContent.Name);
                terminate = true;
            }
        }

        return new InvocationOutcome(added, consecutiveErrors, terminate);
    }

    private async Task<FunctionInvocationResult> InvokeOneAsync(
        List<ChatMessage> history, ChatOptions? options, FunctionCallContent call, int iteration, int index, int count, bool captureExceptions, bool isStreaming, CancellationToken cancellationToken)
    {
        var tool = FindTool(call.Name, options);
        if (tool is not AIFunction function)
        {
            if (tool is null)
            {
                LogFunctionNotFound(call.Name);
            }
            else
            {
                LogNonInvocableFunction(call.Name);
            }

            return new FunctionInvocationResult(terminate: false, FunctionInvocationStatus.NotFound, call, result: null, exception: null);
        }

        var context = new FunctionInvocationContext
        {
            Function = function,
            Arguments = new AIFunctionArguments(call.Arguments) { Services = FunctionInvocationServices },
            Messages = history,
            Options = options,
            CallContent = call,
            Iteration = iteration,
            FunctionCallIndex = index,
            FunctionCount = count,
            IsStreaming = isStreaming,
        };

        var (source, sensitive) = ToolSpanSource();
        using var activity = source?.StartActivity(GenAITelemetry.ExecuteToolOperation + " " + function.Name, ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            _ = activity
                .SetTag(GenAITelemetry.OperationName, GenAITelemetry.ExecuteToolOperation)
                .SetTag(GenAITelemetry.ToolType, "function")
                .SetTag(GenAITelemetry.ToolCallId, call.CallId)
                .SetTag(GenAITelemetry.ToolName, function.Name)
                .SetTag(GenAITelemetry.ToolDescription, function.Description);
            if (sensitive)
            {
                _ = activity.SetTag(GenAITelemetry.ToolCallArguments, Serialize(call.Arguments));
            }
        }

        var started = Stopwatch.GetTimestamp();
        if (_logger.IsEnabled(LogLevel.Trace))
        {
            LogInvokingSensitive(function.Name, Serialize(call.Arguments));
        }
        else if (_logger.IsEnabled(LogLevel.Debug))
        {
            LogInvoking(function.Name);
        }

        object? result;
        CurrentContext = context;
        try
        {
            result = await InvokeFunctionAsync(context, cancellationToken);
        }
        catch (Exception ex) when (captureExceptions && !cancellationToken.IsCancellationRequested)
        {
            MarkFailed(activity, ex);
            LogInvocationFailed(function.Name, ex);
            return new FunctionInvocationResult(context.Terminate, FunctionInvocationStatus.Exception, call, result: null, ex);
        }
        catch (Exception ex)
        {
            MarkFailed(activity, ex);
            if (ex is OperationCanceledException)
            {
                LogInvocationCanceled(function.Name);
            }
            else
            {
                LogInvocationFailed(function.Name, ex);
            }

            throw;
        }
        finally
        {
            CurrentContext = null;
        }

        var duration = Stopwatch.GetElapsedTime(started);
        if (_logger.IsEnabled(LogLevel.Trace))
        {
            LogInvocationCompletedSensitive(function.Name, duration, Serialize(result));
        }
        else if (_logger.IsEnabled(LogLevel.Debug))
        {
            LogInvocationCompleted(function.Name, duration);
        }

        if (activity is { IsAllDataRequested: true } && sensitive)
        {
            _ = activity.SetTag(GenAITelemetry.ToolCallResult, Serialize(result));
        }

        return new FunctionInvocationResult(context.Terminate, FunctionInvocationStatus.RanToCompletion, call, result, exception: null);
    }

    /// <summary>Where tool spans go: an enclosing agent span's source, else the telemetry client below this one.</summary>
    private (ActivitySource? Source, bool Sensitive) ToolSpanSource()
    {
        if (Activity.Current is { } current && GenAITelemetry.IsAgentOrWorkflowSpan(current.DisplayName))
        {
            return (current.Source, current.GetCustomProperty(GenAITelemetry.SensitiveDataProperty) as string == "true");
        }

        return (_activitySource, InnerClient.GetService<OpenTelemetryChatClient>()?.EnableSensitiveData is true);
    }

    private static void MarkFailed(Activity? activity, Exception ex)
    {
        if (activity is not null)
        {
            _ = activity.SetTag(GenAITelemetry.ErrorType, ex.GetType().FullName)
                .SetStatus(ActivityStatusCode.Error, ex.Message);
        }
    }

    private static string Serialize(object? value)
    {
        try
        {
            return value is null ? "null" : JsonSerializer.Serialize(value, AIJsonUtilities.DefaultOptions.GetTypeInfo(value.GetType()));
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException)
        {
            return "{}";
        }
    }

    private readonly record struct InvocationOutcome(IList<ChatMessage> MessagesAdded, int ConsecutiveErrors, bool Terminate);
}
